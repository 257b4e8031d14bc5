"""``directive-flow demo``: a simulated half-year of notice 975/TB-VP through the flows."""

from __future__ import annotations

import argparse
from pathlib import Path

EXAMPLE = """examples:
  directive-flow demo                     # against Prefect's test harness
  PREFECT_API_URL=http://127.0.0.1:4200/api directive-flow demo   # against a running server"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "demo",
        help="play a simulated half-year of the reference notice through Prefect",
        description="Register notice 975/TB-VP, let simulated days pass with agencies "
        "submitting (one late, escalated), reminders delivered to a local SMTP server and "
        "the consolidated report built; print what happened.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("demo-output"), help="where to keep its data"
    )
    parser.add_argument("--verbose", action="store_true", help="show every Prefect log line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Play the demo (``flows.demo``, installed with the package)."""
    from flows.demo import run as play

    return play(args.output.resolve(), verbose=args.verbose)
