"""Totals across agencies, and values written the Vietnamese way (``1.234,5``).

Only ``integer`` and ``number`` fields are totalled: adding up percentages, texts or
dates across agencies means nothing. Whole numbers add exactly; a total with fractions
is the exact sum rounded once to a float, whatever the order of the figures.

Whatever is stored renders: a figure that is not finite (``Infinity``, kept by a store
before the intake refused it) is not a valid figure: shown as :data:`INVALID`, never
totalled, never a crash.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import TypeGuard
from zoneinfo import ZoneInfo

from directive_flow.report.model import FieldSpec, Figure, FigureValue
from directive_flow.texts.formats import format_number

__all__ = ["INVALID", "Total", "format_datetime", "format_number", "format_value", "totals"]

INVALID = "không hợp lệ"
"""How a report shows a stored figure that is not a valid number (not finite)."""


@dataclass(frozen=True)
class Total:
    """A field's total across agencies, and how many agencies gave a value."""

    spec: FieldSpec
    value: int | float
    agencies: int


def totals(fields: Sequence[FieldSpec], figures: Sequence[Figure]) -> tuple[Total, ...]:
    """The total of every summable field, in the order the deliverable declares them."""
    return tuple(_total(spec, figures) for spec in fields if spec.summable)


def _total(spec: FieldSpec, figures: Sequence[Figure]) -> Total:
    """Sum one field's numeric values; a missing (``None``) value is left out."""
    numbers = [f.value for f in figures if f.field == spec.name and _is_number(f.value)]
    if all(isinstance(v, int) for v in numbers):
        return Total(spec, sum(int(v) for v in numbers), len(numbers))
    exact = sum((Fraction(v) for v in numbers), Fraction(0))  # fsum would round big ints first
    return Total(spec, float(exact), len(numbers))


def _is_number(value: FigureValue) -> TypeGuard[int | float]:
    """True for ints and finite floats, never for booleans (``True`` is an int in Python)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


def format_value(value: FigureValue) -> str:
    """Any figure as a report cell: numbers, ``Có``/``Không``, ``30/06/2015``, ``—``."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and not math.isfinite(value):
        return INVALID
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return value


def format_datetime(moment: datetime, timezone: str) -> str:
    """``20/06/2015 16:30`` in ``timezone`` when ``moment`` is aware, as given when naive."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(timezone))
    return f"{moment:%d/%m/%Y %H:%M}"
