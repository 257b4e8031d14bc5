"""``directive-flow history DIRECTIVE TASK``: who did what to a task, and when."""

from __future__ import annotations

import argparse
import json

from directive_flow.cli.common import add_format
from directive_flow.cli.db import add_task
from directive_flow.cli.output import table, to_json

EXAMPLE = "example: directive-flow history test-1-tb-vp supply-data/so-yt --format json"


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "history",
        help="print a task's audit trail",
        description="Every recorded write to a task, oldest first, with its actor.",
        epilog=EXAMPLE,
    )
    add_task(parser)
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read and print the trail."""
    from directive_flow.settings import get_settings
    from directive_flow.steps.history import task_history
    from directive_flow.store.db import open_reader, read_scope

    # A read: no write lock, and it works on a read-only copy of the store.
    with read_scope(open_reader(get_settings().database_url)) as session:
        events = task_history(session, directive=args.directive, task=args.task)
    if args.format == "json":
        print(to_json([e.to_json() for e in events]))
        return 0
    rows = [
        (f"{e.at:%Y-%m-%d %H:%M:%S}Z", e.actor, e.action, _compact(e.before), _compact(e.after))
        for e in events
    ]
    english = ("at (UTC)", "actor", "action", "before", "after")
    heads = english if args.lang == "en" else ("lúc (UTC)", "người làm", "thao tác", "trước", "sau")
    print(table(heads, rows))
    return 0


def _compact(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
