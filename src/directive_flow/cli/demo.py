"""``directive-flow demo``: a simulated half-year of notice 975/TB-VP through the flows."""

from __future__ import annotations

import argparse
import sys
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
        "the consolidated report built; print what happened. Run it from the project root.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--out", type=Path, default=Path("demo-output"), help="where to keep its data"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Import the demo from the checkout's flows/ and play it."""
    from directive_flow.errors import UsageError

    root = Path.cwd()
    if not (root / "flows" / "demo.py").is_file():
        raise UsageError("run 'directive-flow demo' from the project root (where flows/ is)")
    sys.path.insert(0, str(root))
    from flows.demo import run as play

    return play(args.out.resolve())
