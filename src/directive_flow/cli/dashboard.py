"""``directive-flow dashboard``: each directive's progress, table and summary, as text or JSON."""

from __future__ import annotations

import argparse

from directive_flow.cli.common import add_format, iso_date
from directive_flow.cli.output import to_json

EXAMPLE = """examples:
  directive-flow dashboard kontum-2014-975-tb-vp
  directive-flow dashboard --format json"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "dashboard",
        help="print the dashboards the dashboard flow publishes as artifacts",
        description="Each directive's progress, four-way counts per agency and Vietnamese "
        "summary with the overdue tasks, as the Prefect artifacts show them.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "directive", nargs="?", default=None, metavar="DIRECTIVE", help="one directive"
    )
    parser.add_argument("--as-of", type=iso_date, default=None, help="day (default: today)")
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build and print the dashboards."""
    from directive_flow.cli.db import store_session
    from directive_flow.steps.common import local_today
    from directive_flow.steps.dashboard import dashboard

    with store_session() as session:
        boards = dashboard(session, as_of=args.as_of or local_today(), directive=args.directive)
    if args.format == "json":
        print(to_json([
            {"directive": b.id, "as_of": b.as_of.isoformat(), "progress": b.progress,
             "rows": [dict(r) for r in b.rows], "total": dict(b.total),
             "overdue": [{"task": t.key, "agency": t.agency, "days_overdue": t.days_overdue} for t in b.overdue]}
            for b in boards
        ]))  # fmt: skip
    else:
        empty = "no directive is registered" if args.lang == "en" else "chưa đăng ký văn bản nào"
        print("\n".join(b.markdown for b in boards) or empty)
    return 0
