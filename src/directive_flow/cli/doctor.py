"""``directive-flow doctor``: can this installation work? Exit 0 if so, 1 if not.

The text output is Vietnamese: one line per check (its outcome in words, its name, its
detail), then a summary. ``--format json`` keeps the names and outcomes scripts read.
"""

from __future__ import annotations

import argparse
import os

from directive_flow.cli.common import add_format
from directive_flow.cli.output import to_json

OUTCOMES = {"ok": "đạt", "fail": "lỗi", "info": "lưu ý"}  # a check's outcome, in the text

EXAMPLE = """examples:
  directive-flow doctor
  directive-flow doctor --schedules on --format json     # production: schedules must be on
  set -a; . /etc/directive-flow/directive-flow.env; set +a; directive-flow doctor"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "doctor",
        help="check the store, shared folders, SMTP, the Prefect server, workers and schedules",
        description="Check, without sending mail or changing anything: the store answers "
        "and is at this code's schema; DIRECTIVE_FLOW_HOME and its folders take a file; "
        "the SMTP server greets and takes the log-in (or mail goes to the mailbox); the "
        "Prefect server of PREFECT_API_URL answers and takes PREFECT_API_AUTH_STRING; the "
        "work pool's deployments have a worker online and the automations that mark dead "
        "runs Crashed, and this machine's PREFECT_FLOWS_HEARTBEAT_FREQUENCY is 30 (or, "
        "served by directive-flow up, every deployment is ready); which schedules are on. "
        "Exit 1 when a check fails.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--pool", default="directive-flow", metavar="NAME", help="the work pool of prefect.yaml"
    )
    parser.add_argument(
        "--schedules",
        choices=("on", "off"),
        default=None,
        help="fail unless every schedule is on (production) or off (staging)",
    )
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check everything, print the answers."""
    from directive_flow.settings import get_settings
    from directive_flow.steps.health import diagnose

    health = diagnose(get_settings(), os.environ, pool=args.pool, schedules=args.schedules)
    if args.format == "json":
        print(to_json(health.to_json()))
    else:
        said = max(len(word) for word in OUTCOMES.values())
        width = max(len(c.name) for c in health.checks)
        for check in health.checks:
            print(f"{OUTCOMES[check.outcome]:<{said}} {check.name:<{width}}  {check.detail}")
        failed = sum(c.outcome == "fail" for c in health.checks)
        print("mọi mục kiểm tra đều đạt" if health.ok else f"{failed} mục kiểm tra bị lỗi")
    return 0 if health.ok else 1
