"""Argument helpers shared by commands."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from directive_flow.domain import YEARS
from directive_flow.errors import Problem, UsageError
from directive_flow.texts.definitions import problem_message


def iso_date(text: str) -> date:
    """Parse a date argument (``--as-of``, ``--day``, ``--until``, ``--received-on``).

    Every date argument takes the one type, so one window holds on all of them: the
    years a definition may speak of (:data:`YEARS`), which keeps date arithmetic in range.
    A day outside them is a :class:`UsageError` (``main`` prints it on one line, exit 2).
    """
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None
    if not YEARS[0] <= day.year <= YEARS[1]:  # argparse lets this through to main: exit 2
        raise UsageError(
            f"the day {text} is outside the years {YEARS[0]}-{YEARS[1]}: give a plausible day"
        )
    return day


MAX_LATE_DAYS = 3660  # as a definition's own working_days


def late_spec(text: str) -> tuple[str, int]:
    """Parse ``CODE=DAYS`` for ``--late``."""
    code, sep, days = text.partition("=")
    if not sep or not code or not days.isdecimal() or not days.isascii():
        raise argparse.ArgumentTypeError(f"'{text}' is not CODE=DAYS (e.g. so-yt=5)")
    if len(days) > 4 or int(days) > MAX_LATE_DAYS:
        raise argparse.ArgumentTypeError(
            f"'{text}': at most {MAX_LATE_DAYS} working days late (ten years)"
        )
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


def problem_json(problem: Problem, lang: str) -> dict[str, Any]:
    """A located problem for ``--format json``: ``message`` as shown in ``lang``,
    ``message_en`` the exact English (the same in every language, for scripts)."""
    return {
        "path": problem.path,
        "line": problem.line,
        "col": problem.col,
        "message": problem_message(problem.message, lang),
        "message_en": problem.message,
    }
