"""The Vietnamese working-day calendar: Monday to Friday minus public holidays.

Holidays, substituted days off and government-swapped working Saturdays come from the
``holidays`` package (``VN``, Vietnamese names). Each definition may override them for a
year: extra days off, extra working days, and listed holidays that are worked anyway.
Outside the years the package covers, only weekends are days off.

Pure Python: no Prefect, no I/O.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from calendar import monthrange  # the standard library module
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta

import holidays

__all__ = ["EXTRA_HOLIDAY_NAME", "WorkCalendar", "default_calendar"]

EXTRA_HOLIDAY_NAME = "Ngày nghỉ bổ sung"
"""The name :meth:`WorkCalendar.holiday_name` gives an extra holiday the library lacks."""

_SATURDAY = 5


@functools.lru_cache(maxsize=512)
def _library_year(year: int) -> tuple[Mapping[date, str], frozenset[date]]:
    """Library holidays (Vietnamese names) and swapped working weekend days within ``year``."""
    # Neighbouring years too: a swap may pair a day off in one year with a workday in another.
    years = range(max(MINYEAR, year - 1), min(MAXYEAR, year + 1) + 1)
    library = holidays.country_holidays("VN", years=years, language="vi")
    names = {day: str(name) for day, name in library.items() if day.year == year}
    workdays = frozenset(day for day in library.weekend_workdays if day.year == year)
    return names, workdays


@dataclass(frozen=True, slots=True)
class _Year:
    """One year of one calendar: its days off, their names, its working days as ordinals."""

    off: frozenset[date]
    names: Mapping[date, str]
    working: tuple[int, ...]


class WorkCalendar:
    """Monday-Friday working days minus Vietnamese public holidays, with per-definition overrides.

    Each year is computed once, on first use, and cached on the instance (a set of days
    off and a sorted tuple of working-day ordinals); instances are safe to share between
    threads. Working-day arithmetic bisects those tuples, so within a year its cost does
    not depend on ``n``, and longer spans step a whole year at a time.
    """

    def __init__(
        self,
        *,
        extra_holidays: Iterable[date] = (),
        working_days: Iterable[date] = (),
        removed_holidays: Iterable[date] = (),
    ) -> None:
        """Build a calendar; the overrides apply on top of the library's data.

        ``extra_holidays``: additional days off (e.g. Tết days the government adds);
        ``working_days``: swapped working days (usually Saturdays), always working;
        ``removed_holidays``: days the library lists that are working days here.
        Raises ``ValueError`` when an extra holiday is also a working or removed day.
        """
        self._extra = frozenset(extra_holidays)
        self._working = frozenset(working_days)
        self._removed = frozenset(removed_holidays)
        _check_disjoint("extra_holidays", self._extra, "working_days", self._working)
        _check_disjoint("extra_holidays", self._extra, "removed_holidays", self._removed)
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        """Show the overrides, sorted."""
        return (
            f"WorkCalendar(extra_holidays={sorted(self._extra)}, "
            f"working_days={sorted(self._working)}, removed_holidays={sorted(self._removed)})"
        )

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day."""
        return day not in self._year(day.year).off

    def holiday_name(self, day: date) -> str | None:
        """The Vietnamese name of the holiday that makes ``day`` a day off, if any.

        An extra holiday the library does not list is named ``"Ngày nghỉ bổ sung"``;
        ordinary weekends, working days and removed holidays give ``None``.
        """
        year = self._year(day.year)
        return year.names.get(day) if day in year.off else None

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day strictly after ``day`` (strictly before if ``n < 0``).

        ``n == 0`` returns ``day`` itself, working or not.
        """
        if n == 0:
            return day
        return self._pick(day, after=n > 0, offset=n - 1 if n > 0 else n)

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days ``d`` with ``start < d <= end``; negated when ``end < start``."""
        if end < start:
            return -self.working_days_between(end, start)
        whole_years = sum(len(self._year(y).working) for y in range(start.year, end.year))
        return whole_years - self._rank(start) + self._rank(end)

    def next_working_day(self, day: date, *, inclusive: bool = True) -> date:
        """The first working day on or after ``day`` (strictly after if not ``inclusive``)."""
        return self._pick(day, after=not inclusive, offset=0)

    def previous_working_day(self, day: date, *, inclusive: bool = True) -> date:
        """The last working day on or before ``day`` (strictly before if not ``inclusive``)."""
        return self._pick(day, after=inclusive, offset=-1)

    def last_working_day_of_month(self, year: int, month: int) -> date:
        """The last working day of ``month`` (1..12) of ``year``."""
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1..12, got {month}")
        return self.previous_working_day(date(year, month, monthrange(year, month)[1]))

    def last_working_day_of_quarter(self, year: int, quarter: int) -> date:
        """The last working day of ``quarter`` (1..4) of ``year``."""
        if not 1 <= quarter <= 4:
            raise ValueError(f"quarter must be 1..4, got {quarter}")
        return self.last_working_day_of_month(year, 3 * quarter)

    # -- internals -------------------------------------------------------------------------

    def _pick(self, day: date, *, after: bool, offset: int) -> date:
        """The working day at index ``offset`` from the bisection point of ``day``.

        The bisection point counts the working days of ``day``'s year before ``day``
        (``after=False``) or up to and including it (``after=True``); an index outside
        that year walks into the neighbouring years.
        """
        year = day.year
        working = self._year(year).working
        index = (bisect_right if after else bisect_left)(working, day.toordinal()) + offset
        while index < 0:
            year -= 1
            working = self._year(year).working
            index += len(working)
        while index >= len(working):
            index -= len(working)
            year += 1
            working = self._year(year).working
        return date.fromordinal(working[index])

    def _rank(self, day: date) -> int:
        """The number of working days from 1 January of ``day``'s year to ``day`` inclusive."""
        return bisect_right(self._year(day.year).working, day.toordinal())

    def _year(self, year: int) -> _Year:
        """The cached days off of ``year``, computed on first use."""
        cached = self._years.get(year)
        if cached is None:
            if not MINYEAR <= year <= MAXYEAR:
                raise OverflowError("date value out of range")
            cached = self._years.setdefault(year, self._build_year(year))
        return cached

    def _build_year(self, year: int) -> _Year:
        """Weekends and holidays, with the library's swaps and this calendar's overrides."""
        library_names, library_workdays = _library_year(year)
        names = {day: name for day, name in library_names.items() if day not in self._removed}
        for day in self._extra:
            if day.year == year:
                names.setdefault(day, EXTRA_HOLIDAY_NAME)
        days = _days_of(year)
        off = frozenset(
            day
            for day in days
            if day in names or (day.weekday() >= _SATURDAY and day not in library_workdays)
        )
        off -= self._working
        working = tuple(day.toordinal() for day in days if day not in off)
        return _Year(off=off, names=names, working=working)


def _days_of(year: int) -> list[date]:
    """Every date of ``year``, in order."""
    first = date(year, 1, 1)
    count = (date(year, 12, 31) - first).days + 1
    return [first + timedelta(days=i) for i in range(count)]


def _check_disjoint(name_a: str, a: frozenset[date], name_b: str, b: frozenset[date]) -> None:
    """Raise ``ValueError`` when two override sets share a date."""
    if clash := sorted(a & b):
        shown = ", ".join(day.isoformat() for day in clash)
        raise ValueError(f"dates in both {name_a} and {name_b}: {shown}")


@functools.lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """The shared calendar with no overrides: the library's holidays and swaps only."""
    return WorkCalendar()
