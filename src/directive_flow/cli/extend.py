"""``directive-flow extend DIRECTIVE TASK``: ask for, approve or reject an extension."""

from __future__ import annotations

import argparse
from datetime import date

from directive_flow.cli.common import add_format, iso_date
from directive_flow.cli.db import actor, add_actor, add_task, store_session
from directive_flow.cli.output import to_json
from directive_flow.errors import UsageError
from directive_flow.texts.formats import vn_date

EXAMPLE = """examples:
  directive-flow extend test-1-tb-vp supply-data/so-yt --until 2024-07-31 --reason "Mưa lũ"
  directive-flow extend test-1-tb-vp supply-data/so-yt --approve --as vp-ubnd"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "extend",
        help="request an extension (before the deadline), or approve / reject one",
        description="A request needs --until and --reason and must be made on or before "
        "the deadline. Approval moves the deadline in force; the original is kept.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_task(parser)
    parser.add_argument(
        "--until", type=iso_date, default=None, metavar="DATE", help="the new deadline asked for"
    )
    parser.add_argument("--reason", default=None, metavar="TEXT", help="why more time is needed")
    decision = parser.add_mutually_exclusive_group()
    decision.add_argument(
        "--approve", action="store_const", const=True, dest="approve", help="approve the request"
    )
    decision.add_argument(
        "--reject", action="store_const", const=False, dest="approve", help="reject the request"
    )
    add_format(parser)
    add_actor(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Request or decide, and print the outcome."""
    from directive_flow.steps.extend import decide_extension, request_extension

    with store_session() as session:
        if args.approve is None:
            if args.until is None or not args.reason:
                raise UsageError("a request needs --until DATE and --reason TEXT")
            request_extension(
                session,
                directive=args.directive,
                task=args.task,
                until=args.until,
                reason=args.reason,
                actor=actor(args),
            )
            return _print(args, args.until, "pending")
        request = decide_extension(
            session,
            directive=args.directive,
            task=args.task,
            approve=args.approve,
            actor=actor(args),
        )
    return _print(args, request.requested_until, request.status)


def _print(args: argparse.Namespace, until: date, status: str) -> int:
    if args.format == "json":
        result = {"directive": args.directive, "task": args.task, "until": until.isoformat()}
        print(to_json(result | {"status": status}))
    elif args.lang == "en":
        word = "requested" if status == "pending" else status
        print(f"{args.directive} {args.task}: extension to {until} {word}")
    else:
        said = DONE.get(status, status)
        print(f"{args.directive} {args.task}: {said} gia hạn đến ngày {vn_date(until)}")
    return 0


DONE = {"pending": "đã đề nghị", "approved": "đã chấp thuận", "rejected": "đã từ chối"}
"""An extension request's status -> what was done, in the confirmation."""
