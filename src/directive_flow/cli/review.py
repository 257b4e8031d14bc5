"""``directive-flow review DIRECTIVE TASK --accept | --return --reason TEXT``."""

from __future__ import annotations

import argparse

from directive_flow.cli.common import add_format
from directive_flow.cli.db import actor, add_actor, add_task, store_session
from directive_flow.cli.output import to_json
from directive_flow.errors import UsageError

EXAMPLE = """examples:
  directive-flow review test-1-tb-vp supply-data/so-yt --accept --as vp-ubnd
  directive-flow review test-1-tb-vp supply-data/so-yt --return --reason "Thiếu số liệu quý II" """


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "review",
        help="accept a submission, or return it with a reason (the task reopens)",
        description="Decide on a task's latest submission.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_task(parser)
    decision = parser.add_mutually_exclusive_group(required=True)
    decision.add_argument(
        "--accept", action="store_const", const="accept", dest="decision", help="accept it"
    )
    decision.add_argument(
        "--return",
        action="store_const",
        const="return",
        dest="decision",
        help="return it: the task reopens (needs --reason)",
    )
    parser.add_argument(
        "--reason", default=None, metavar="TEXT", help="why it is returned (shown to the agency)"
    )
    parser.add_argument(
        "--version",
        type=int,
        default=None,
        metavar="N",
        dest="seen",
        help="the version you read (`show`): refused if a newer one came in since",
    )
    add_format(parser)
    add_actor(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Review and print the outcome."""
    from directive_flow.domain import Decision
    from directive_flow.steps.review import review

    if args.decision == "return" and not args.reason:
        raise UsageError("--return needs --reason TEXT")
    with store_session() as session:
        version = review(
            session,
            directive=args.directive,
            task=args.task,
            decision=Decision(args.decision),
            reason=args.reason,
            actor=actor(args),
            version=args.seen,
        )
    if args.format == "json":
        result = {"directive": args.directive, "task": args.task, "version": version}
        print(to_json(result | {"decision": args.decision, "reason": args.reason}))
        return 0
    if args.lang == "en":
        verb = "accepted" if args.decision == "accept" else "returned (the task is open again)"
        print(f"{args.directive} {args.task}: version {version} {verb}")
    else:
        verb = "được chấp nhận" if args.decision == "accept" else "bị trả lại (nhiệm vụ mở lại)"
        print(f"{args.directive} {args.task}: phiên bản {version} {verb}")
    return 0
