"""Days: the Vietnamese working-day calendar and the Decree 09/2019 reporting periods.

The bottom of the house: plain values and arithmetic on dates, nothing about directives.
"""

from directive_flow.calendar.periods import (
    Period,
    PeriodKind,
    period_containing,
    period_of_data_day,
    periods_between,
)
from directive_flow.calendar.workdays import EXTRA_HOLIDAY_NAME, WorkCalendar, default_calendar

__all__ = [
    "EXTRA_HOLIDAY_NAME",
    "Period",
    "PeriodKind",
    "WorkCalendar",
    "default_calendar",
    "period_containing",
    "period_of_data_day",
    "periods_between",
]
