"""``directive-flow open-period``: open the tasks of recurring duties for a period."""

from __future__ import annotations

import argparse

from directive_flow.cli.common import add_format
from directive_flow.cli.db import actor, add_actor
from directive_flow.cli.output import to_json
from directive_flow.texts.refusals import error_lines

EXAMPLE = """examples:
  directive-flow open-period                  # the half-year whose data window holds today
  directive-flow open-period H1-2027 --format json"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "open-period",
        help="open the recurring duties' tasks of a period (the open-period flow's step)",
        description="Register every active directive with a recurring duty again, from its "
        "stored text, as of the period's first day: the period's tasks come to exist. "
        "Opening a period twice changes nothing.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "period",
        nargs="?",
        default=None,
        metavar="PERIOD",
        help="H1-2027, Q3-2027, M08-2027, Y-2027",
    )
    add_format(parser)
    add_actor(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Open and print what was added; exit 1 if a directive could not be opened."""
    from directive_flow.calendar import period_of_data_day
    from directive_flow.settings import get_settings
    from directive_flow.steps.common import local_today
    from directive_flow.steps.open_period import open_period
    from directive_flow.store.db import open_store

    today = local_today()
    label = args.period or period_of_data_day(today, "half-year").label
    engine = open_store(get_settings().database_url)
    report = open_period(engine, period=label, today=today, actor=actor(args))
    if args.format == "json":
        print(to_json(report.to_json()))
    elif args.lang == "en":
        for item in report.directives:
            print(f"{item.directive}: {item.outcome}" + (f" ({item.error})" if item.error else ""))
        print(f"{report.period}: {len(report.added)} task(s) opened")
    else:
        for item in report.directives:
            said = OUTCOMES.get(item.outcome, item.outcome)
            error = f" ({error_lines(item.error)[0]})" if item.error else ""
            print(f"{item.directive}: {said}{error}")
        print(f"{report.period}: đã mở {len(report.added)} nhiệm vụ")
    return 1 if any(d.error for d in report.directives) else 0


OUTCOMES = {"opened": "đã mở kỳ", "unchanged": "không thay đổi", "failed": "lỗi"}
"""A directive's outcome -> its Vietnamese word."""
