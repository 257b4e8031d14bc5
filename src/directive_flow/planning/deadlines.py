"""Where a deadline as written becomes a date on the Vietnamese working-day calendar.

Rules (documented in docs/definitions.md):

- a fixed date or a pinned event date is kept as written;
- a month or a quarter ends on its last working day;
- N working days after an anchor is the N-th working day after it;
- N calendar days that end on a day off end on the next working day (Bộ luật Dân sự
  2015, art. 148(5));
- counted from another assignment's completion: at plan time, from its due date;
- a standing duty has no date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from directive_flow.calendar import WorkCalendar
from directive_flow.calendar.periods import Period
from directive_flow.definition.model import (
    DateDue,
    Due,
    EventDue,
    Header,
    MonthDue,
    OffsetDue,
    QuarterDue,
    StandingDue,
)


class DeadlineError(ValueError):
    """A deadline that cannot be resolved (e.g. counted from a meeting with no date)."""


@dataclass(frozen=True)
class DeadlineContext:
    """What resolving a deadline may look at."""

    header: Header
    calendar: WorkCalendar
    period: Period | None = None
    completions: Mapping[str, date | None] | None = None


def resolve(due: Due, ctx: DeadlineContext) -> date | None:
    """The date a deadline falls on, or None for a standing duty."""
    match due:
        case DateDue() | EventDue():
            return due.date
        case MonthDue():
            year, month = (int(part) for part in due.month.split("-"))
            return ctx.calendar.last_working_day_of_month(year, month)
        case QuarterDue():
            year_text, quarter = due.quarter.split("-Q")
            return ctx.calendar.last_working_day_of_quarter(int(year_text), int(quarter))
        case OffsetDue():
            return _offset(due, ctx)
        case StandingDue():
            return None
    raise AssertionError(f"unknown deadline form {due!r}")  # pragma: no cover


def _offset(due: OffsetDue, ctx: DeadlineContext) -> date | None:
    anchor = _anchor(due, ctx)
    if anchor is None:
        return None
    if due.working_days is not None:
        return ctx.calendar.add_working_days(anchor, due.working_days)
    return ctx.calendar.next_working_day(anchor + timedelta(days=due.count))


def _anchor(due: OffsetDue, ctx: DeadlineContext) -> date | None:
    if due.after_completion_of is not None:
        return (ctx.completions or {}).get(due.after_completion_of)
    if due.after == "issued":
        return ctx.header.issued
    if due.after == "meeting":
        if ctx.header.meeting_date is None:
            raise DeadlineError("'after: meeting' needs header.meeting_date")
        return ctx.header.meeting_date
    if ctx.period is None:
        raise DeadlineError(f"'after: {due.after}' only applies inside a recurrence")
    return {"cutoff": ctx.period.cutoff, "period-start": ctx.period.start}.get(
        str(due.after), ctx.period.end
    )
