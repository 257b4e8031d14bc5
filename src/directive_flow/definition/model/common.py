"""Building blocks shared by the definition models: the base class and field types."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from directive_flow.definition.echo import quote
from directive_flow.domain import YEARS

YEAR = r"(19|20|21)\d{2}"

PATTERN_MEANINGS: dict[str, str] = {}
"""Regex -> what it asks for in words, for error messages."""


def pattern(regex: str, meaning: str, **kwargs: Any) -> Any:
    """A ``Field`` with a pattern whose errors say ``meaning`` instead of the regex."""
    PATTERN_MEANINGS[regex] = meaning
    kwargs.setdefault("description", meaning[0].upper() + meaning[1:] + ".")
    return Field(pattern=regex, **kwargs)


CODE_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_VN_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


class Model(BaseModel):
    """Frozen, strict about unknown keys: a misspelt key in a directive must fail."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _vn_date(value: Any) -> Any:
    """Accept ``30/6/2015`` (how notices write dates) besides ISO ``2015-06-30``."""
    if isinstance(value, str) and (match := _VN_DATE.match(value)):
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"invalid date {quote(value.strip())}: {exc}") from None
    return value


def _in_years(value: date) -> date:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise ValueError(f"{value.isoformat()} is outside the years {YEARS[0]}-{YEARS[1]}")
    return value


Code = Annotated[
    str,
    pattern(
        CODE_PATTERN,
        "an id of lowercase ASCII letters, digits and dashes",
        max_length=80,
        description="Stable id: lowercase ASCII letters, digits and dashes, e.g. `so-ldtbxh`.",
    ),
]
"""An id of an agency, group, assignment or directive."""

Text = Annotated[str, Field(min_length=1), AfterValidator(_nfc)]
"""Non-empty Vietnamese text, NFC-normalised."""

DATE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": r"^\d{1,2}/\d{1,2}/\d{4}$"},
    ],
    "description": "A date: 2014-07-10 or 10/7/2014.",
}
"""How editors see a date (YAML dates are strings to a JSON Schema)."""

Day = Annotated[
    date,
    BeforeValidator(_vn_date),
    AfterValidator(_in_years),
    WithJsonSchema(DATE_SCHEMA),
]
"""A calendar date, written ISO (2014-07-10) or the Vietnamese way (10/7/2014)."""


def _line_range(value: tuple[int, int]) -> tuple[int, int]:
    start, end = value
    if start < 1 or end < start:
        raise ValueError(
            f"a line range is [first, last] with 1 <= first <= last, not {list(value)}"
        )
    return value


Lines = Annotated[
    tuple[int, int],
    AfterValidator(_line_range),
    Field(description="First and last line of the source text, e.g. [17, 19]."),
]
