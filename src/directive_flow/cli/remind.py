"""``directive-flow remind``: queue today's reminders in the outbox and deliver them."""

from __future__ import annotations

import argparse
from typing import Any

from directive_flow.cli.common import add_format, iso_date
from directive_flow.cli.output import to_json

EXAMPLE = """examples:
  directive-flow remind                              # today: queue, then deliver
  directive-flow remind --day 2027-01-04 --dry-run   # what a later day would send"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "remind",
        help="queue the reminders due today and deliver the outbox (the remind flow's step)",
        description="Decide the reminder stages due on the day (nothing on a day off), write "
        "them to the outbox once each, then deliver what the outbox holds. A later day than "
        "today only with --dry-run, which decides and writes nothing.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--day", type=iso_date, default=None, help="the day (default: today)")
    parser.add_argument("--directive", default=None, metavar="ID", help="one directive only")
    parser.add_argument(
        "--dry-run", action="store_true", help="decide only; write and send nothing"
    )
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Queue, deliver, print the counts."""
    from directive_flow.cli.db import store_session
    from directive_flow.notify import DeliverySettings
    from directive_flow.settings import get_settings
    from directive_flow.steps.common import local_today
    from directive_flow.steps.deliver import deliver_outbox
    from directive_flow.steps.remind import queue_reminders
    from directive_flow.store.db import open_store

    day = args.day or local_today()
    with store_session() as session:
        queued = queue_reminders(session, today=day, directive=args.directive, dry_run=args.dry_run)
    result: dict[str, Any] = {"queue": queued.to_json()}
    if not args.dry_run:
        settings = get_settings()
        sent = deliver_outbox(
            open_store(settings.database_url), settings=DeliverySettings.from_settings(settings)
        )
        result["delivery"] = sent.to_json()
    if args.format == "json":
        print(to_json(result))
    else:
        print(f"{day:%d/%m/%Y}: {queued.summary()}")
        if not args.dry_run:
            print(f"gửi thư: {sent.summary()}")
        for step in queued.send if args.dry_run else ():
            print(f"  {step.key} -> {step.recipient}")
    return 0
