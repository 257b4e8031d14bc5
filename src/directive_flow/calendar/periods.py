"""Reporting periods and their data windows, per Decree 09/2019/NĐ-CP, article 12.

A period has calendar bounds (``start``..``end``: H1 is 1 January to 30 June) and a data
window (``data_start``..``cutoff``) that runs from the 15th of the month before the period
to the 14th of its last month: H1 covers 15 December of the previous year to 14 June, the
year 15 December to 14 December. The data windows of consecutive periods of one kind tile
without gap or overlap.

Pure Python: no Prefect, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from typing import Final, Literal, get_args

__all__ = ["Period", "PeriodKind", "period_containing", "periods_between"]

PeriodKind = Literal["half-year", "year", "quarter", "month"]

_MONTHS: Final[dict[str, int]] = {"half-year": 6, "year": 12, "quarter": 3, "month": 1}
_PREFIX: Final[dict[str, str]] = {"half-year": "H", "year": "Y", "quarter": "Q", "month": "M"}
_KIND_OF_PREFIX: Final[dict[str, PeriodKind]] = {
    "H": "half-year",
    "Y": "year",
    "Q": "quarter",
    "M": "month",
}
_LABEL = re.compile(r"(?:(H)([12])|(Q)([1-4])|(M)(0[1-9]|1[0-2])|(Y))-(\d{4})", re.ASCII)
_ACCEPTED = "H1-YYYY, H2-YYYY, Q1-YYYY..Q4-YYYY, M01-YYYY..M12-YYYY or Y-YYYY"
_ROMAN: Final = ("I", "II", "III", "IV")
_DATA_START_DAY = 15  # the data window opens on the 15th of the month before the period
_CUTOFF_DAY = 14  # and closes on the 14th of the period's last month


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: ``kind``, ``year`` and ``index`` within the year.

    ``index`` is 1..2 for a half-year, 1..4 for a quarter, 1..12 for a month and 1 for a
    year. Periods of the same kind order chronologically.
    """

    kind: PeriodKind
    year: int
    index: int

    def __post_init__(self) -> None:
        """Reject unknown kinds, out-of-range indexes and unrepresentable years."""
        _check_kind(self.kind)
        if not 1 <= self.index <= _per_year(self.kind):
            raise ValueError(f"a {self.kind} index must be 1..{_per_year(self.kind)}")
        if not MINYEAR <= self.year <= MAXYEAR:
            raise ValueError(f"year must be {MINYEAR}..{MAXYEAR}, got {self.year}")

    @classmethod
    def parse(cls, label: str) -> Period:
        """Parse ``H1-2026``, ``H2-2014``, ``Q3-2026``, ``M08-2026`` or ``Y-2026``.

        Case-insensitive; surrounding spaces are ignored. Raises ``ValueError`` otherwise.
        """
        match = _LABEL.fullmatch(label.strip().upper())
        if match is None:
            raise ValueError(f"invalid period label {label!r}; expected {_ACCEPTED}")
        prefix, number, year = _parts(match)
        return cls(_KIND_OF_PREFIX[prefix], int(year), int(number))

    @property
    def label(self) -> str:
        """The canonical label: ``H1-2026``, ``Q3-2026``, ``M08-2026``, ``Y-2026``."""
        prefix = _PREFIX[self.kind]
        if self.kind == "year":
            return f"{prefix}-{self.year:04d}"
        width = 2 if self.kind == "month" else 1
        return f"{prefix}{self.index:0{width}d}-{self.year:04d}"

    @property
    def start(self) -> date:
        """The first calendar day of the period."""
        return date(self.year, self._first_month, 1)

    @property
    def end(self) -> date:
        """The last calendar day of the period."""
        return _month_start(self.year, self._first_month + _MONTHS[self.kind]) - timedelta(1)

    @property
    def data_start(self) -> date:
        """The first day of the data window: the 15th of the month before the period."""
        return _month_start(self.year, self._first_month - 1).replace(day=_DATA_START_DAY)

    @property
    def cutoff(self) -> date:
        """The last day of the data window: the 14th of the period's last month."""
        last_month = self._first_month + _MONTHS[self.kind] - 1
        return date(self.year, last_month, _CUTOFF_DAY)

    def next(self) -> Period:
        """The following period of the same kind."""
        return self._shift(1)

    def previous(self) -> Period:
        """The preceding period of the same kind."""
        return self._shift(-1)

    @property
    def vietnamese(self) -> str:
        """The period as Vietnamese documents write it, e.g. ``quý III năm 2026``."""
        match self.kind:
            case "half-year":
                half = "đầu" if self.index == 1 else "cuối"
                return f"6 tháng {half} năm {self.year}"
            case "year":
                return f"năm {self.year}"
            case "quarter":
                return f"quý {_ROMAN[self.index - 1]} năm {self.year}"
            case "month":
                return f"tháng {self.index} năm {self.year}"

    @property
    def _first_month(self) -> int:
        """The period's first calendar month, 1..12."""
        return (self.index - 1) * _MONTHS[self.kind] + 1

    def _ordinal(self) -> int:
        """A running count of periods of this kind, for arithmetic."""
        return self.year * _per_year(self.kind) + self.index - 1

    def _shift(self, steps: int) -> Period:
        """The period ``steps`` periods away, of the same kind."""
        return _from_ordinal(self.kind, self._ordinal() + steps)


def periods_between(first: Period, last: Period) -> list[Period]:
    """Every period from ``first`` to ``last`` inclusive; empty if ``last`` precedes ``first``.

    Raises ``ValueError`` when the two periods are of different kinds.
    """
    if first.kind != last.kind:
        raise ValueError(f"periods of different kinds: {first.label} and {last.label}")
    ordinals = range(first._ordinal(), last._ordinal() + 1)
    return [_from_ordinal(first.kind, ordinal) for ordinal in ordinals]


def period_containing(day: date, kind: PeriodKind) -> Period:
    """The period of ``kind`` whose calendar bounds contain ``day``."""
    _check_kind(kind)
    return Period(kind, day.year, (day.month - 1) // _MONTHS[kind] + 1)


def period_of_data_day(day: date, kind: PeriodKind) -> Period:
    """The period of ``kind`` whose Decree 09/2019 data window contains ``day``.

    On 15 December the H1 window of the next year opens: the day a reporting cycle starts.
    """
    here = period_containing(day, kind)
    return here if day <= here.cutoff else here.next()


def _check_kind(kind: str) -> None:
    """Raise ``ValueError`` for a kind outside ``PeriodKind`` (the type is not enforced)."""
    if kind not in _MONTHS:
        raise ValueError(f"unknown period kind {kind!r}; use one of {get_args(PeriodKind)}")


def _per_year(kind: PeriodKind) -> int:
    """How many periods of ``kind`` a year holds."""
    return 12 // _MONTHS[kind]


def _from_ordinal(kind: PeriodKind, ordinal: int) -> Period:
    """The inverse of ``Period._ordinal``."""
    year, offset = divmod(ordinal, _per_year(kind))
    return Period(kind, year, offset + 1)


def _month_start(year: int, month: int) -> date:
    """The first day of ``month`` of ``year``; months outside 1..12 roll into other years."""
    extra_years, month_index = divmod(month - 1, 12)
    return date(year + extra_years, month_index + 1, 1)


def _parts(match: re.Match[str]) -> tuple[str, str, str]:
    """The prefix letter, the number (``"1"`` for a year) and the year of a label match."""
    groups = [group for group in match.groups() if group is not None]
    if len(groups) == 2:  # Y-YYYY carries no number
        return groups[0], "1", groups[1]
    return groups[0], groups[1], groups[2]
