"""Argument helpers shared by commands."""

from __future__ import annotations

import argparse
from datetime import date

from directive_flow.errors import UsageError


def iso_date(text: str) -> date:
    """Parse an ``--as-of`` style date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def late_spec(text: str) -> tuple[str, int]:
    """Parse ``CODE=DAYS`` for ``--late``."""
    code, sep, days = text.partition("=")
    if not sep or not code or not days.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not CODE=DAYS (e.g. so-yt=5)")
    return code.strip(), int(days)


def check_agencies(codes: list[str], known: list[str]) -> None:
    """Refuse agency codes the registry does not know, with a suggestion."""
    from directive_flow.definition.diagnostics import suggest

    for code in codes:
        if code not in known:
            raise UsageError(f"--late: unknown agency '{code}'{suggest(code, known)}")


def add_format(parser: argparse.ArgumentParser, *others: str) -> None:
    """``--format text|json`` (and ``others``): text for people, strict JSON for scripts."""
    parser.add_argument(
        "--format", choices=("text", "json", *others), default="text", help="output format"
    )
