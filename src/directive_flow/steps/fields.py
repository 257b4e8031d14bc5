"""A submission's data checked against its deliverable's fields.

Data is a mapping of field name to value, or to ``{value: ..., unit: ...}`` when the sender
states the unit (it must then be the declared one). Types: ``integer`` (whole number),
``number``, ``percent`` (0-100), ``text``, ``boolean``, ``date``.

Figures typed as text (a form, a spreadsheet copy) are read the Vietnamese way: ``.``
groups thousands and ``,`` marks decimals (``1.250,5`` is 1250.5, ``1.250`` is 1250);
a point followed by other than three digits is a decimal point (``3.5``). A figure read
from text meets the same number rule as one given as a number (finite, within
``±MAX_NUMBER``: :func:`directive_flow.steps.intake.in_range`). Booleans may be
``có``/``không`` or ``true``/``false``; dates ``2024-07-31`` or ``31/7/2024``.

A figure lies within the field's ``min`` and ``max`` (:func:`bounds`): an ``integer`` is a
count, never below 0 unless its field sets ``min``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from directive_flow.definition.agencies import fold
from directive_flow.definition.diagnostics import suggest
from directive_flow.domain import YEARS, FieldType
from directive_flow.steps.intake import in_range, out_of_range

__all__ = ["bounds", "check_data", "day_of", "parse_number"]

_VN_GROUPED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_VN_PLAIN = re.compile(r"[+-]?\d+(?:,\d+)?")
_POINT = re.compile(r"[+-]?\d*\.\d+")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_TRUE, _FALSE = {"co", "true", "dung", "x"}, {"khong", "false", "sai"}
_FIGURES = frozenset({FieldType.INTEGER, FieldType.NUMBER, FieldType.PERCENT})


def check_data(
    fields: Sequence[Mapping[str, Any]], data: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The data normalised to ``{name: value}``, and every problem found."""
    by_name = {str(f["name"]): f for f in fields}
    problems: list[str] = []
    clean: dict[str, Any] = {}
    for name in sorted(set(data) - set(by_name)):
        hint = suggest(name, by_name) if by_name else " (this deliverable declares no fields)"
        problems.append(f"{name}: unknown field{hint}")
    for name, spec in by_name.items():
        if _absent(data.get(name)):
            if spec.get("required", True):
                problems.append(f"{name}: missing required field ({spec['label']})")
            continue
        value, problem = _check_value(spec, data[name])
        if problem:
            problems.append(f"{name}: {problem}")
        else:
            clean[name] = value
    return clean, problems


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_value(spec: Mapping[str, Any], raw: Any) -> tuple[Any, str | None]:
    value = raw
    if isinstance(raw, Mapping):
        if set(raw) - {"value", "unit"} or "value" not in raw:
            return None, "give a value, or a mapping with 'value' and 'unit'"
        value, unit = raw["value"], raw.get("unit")
        declared = spec.get("unit")
        if unit is not None and str(unit).strip().casefold() != str(declared).casefold():
            expected = f"'{declared}'" if declared else "no unit"
            return None, f"unit '{unit}' is not the declared unit ({expected})"
    figure, problem = _typed(FieldType(spec["type"]), value)
    if problem is None:
        problem = _outside(spec, value, figure)
    return (None, problem) if problem else (figure, None)


def bounds(spec: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """The smallest and largest figure a field takes (None: no bound); an ``integer``
    field counts from 0 unless it sets ``min``."""
    low, high = spec.get("min"), spec.get("max")
    if low is None and spec.get("type") == FieldType.INTEGER:
        low = 0
    return low, high


def _outside(spec: Mapping[str, Any], written: Any, figure: Any) -> str | None:
    """Why a checked figure is refused by its field's bounds, if it is (``written`` is
    what was sent, echoed as it came)."""
    if spec.get("type") not in _FIGURES:
        return None
    low, high = bounds(spec)
    if low is not None and figure < low:
        return f"{_shown(written)} is below the minimum {_bound(low)}"
    if high is not None and figure > high:
        return f"{_shown(written)} is above the maximum {_bound(high)}"
    return None


def _bound(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _typed(kind: FieldType, value: Any) -> tuple[Any, str | None]:
    if kind in (FieldType.INTEGER, FieldType.NUMBER, FieldType.PERCENT):
        return _numeric(kind, value)
    if kind == FieldType.BOOLEAN:
        return _boolean(value)
    if kind == FieldType.DATE:
        return _date(value)
    if isinstance(value, str) and value.strip():
        return value.strip(), None
    return None, f"expected text, got {_shown(value)}"


def _numeric(kind: FieldType, value: Any) -> tuple[Any, str | None]:
    number = parse_number(value) if isinstance(value, str) else value
    if not isinstance(number, int | float) or isinstance(number, bool):
        number = None
    elif not in_range(number):  # "9"*400 as text is float("inf"): refused like 1e400
        return None, out_of_range(_shown(value))
    if kind == FieldType.INTEGER:
        if number is not None and float(number).is_integer():
            return int(number), None
        return None, f"expected a whole number, got {_shown(value)}{_hint(value)}"
    if number is None:
        return None, f"expected a number, got {_shown(value)}{_hint(value)}"
    if kind == FieldType.PERCENT and not 0 <= number <= 100:
        return None, f"expected a percentage between 0 and 100, got {_shown(value)}"
    return number, None


def parse_number(text: str) -> int | float | None:
    """A figure written as text, the Vietnamese way (see the module docstring), or None."""
    compact = _SPACES.sub("", text)
    if _VN_GROUPED.fullmatch(compact) or _VN_PLAIN.fullmatch(compact):
        plain = compact.replace(".", "").replace(",", ".")
    elif _POINT.fullmatch(compact):
        plain = compact
    else:
        return None
    number = float(plain)
    return int(number) if "." not in plain and abs(number) < 2**53 else number


def _hint(value: Any) -> str:
    if isinstance(value, str) and re.search(r"\d,\d{3}\.\d", value):
        return " (write numbers the Vietnamese way: 1.250,5)"
    return ""


def _boolean(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    word = fold(value) if isinstance(value, str) else None
    if word in _TRUE or word in _FALSE:
        return word in _TRUE, None
    return None, f"expected true or false (có / không), got {_shown(value)}"


def day_of(value: Any) -> date:
    """A day as a person types it in a form (``31/07/2024`` or ``2024-07-31``); a
    ``ValueError`` with the fields' own message otherwise."""
    day, problem = _date(value)
    if problem is not None:
        raise ValueError(problem)
    return date.fromisoformat(day)


def _date(value: Any) -> tuple[Any, str | None]:
    """A day (ISO or Vietnamese ``31/07/2024``) within ``YEARS``, as ISO text."""
    if isinstance(value, datetime):  # a YAML timestamp: its day
        value = value.date()
    try:
        if isinstance(value, date):
            day = value
        elif match := _DMY.fullmatch(text := str(value).strip()):
            dd, mm, yyyy = (int(g) for g in match.groups())
            day = date(yyyy, mm, dd)
        else:
            day = date.fromisoformat(text)
    except ValueError:
        return None, f"expected a date (31/07/2024 or 2024-07-31), got {_shown(value)}"
    first, last = YEARS
    if not first <= day.year <= last:
        return None, f"date {day.isoformat()} is outside the years {first}-{last}"
    return day.isoformat(), None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."
