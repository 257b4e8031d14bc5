"""The Vietnamese working-day calendar: holidays, swaps, overrides and working-day arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_flow.calendar import EXTRA_HOLIDAY_NAME, WorkCalendar, default_calendar

CAL = default_calendar()

# Property tests share the cached default calendar (no function-scoped fixtures); the first
# example of a run may build many years, so no per-example deadline.
PROPERTIES = settings(max_examples=300, deadline=None)
DAYS = st.dates(min_value=date(1995, 1, 1), max_value=date(2095, 12, 31))
STEPS = st.integers(min_value=0, max_value=400)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _naive_add(calendar: WorkCalendar, day: date, n: int) -> date:
    """Reference implementation: walk one day at a time."""
    step = timedelta(days=1 if n > 0 else -1)
    for _ in range(abs(n)):
        day += step
        while not calendar.is_working_day(day):
            day += step
    return day


# -- holidays as the government decided them ------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        *_days(date(2024, 2, 8), date(2024, 2, 14)),  # Tết Giáp Thìn, 29 Tết to mùng 5
        date(2024, 1, 1),
        date(2024, 4, 18),  # Giỗ Tổ Hùng Vương, 10/3 lunar
        date(2024, 4, 29),  # day off swapped for Saturday 4 May
        date(2024, 4, 30),
        date(2024, 5, 1),
        date(2024, 9, 2),
        date(2024, 9, 3),
        *_days(date(2025, 1, 25), date(2025, 2, 2)),  # Tết Ất Tỵ with its weekends
        date(2014, 4, 9),  # Giỗ Tổ Hùng Vương 2014
        date(2014, 5, 2),  # day off swapped for Saturday 26 April
        date(2014, 9, 1),  # day off swapped for Saturday 6 September
        date(2015, 1, 2),  # day off swapped for Saturday 27 December 2014
        date(2024, 3, 9),  # an ordinary Saturday
        date(2024, 3, 10),  # an ordinary Sunday
    ],
)
def test_days_off(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 2, 7),  # the day before Tết 2024
        date(2024, 2, 15),  # the day after
        date(2024, 5, 4),  # swapped working Saturday
        date(2024, 4, 19),
        date(2025, 1, 24),
        date(2025, 2, 3),
        date(2014, 4, 26),  # swapped working Saturday
        date(2014, 9, 6),  # swapped working Saturday
        date(2014, 12, 27),  # swapped working Saturday, paid back in January 2015
        date(2024, 3, 8),  # an ordinary Friday
    ],
)
def test_working_days(day: date) -> None:
    assert CAL.is_working_day(day)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2024, 1, 1), "Tết Dương lịch"),
        (date(2024, 2, 10), "Tết Nguyên Đán"),
        (date(2024, 2, 8), "29 Tết"),
        (date(2024, 4, 18), "Ngày Giỗ Tổ Hùng Vương"),
        (date(2024, 4, 30), "Ngày Chiến thắng"),
        (date(2024, 5, 1), "Ngày Quốc tế Lao động"),
        (date(2024, 9, 3), "Quốc khánh"),
        (date(2014, 5, 2), "Ngày nghỉ (thay cho ngày 26/04/2014)"),
    ],
)
def test_holiday_name_is_vietnamese(day: date, name: str) -> None:
    assert CAL.holiday_name(day) == name


@pytest.mark.parametrize("day", [date(2024, 2, 7), date(2024, 3, 9), date(2014, 4, 26)])
def test_holiday_name_is_none_without_holiday(day: date) -> None:
    assert CAL.holiday_name(day) is None


def test_default_calendar_is_shared() -> None:
    assert default_calendar() is CAL


# -- working-day arithmetic -------------------------------------------------------------------


def test_add_working_days_across_tet_2024() -> None:
    # Friday 2 Feb 2024, then: Mon 5, Tue 6, Wed 7 (3); Thu 8 to Wed 14 are Tết (with the
    # weekend of 10-11); Thu 15, Fri 16 (5); Mon 19 .. Fri 23 (10). The tenth working day
    # after 2 Feb is therefore Friday 23 Feb, not 26 Feb: reaching 26 Feb would need one
    # more day off (see test_extra_holiday_shifts_deadlines).
    assert CAL.add_working_days(date(2024, 2, 2), 10) == date(2024, 2, 23)
    assert CAL.working_days_between(date(2024, 2, 2), date(2024, 2, 23)) == 10


def test_add_working_days_backwards_across_tet_2024() -> None:
    # Before Mon 26 Feb: 23, 22, 21, 20, 19, 16, 15, (Tết) 7, 6, 5.
    assert CAL.add_working_days(date(2024, 2, 26), -10) == date(2024, 2, 5)
    assert CAL.add_working_days(date(2024, 2, 15), -1) == date(2024, 2, 7)
    assert CAL.working_days_between(date(2024, 2, 26), date(2024, 2, 5)) == -10


def test_add_working_days_counts_swapped_saturday_2014() -> None:
    # Thu 24 Apr 2014: Fri 25, Sat 26 (swapped, working), Mon 28, Tue 29; 30/4, 1/5, 2/5 off.
    assert CAL.add_working_days(date(2014, 4, 24), 4) == date(2014, 4, 29)
    assert CAL.add_working_days(date(2014, 4, 24), 5) == date(2014, 5, 5)


def test_add_zero_working_days_is_the_day_itself() -> None:
    assert CAL.add_working_days(date(2024, 2, 10), 0) == date(2024, 2, 10)


def test_add_working_days_across_years() -> None:
    # Tue 31 Dec 2024, then 2, 3, 6 January 2025 (1 January is off).
    assert CAL.add_working_days(date(2024, 12, 31), 3) == date(2025, 1, 6)
    assert CAL.add_working_days(date(2025, 1, 2), -2) == date(2024, 12, 30)
    assert CAL.working_days_between(date(2024, 12, 30), date(2025, 1, 2)) == 2


def test_add_working_days_far_away_matches_counting() -> None:
    result = CAL.add_working_days(date(2010, 6, 1), 5000)
    assert CAL.working_days_between(date(2010, 6, 1), result) == 5000
    assert CAL.add_working_days(result, -5000) == date(2010, 6, 1)


def test_working_days_between_same_day_is_zero() -> None:
    assert CAL.working_days_between(date(2024, 2, 10), date(2024, 2, 10)) == 0


def test_beyond_the_last_date_overflows() -> None:
    with pytest.raises(OverflowError):
        CAL.add_working_days(date(9999, 12, 30), 5)
    with pytest.raises(OverflowError):
        CAL.add_working_days(date(1, 1, 1), -1)


@pytest.mark.parametrize(
    ("day", "inclusive", "expected"),
    [
        (date(2024, 2, 7), True, date(2024, 2, 7)),
        (date(2024, 2, 7), False, date(2024, 2, 15)),
        (date(2024, 2, 10), True, date(2024, 2, 15)),
        (date(2024, 2, 10), False, date(2024, 2, 15)),
    ],
)
def test_next_working_day(day: date, inclusive: bool, expected: date) -> None:
    assert CAL.next_working_day(day, inclusive=inclusive) == expected


@pytest.mark.parametrize(
    ("day", "inclusive", "expected"),
    [
        (date(2024, 2, 15), True, date(2024, 2, 15)),
        (date(2024, 2, 15), False, date(2024, 2, 7)),
        (date(2024, 2, 14), True, date(2024, 2, 7)),
        (date(2024, 2, 14), False, date(2024, 2, 7)),
    ],
)
def test_previous_working_day(day: date, inclusive: bool, expected: date) -> None:
    assert CAL.previous_working_day(day, inclusive=inclusive) == expected


def test_next_and_previous_working_day_default_to_inclusive() -> None:
    assert CAL.next_working_day(date(2024, 2, 7)) == date(2024, 2, 7)
    assert CAL.previous_working_day(date(2024, 2, 15)) == date(2024, 2, 15)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2024, 8, date(2024, 8, 30)),  # 31 August 2024 is a Saturday
        (2025, 1, date(2025, 1, 24)),  # 27-31 January 2025 are Tết
        (2024, 2, date(2024, 2, 29)),  # leap year
        (2014, 4, date(2014, 4, 29)),  # 30 April is a holiday
    ],
)
def test_last_working_day_of_month(year: int, month: int, expected: date) -> None:
    assert CAL.last_working_day_of_month(year, month) == expected


@pytest.mark.parametrize(
    ("year", "quarter", "expected"),
    [
        (2024, 1, date(2024, 3, 29)),
        (2024, 2, date(2024, 6, 28)),  # 29-30 June 2024 are a weekend
        (2024, 3, date(2024, 9, 30)),
        (2024, 4, date(2024, 12, 31)),
    ],
)
def test_last_working_day_of_quarter(year: int, quarter: int, expected: date) -> None:
    assert CAL.last_working_day_of_quarter(year, quarter) == expected


@pytest.mark.parametrize(("month", "quarter"), [(0, 0), (13, 5)])
def test_month_and_quarter_are_checked(month: int, quarter: int) -> None:
    with pytest.raises(ValueError, match="month must be"):
        CAL.last_working_day_of_month(2024, month)
    with pytest.raises(ValueError, match="quarter must be"):
        CAL.last_working_day_of_quarter(2024, quarter)


# -- per-definition overrides -----------------------------------------------------------------


def test_extra_holiday_shifts_deadlines() -> None:
    calendar = WorkCalendar(extra_holidays=[date(2024, 2, 15)])
    assert not calendar.is_working_day(date(2024, 2, 15))
    assert calendar.holiday_name(date(2024, 2, 15)) == EXTRA_HOLIDAY_NAME == "Ngày nghỉ bổ sung"
    assert calendar.add_working_days(date(2024, 2, 2), 10) == date(2024, 2, 26)
    assert calendar.working_days_between(date(2024, 2, 2), date(2024, 2, 26)) == 10
    assert CAL.is_working_day(date(2024, 2, 15))  # the shared calendar is untouched


def test_extra_holiday_keeps_a_library_name() -> None:
    calendar = WorkCalendar(extra_holidays=[date(2024, 4, 18)])
    assert calendar.holiday_name(date(2024, 4, 18)) == "Ngày Giỗ Tổ Hùng Vương"


def test_swapped_working_saturday() -> None:
    calendar = WorkCalendar(working_days=[date(2024, 2, 17)])
    assert calendar.is_working_day(date(2024, 2, 17))
    # Fri 16 Feb, then Sat 17 (swapped) and Mon 19.
    assert calendar.add_working_days(date(2024, 2, 16), 2) == date(2024, 2, 19)
    assert CAL.add_working_days(date(2024, 2, 16), 2) == date(2024, 2, 20)


def test_working_day_override_beats_a_library_holiday() -> None:
    calendar = WorkCalendar(working_days=[date(2024, 4, 29)])
    assert calendar.is_working_day(date(2024, 4, 29))
    assert calendar.holiday_name(date(2024, 4, 29)) is None


def test_removed_holiday_is_a_working_day() -> None:
    calendar = WorkCalendar(removed_holidays=[date(2024, 4, 29)])
    assert calendar.is_working_day(date(2024, 4, 29))
    assert calendar.holiday_name(date(2024, 4, 29)) is None
    assert calendar.working_days_between(date(2024, 4, 26), date(2024, 5, 2)) == 2
    assert CAL.working_days_between(date(2024, 4, 26), date(2024, 5, 2)) == 1


def test_removed_holiday_on_a_weekend_stays_a_weekend() -> None:
    calendar = WorkCalendar(removed_holidays=[date(2024, 2, 10)])
    assert not calendar.is_working_day(date(2024, 2, 10))
    assert calendar.holiday_name(date(2024, 2, 10)) is None


def test_removed_swap_day_off_with_library_swap_saturday_worked() -> None:
    # Undo the 2014 swap: 2 May is worked again and Saturday 26 April rests.
    calendar = WorkCalendar(removed_holidays=[date(2014, 5, 2)], extra_holidays=[date(2014, 4, 26)])
    assert calendar.is_working_day(date(2014, 5, 2))
    assert not calendar.is_working_day(date(2014, 4, 26))


@pytest.mark.parametrize("other", ["working_days", "removed_holidays"])
def test_contradictory_overrides_are_rejected(other: str) -> None:
    day = date(2024, 2, 15)
    with pytest.raises(ValueError, match="2024-02-15"):
        WorkCalendar(extra_holidays=[day], **{other: [day]})


def test_years_outside_the_library_have_weekends_only() -> None:
    calendar = WorkCalendar()
    assert calendar.is_working_day(date(2300, 1, 1))  # a Monday, no holiday data
    assert calendar.add_working_days(date(2300, 1, 5), 1) == date(2300, 1, 8)


def test_repr_lists_the_overrides() -> None:
    calendar = WorkCalendar(working_days=[date(2024, 2, 17)])
    assert "working_days=[datetime.date(2024, 2, 17)]" in repr(calendar)


# -- properties --------------------------------------------------------------------------------


@PROPERTIES
@given(day=DAYS, n=STEPS)
def test_counting_undoes_adding(day: date, n: int) -> None:
    assert CAL.working_days_between(day, CAL.add_working_days(day, n)) == n


@PROPERTIES
@given(day=DAYS, n=STEPS)
def test_counting_undoes_subtracting_from_a_working_day(day: date, n: int) -> None:
    start = CAL.next_working_day(day)
    assert CAL.working_days_between(start, CAL.add_working_days(start, -n)) == -n


@PROPERTIES
@given(day=DAYS, n=st.integers(min_value=1, max_value=400))
def test_round_trip_lands_on_the_previous_working_day(day: date, n: int) -> None:
    # Going n forward then n back lands on the last working day on or before `day`:
    # `day` itself exactly when it is a working day.
    there_and_back = CAL.add_working_days(CAL.add_working_days(day, n), -n)
    assert there_and_back == CAL.previous_working_day(day, inclusive=True)
    assert (there_and_back == day) == CAL.is_working_day(day)
    back_and_there = CAL.add_working_days(CAL.add_working_days(day, -n), n)
    assert back_and_there == CAL.next_working_day(day, inclusive=True)


@PROPERTIES
@given(day=DAYS, n=st.integers(min_value=-400, max_value=400).filter(bool))
def test_results_are_working_days_on_the_right_side(day: date, n: int) -> None:
    result = CAL.add_working_days(day, n)
    assert CAL.is_working_day(result)
    assert (result > day) == (n > 0)


@PROPERTIES
@given(day=DAYS, n=st.integers(min_value=-40, max_value=40))
def test_adding_matches_a_day_by_day_walk(day: date, n: int) -> None:
    assert CAL.add_working_days(day, n) == _naive_add(CAL, day, n)


@PROPERTIES
@given(start=DAYS, end=DAYS)
def test_counting_is_antisymmetric_and_matches_a_walk(start: date, end: date) -> None:
    assert CAL.working_days_between(start, end) == -CAL.working_days_between(end, start)
    low, high = min(start, end), max(start, end)
    if (high - low).days <= 120:
        walked = sum(CAL.is_working_day(d) for d in _days(low, high)[1:])
        assert CAL.working_days_between(low, high) == walked


@PROPERTIES
@given(day=DAYS)
def test_next_and_previous_bracket_the_day(day: date) -> None:
    after, before = CAL.next_working_day(day), CAL.previous_working_day(day)
    assert before <= day <= after
    assert CAL.is_working_day(after)
    assert CAL.is_working_day(before)
    assert CAL.working_days_between(before, after) == (0 if before == after else 1)
    assert CAL.next_working_day(day, inclusive=False) > day
    assert CAL.previous_working_day(day, inclusive=False) < day
