"""``directive-flow submit DIRECTIVE TASK --agency CODE``: hand in a task's deliverable."""

from __future__ import annotations

import argparse
from pathlib import Path

from directive_flow.cli.common import add_format, iso_date
from directive_flow.cli.db import actor, add_actor, add_task, store_session
from directive_flow.cli.output import to_json
from directive_flow.errors import UsageError

EXAMPLE = """example:
  directive-flow submit kontum-2014-975-tb-vp s6-cung-cap-so-lieu/so-yt --agency so-yt \\
      --data so-lieu.yaml --attach bao-cao.pdf --note "Số liệu 6 tháng" """


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "submit",
        help="submit a task's data and files (a resubmission is a new version)",
        description="Store a submission for a task. Data (YAML or JSON mapping of field "
        "to value) is checked against the deliverable's fields and refused whole with "
        "every problem listed. Attachments: documents (the types of "
        "DIRECTIVE_FLOW_ATTACHMENT_TYPES, their content checked), at most 25 MiB each.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_task(parser)
    parser.add_argument("--agency", required=True, metavar="CODE", help="the submitting agency")
    parser.add_argument("--data", type=Path, metavar="FILE", help="data file (.yaml or .json)")
    parser.add_argument(
        "--attach",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a file to attach (repeatable; 25 MiB each at most)",
    )
    parser.add_argument("--note", default=None, metavar="TEXT", help="a note kept with it")
    parser.add_argument(
        "--received-on",
        type=iso_date,
        default=None,
        metavar="DATE",
        help="the day the office received it on paper (operators; needs --reason)",
    )
    parser.add_argument("--reason", default=None, metavar="TEXT", help="why it is entered late")
    add_format(parser)
    add_actor(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the data, submit, print the version."""
    from directive_flow.settings import get_settings
    from directive_flow.steps.intake import Intake, IntakeFile, read_data_file, received_on
    from directive_flow.steps.submit import submit

    if args.received_on is not None and not args.reason:
        raise UsageError("--received-on needs --reason TEXT (why it is entered late)")
    intake = Intake.of(
        directive=args.directive,
        task=args.task,
        agency=args.agency,
        actor=actor(args),
        data=read_data_file(args.data) if args.data else None,
        note=args.note,
        attachments=tuple(IntakeFile(path.resolve(), path.name) for path in args.attach),
        received_at=received_on(args.received_on) if args.received_on else None,
        received_reason=args.reason,
    )
    with store_session() as session:
        done = submit(session, intake, home=get_settings().home)
    if args.format == "json":
        print(
            to_json(
                {
                    "directive": done.directive,
                    "task": done.key,
                    "version": done.version,
                    "repeated": done.repeated,
                    "attachments": list(done.attachments),
                }
            )
        )
        return 0
    english = args.lang == "en"
    if done.repeated:
        said = (
            f"the same as version {done.version}, kept as it was"
            if english
            else f"giống hệt phiên bản {done.version}, giữ nguyên"
        )
    else:
        said = (
            f"submitted version {done.version}" if english else f"đã nộp phiên bản {done.version}"
        )
    print(f"{done.directive} {done.key}: {said}")
    for digest in done.attachments:
        print(f"  {'attachment' if english else 'tệp đính kèm'} sha256 {digest}")
    return 0
