"""Totals across agencies and Vietnamese number formatting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from report.samples import FUNDS, HOUSEHOLDS, RATE, at, figure, small_report

from directive_flow.report import FieldSpec, Figure
from directive_flow.report.figures import (
    INVALID,
    format_datetime,
    format_number,
    format_value,
    totals,
)

WHEN = datetime(2014, 7, 1, tzinfo=UTC)


def figures_of(spec: FieldSpec, values: Sequence[int | float]) -> list[Figure]:
    return [figure(spec, v, f"Cơ quan {n}", 1, WHEN) for n, v in enumerate(values)]


@given(st.lists(st.integers(-(10**15), 10**15)))
def test_integer_total_is_the_exact_sum(values: list[int]) -> None:
    [total] = totals([HOUSEHOLDS], figures_of(HOUSEHOLDS, values))
    assert total.value == sum(values)
    assert isinstance(total.value, int)
    assert total.agencies == len(values)


@given(st.lists(st.one_of(st.integers(-(10**18), 10**18), st.floats(-1e15, 1e15))))
def test_number_total_is_the_correctly_rounded_sum(values: list[int | float]) -> None:
    [total] = totals([FUNDS], figures_of(FUNDS, values))
    exact = sum((Fraction(v) for v in values), Fraction(0))
    whole = all(isinstance(v, int) for v in values)  # whole numbers stay exact ints
    assert total.value == (int(exact) if whole else float(exact))
    assert isinstance(total.value, int) == whole
    assert total.agencies == len(values)


@given(st.lists(st.floats(0, 100)), st.lists(st.integers(0, 10**6)))
def test_totals_follow_declared_order_and_skip_percentages(
    rates: list[float], households: list[int]
) -> None:
    figures = figures_of(RATE, rates) + figures_of(HOUSEHOLDS, households)
    found = totals([RATE, HOUSEHOLDS, FUNDS], figures)
    assert [t.spec for t in found] == [HOUSEHOLDS, FUNDS]
    assert found[0].value == sum(households)
    assert (found[1].value, found[1].agencies) == (0, 0)


def test_missing_and_boolean_values_are_not_counted() -> None:
    odd = [figure(HOUSEHOLDS, None, "A", 1, WHEN), figure(HOUSEHOLDS, True, "B", 1, WHEN)]
    odd.append(figure(HOUSEHOLDS, 7, "C", 1, WHEN))
    [total] = totals([HOUSEHOLDS], odd)
    assert (total.value, total.agencies) == (7, 1)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (1234567, "1.234.567"),
        (-1234, "-1.234"),
        (1234.5, "1.234,5"),
        (0.1 + 0.2, "0,3"),
        (2.0, "2"),
        (1e20, "100.000.000.000.000.000.000"),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "—"), (True, "Có"), (False, "Không"), (date(2014, 7, 5), "05/07/2014"), ("Đạt", "Đạt")],
)
def test_other_values(value: object, text: str) -> None:
    assert format_value(value) == text  # type: ignore[arg-type]


def test_aware_times_are_shown_in_vietnam_naive_ones_as_given() -> None:
    assert format_datetime(at(10, 20), "Asia/Ho_Chi_Minh") == "11/07/2014 03:00"
    assert format_datetime(datetime(2014, 7, 10, 20), "Asia/Ho_Chi_Minh") == "10/07/2014 20:00"


def test_inputs_that_would_double_count_are_refused() -> None:
    duplicate = figure(HOUSEHOLDS, 1, "UBND huyện Đắk Glei", 3, WHEN)
    with pytest.raises(ValueError, match="two figures of 'so_ho_ngheo' from UBND huyện Đắk Glei"):
        small_report(figures=[*small_report().figures, duplicate])
    stray = Figure("dien_tich", "Diện tích", "ha", 5, "A", 1, WHEN)
    with pytest.raises(ValueError, match=r"figure of undeclared field 'dien_tich' \(A\)"):
        small_report(figures=[stray])


def test_sequences_are_stored_as_tuples() -> None:
    report = small_report()
    assert isinstance(report.figures, tuple)
    assert isinstance(report.statuses, tuple)


@pytest.mark.parametrize("stored", [float("inf"), float("-inf"), float("nan")])
def test_a_stored_figure_that_is_not_finite_is_shown_invalid_and_not_totalled(
    stored: float,
) -> None:
    [total] = totals([FUNDS], figures_of(FUNDS, [stored, 2.5, 1]))
    assert (total.value, total.agencies) == (3.5, 2)
    assert format_value(stored) == INVALID == "không hợp lệ"
