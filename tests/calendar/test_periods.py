"""Reporting periods per Decree 09/2019/NĐ-CP: labels, bounds, data windows, sequences."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_flow.calendar.periods import (
    Period,
    PeriodKind,
    period_containing,
    period_of_data_day,
    periods_between,
)

KINDS: tuple[PeriodKind, ...] = ("half-year", "year", "quarter", "month")
PER_YEAR = {"half-year": 2, "year": 1, "quarter": 4, "month": 12}
ONE_DAY = timedelta(days=1)

PROPERTIES = settings(max_examples=300)
YEARS = st.integers(min_value=1900, max_value=2200)
PERIODS = st.sampled_from(KINDS).flatmap(
    lambda kind: st.builds(
        Period,
        kind=st.just(kind),
        year=YEARS,
        index=st.integers(min_value=1, max_value=PER_YEAR[kind]),
    )
)


def P(label: str) -> Period:
    return Period.parse(label)


# -- labels --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("H1-2026", Period("half-year", 2026, 1)),
        ("H2-2014", Period("half-year", 2014, 2)),
        ("Q3-2026", Period("quarter", 2026, 3)),
        ("M08-2026", Period("month", 2026, 8)),
        ("M12-2026", Period("month", 2026, 12)),
        ("Y-2026", Period("year", 2026, 1)),
        ("  h1-2026 ", Period("half-year", 2026, 1)),
        ("q4-2025", Period("quarter", 2025, 4)),
        ("m01-2027\n", Period("month", 2027, 1)),
        ("y-2014", Period("year", 2014, 1)),
    ],
)
def test_parse(label: str, expected: Period) -> None:
    assert Period.parse(label) == expected


@pytest.mark.parametrize(
    "label",
    ["", "H3-2026", "H0-2026", "Q5-2026", "M8-2026", "M13-2026", "M00-2026", "Y1-2026",
     "X-2026", "H1 2026", "H1-26", "H1-20266", "H1 - 2026", "2026-H1", "Q٣-2026", "H1-٢٠٢٦"],
)  # fmt: skip
def test_parse_rejects_with_the_accepted_forms(label: str) -> None:
    with pytest.raises(ValueError, match=r"H1-YYYY, H2-YYYY, Q1-YYYY\.\.Q4-YYYY, M01-YYYY"):
        Period.parse(label)


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (Period("half-year", 2026, 1), "H1-2026"),
        (Period("half-year", 2014, 2), "H2-2014"),
        (Period("quarter", 2026, 3), "Q3-2026"),
        (Period("month", 2026, 8), "M08-2026"),
        (Period("month", 2026, 11), "M11-2026"),
        (Period("year", 2026, 1), "Y-2026"),
    ],
)
def test_label_is_canonical(period: Period, label: str) -> None:
    assert period.label == label


@pytest.mark.parametrize(
    ("kind", "year", "index"),
    [
        ("week", 2026, 1),
        ("half-year", 2026, 3),
        ("quarter", 2026, 0),
        ("month", 2026, 13),
        ("year", 2026, 2),
        ("year", 0, 1),
        ("year", 10000, 1),
    ],
)
def test_invalid_periods_are_rejected(kind: PeriodKind, year: int, index: int) -> None:
    with pytest.raises(ValueError, match=r"kind|index|year"):
        Period(kind, year, index)


# -- calendar bounds and data windows (Decree 09/2019, article 12) -----------------------------


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("H1-2026", date(2026, 1, 1), date(2026, 6, 30)),
        ("H2-2026", date(2026, 7, 1), date(2026, 12, 31)),
        ("Y-2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("Q1-2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("Q2-2026", date(2026, 4, 1), date(2026, 6, 30)),
        ("Q4-2026", date(2026, 10, 1), date(2026, 12, 31)),
        ("M02-2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("M02-2026", date(2026, 2, 1), date(2026, 2, 28)),
        ("M12-2026", date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_calendar_bounds(label: str, start: date, end: date) -> None:
    assert (P(label).start, P(label).end) == (start, end)


@pytest.mark.parametrize(
    ("label", "data_start", "cutoff"),
    [
        ("H1-2026", date(2025, 12, 15), date(2026, 6, 14)),
        ("H2-2014", date(2014, 6, 15), date(2014, 12, 14)),
        ("Y-2026", date(2025, 12, 15), date(2026, 12, 14)),
        ("Q1-2026", date(2025, 12, 15), date(2026, 3, 14)),
        ("Q2-2026", date(2026, 3, 15), date(2026, 6, 14)),
        ("Q3-2026", date(2026, 6, 15), date(2026, 9, 14)),
        ("Q4-2026", date(2026, 9, 15), date(2026, 12, 14)),
        ("M01-2026", date(2025, 12, 15), date(2026, 1, 14)),
        ("M08-2026", date(2026, 7, 15), date(2026, 8, 14)),
        ("M03-2024", date(2024, 2, 15), date(2024, 3, 14)),
    ],
)
def test_data_windows(label: str, data_start: date, cutoff: date) -> None:
    assert (P(label).data_start, P(label).cutoff) == (data_start, cutoff)


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("H1-2026", "6 tháng đầu năm 2026"),
        ("H2-2026", "6 tháng cuối năm 2026"),
        ("Y-2026", "năm 2026"),
        ("Q1-2026", "quý I năm 2026"),
        ("Q2-2026", "quý II năm 2026"),
        ("Q3-2026", "quý III năm 2026"),
        ("Q4-2026", "quý IV năm 2026"),
        ("M08-2026", "tháng 8 năm 2026"),
        ("M12-2026", "tháng 12 năm 2026"),
    ],
)
def test_vietnamese(label: str, text: str) -> None:
    assert P(label).vietnamese == text


# -- sequences -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "following"),
    [
        ("H1-2026", "H2-2026"),
        ("H2-2026", "H1-2027"),
        ("Y-2026", "Y-2027"),
        ("Q3-2026", "Q4-2026"),
        ("Q4-2026", "Q1-2027"),
        ("M08-2026", "M09-2026"),
        ("M12-2026", "M01-2027"),
    ],
)
def test_next_and_previous(label: str, following: str) -> None:
    assert P(label).next() == P(following)
    assert P(following).previous() == P(label)


def test_periods_between() -> None:
    assert periods_between(P("Q3-2025"), P("Q2-2026")) == [
        P("Q3-2025"),
        P("Q4-2025"),
        P("Q1-2026"),
        P("Q2-2026"),
    ]
    assert periods_between(P("H2-2014"), P("H2-2014")) == [P("H2-2014")]
    assert periods_between(P("M02-2026"), P("M01-2026")) == []


def test_periods_between_requires_one_kind() -> None:
    with pytest.raises(ValueError, match="different kinds"):
        periods_between(P("Q1-2026"), P("M03-2026"))


@pytest.mark.parametrize(
    ("day", "kind", "label"),
    [
        (date(2026, 6, 30), "half-year", "H1-2026"),
        (date(2026, 7, 1), "half-year", "H2-2026"),
        (date(2026, 12, 31), "year", "Y-2026"),
        (date(2026, 3, 31), "quarter", "Q1-2026"),
        (date(2026, 4, 1), "quarter", "Q2-2026"),
        (date(2026, 8, 14), "month", "M08-2026"),
    ],
)
def test_period_containing(day: date, kind: PeriodKind, label: str) -> None:
    assert period_containing(day, kind) == P(label)


def test_period_containing_checks_the_kind() -> None:
    with pytest.raises(ValueError, match="unknown period kind"):
        period_containing(date(2026, 1, 1), "week")  # type: ignore[arg-type]


def test_periods_of_one_kind_sort_chronologically() -> None:
    labels = ["Q1-2027", "Q4-2025", "Q2-2026", "Q1-2026"]
    assert [p.label for p in sorted(map(P, labels))] == ["Q4-2025", "Q1-2026", "Q2-2026", "Q1-2027"]


# -- properties ----------------------------------------------------------------------------------


@PROPERTIES
@given(period=PERIODS)
def test_label_round_trips(period: Period) -> None:
    assert Period.parse(period.label) == period
    assert Period.parse(f" {period.label.lower()} ") == period


@PROPERTIES
@given(period=PERIODS)
def test_next_and_previous_are_inverse(period: Period) -> None:
    assert period.next().previous() == period
    assert period.previous().next() == period
    assert period.previous() < period < period.next()


@PROPERTIES
@given(period=PERIODS)
def test_data_windows_tile(period: Period) -> None:
    assert period.next().data_start == period.cutoff + ONE_DAY
    assert period.data_start < period.cutoff


@PROPERTIES
@given(period=PERIODS)
def test_calendar_bounds_tile(period: Period) -> None:
    assert period.next().start == period.end + ONE_DAY
    assert period_containing(period.start, period.kind) == period
    assert period_containing(period.end, period.kind) == period
    # The data window closes inside the period and opens in the month before it.
    assert period.start <= period.cutoff <= period.end
    assert period.data_start < period.start


@PROPERTIES
@given(first=PERIODS, steps=st.integers(min_value=0, max_value=40))
def test_periods_between_is_contiguous(first: Period, steps: int) -> None:
    last = first
    for _ in range(steps):
        last = last.next()
    periods = periods_between(first, last)
    assert len(periods) == steps + 1
    assert periods[0] == first
    assert periods[-1] == last
    assert all(a.next() == b for a, b in pairwise(periods))


@PROPERTIES
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_period_containing_contains_the_day(day: date) -> None:
    for kind in KINDS:
        period = period_containing(day, kind)
        assert period.kind == kind
        assert period.start <= day <= period.end


@pytest.mark.parametrize(
    ("day", "kind", "label"),
    [
        (date(2026, 12, 14), "half-year", "H2-2026"),
        (date(2026, 12, 15), "half-year", "H1-2027"),
        (date(2026, 6, 14), "half-year", "H1-2026"),
        (date(2026, 6, 15), "half-year", "H2-2026"),
        (date(2026, 3, 15), "quarter", "Q2-2026"),
        (date(2026, 8, 14), "month", "M08-2026"),
        (date(2026, 8, 15), "month", "M09-2026"),
        (date(2026, 12, 20), "year", "Y-2027"),
    ],
)
def test_period_of_data_day_follows_the_decree_09_windows(day: date, kind: str, label: str) -> None:
    period = period_of_data_day(day, kind)  # type: ignore[arg-type]
    assert period.label == label
    assert period.data_start <= day <= period.cutoff
