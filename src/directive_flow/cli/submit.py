"""``directive-flow submit DIRECTIVE TASK --agency CODE``: hand in a task's deliverable."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from directive_flow.cli.db import actor, add_actor, add_task, store_session
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
        "every problem listed. Attachments: at most 25 MiB each.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_task(parser)
    parser.add_argument("--agency", required=True, metavar="CODE", help="the submitting agency")
    parser.add_argument("--data", type=Path, metavar="FILE", help="data file (.yaml or .json)")
    parser.add_argument("--attach", type=Path, action="append", default=[], metavar="FILE")
    parser.add_argument("--note", default=None, metavar="TEXT")
    add_actor(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the data, submit, print the version."""
    from directive_flow.settings import get_settings
    from directive_flow.steps.submit import submit

    data = read_data(args.data) if args.data else None
    with store_session() as session:
        done = submit(
            session,
            directive=args.directive,
            task=args.task,
            agency=args.agency,
            actor=actor(args),
            home=get_settings().home,
            data=data,
            attachments=args.attach,
            note=args.note,
        )
    print(f"{done.directive} {done.key}: submitted version {done.version}")
    for digest in done.attachments:
        print(f"  attachment sha256 {digest}")
    return 0


def read_data(path: Path) -> dict[str, Any]:
    """A mapping from a .json or .yaml file."""
    if not path.is_file():
        raise UsageError(f"--data: no such file '{path}'")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise UsageError(f"--data: {path}: invalid JSON: {exc}") from None
    else:
        from directive_flow.definition.yamlio import read_yaml

        data = read_yaml(path).data
    if not isinstance(data, dict):
        raise UsageError(f"--data: {path}: expected a mapping of field name to value")
    return data
