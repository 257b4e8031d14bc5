"""``directive-flow collect``: take the submissions agencies dropped in the inbox folder."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from directive_flow.cli.common import add_format
from directive_flow.cli.output import table, to_json
from directive_flow.texts.refusals import error_lines

if TYPE_CHECKING:
    from directive_flow.steps.collect import CollectReport

EXAMPLE = """examples:
  directive-flow collect
  directive-flow collect --settle 0 --format json     # take folders at once (a script)"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "collect",
        help="take the inbox's settled folders, each once (the collect flow's step)",
        description="Read <home>/inbox/<agency>/<directive>/<task>/ folders one by one: a "
        "settled folder becomes a submission, a bad one moves to .rejected with its reason.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="take a folder once it has been unchanged this long across two looks",
    )
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Collect and print each folder's outcome; exit 1 if any folder failed."""
    from directive_flow.settings import get_settings
    from directive_flow.steps.collect import collect_inbox
    from directive_flow.store.db import open_store

    settings = get_settings()
    report = collect_inbox(
        open_store(settings.database_url), home=settings.home, settle_seconds=args.settle
    )
    if args.format == "json":
        print(to_json(report.to_json()))
    else:
        print(render(report, args.lang))
    return 1 if report.counts["failed"] else 0


def render(report: CollectReport, lang: str) -> str:
    """One row per folder (its outcome and problems in Vietnamese but for ``en``), or a
    line saying the inbox is empty."""
    from directive_flow.steps.inbox_words import OUTCOME_WORDS  # the artifact's words too

    english = lang == "en"
    rows = [
        (
            o.folder,
            o.outcome if english else OUTCOME_WORDS.get(o.outcome, o.outcome),
            o.version or "",
            "; ".join(o.problems if english else [error_lines(p)[0] for p in o.problems]),
        )
        for o in report.outcomes
    ]
    if not rows:
        return "inbox: nothing to collect" if english else "hộp thư đến: không có gì để nhận"
    return table(("thư mục", "kết quả", "phiên bản", "vấn đề"), rows)
