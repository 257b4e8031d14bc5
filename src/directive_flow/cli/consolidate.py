"""``directive-flow consolidate``: build the consolidated report of a consolidating task."""

from __future__ import annotations

import argparse

from directive_flow.cli.common import add_format
from directive_flow.cli.db import actor, add_actor
from directive_flow.cli.output import to_json

EXAMPLE = """examples:
  directive-flow consolidate                         # every task whose suppliers are all accepted
  directive-flow consolidate kontum-2014-975-tb-vp s1-hoan-chinh-bao-cao-6-thang/so-ldtbxh --partial"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "consolidate",
        help="build consolidated reports (Markdown and Word) (the consolidate flow's step)",
        description="Build the report of the named consolidating task, or of every one whose "
        "live suppliers are all accepted. --partial builds it now, marked partial, listing "
        "what is missing.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "directive", nargs="?", default=None, metavar="DIRECTIVE", help="directive id"
    )
    parser.add_argument(
        "task", nargs="?", default=None, metavar="TASK", help="the consolidating task"
    )
    parser.add_argument(
        "--partial", action="store_true", help="build it even with suppliers missing"
    )
    add_format(parser)
    add_actor(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build and print where the files are."""
    from directive_flow.errors import UsageError
    from directive_flow.settings import get_settings
    from directive_flow.steps.consolidate import consolidate, ready_to_consolidate
    from directive_flow.store.db import open_store, session_scope

    if (args.directive is None) != (args.task is None):
        raise UsageError("give DIRECTIVE and TASK together, or neither (every ready task)")
    settings = get_settings()
    engine = open_store(settings.database_url)
    if args.directive:
        targets = [(args.directive, args.task)]
    else:
        with session_scope(engine) as session:
            targets = ready_to_consolidate(session)
    built = [
        consolidate(
            engine, directive=d, task=t, home=settings.home, partial=args.partial, actor=actor(args)
        )
        for d, t in targets
    ]
    if args.format == "json":
        print(to_json([_json(b) for b in built]))
        return 0
    english = args.lang == "en"
    for report in built:
        if english:
            kind = "partial report" if report.partial else "final report"
        else:
            kind = "báo cáo tạm (chưa đủ số liệu)" if report.partial else "báo cáo chính thức"
        print(f"{report.directive} {report.task}: {kind} {report.docx_path}")
    print(f"{len(built)} report(s) built" if english else f"Đã lập {len(built)} báo cáo")
    return 0


def _json(report: object) -> dict[str, object]:
    from directive_flow.steps.consolidate import Consolidation

    assert isinstance(report, Consolidation)
    return {
        "directive": report.directive,
        "task": report.task,
        "partial": report.partial,
        "markdown": str(report.markdown_path),
        "docx": str(report.docx_path),
        "missing": [f"{m.agency}: {m.what}" for m in report.missing],
    }
