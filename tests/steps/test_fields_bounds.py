"""A figure lies within its field's ``min`` and ``max``; an integer is a count from 0."""

from __future__ import annotations

from typing import Any

import pytest

from directive_flow.steps.fields import bounds, check_data


def _problems(spec: dict[str, Any], value: object) -> list[str]:
    return check_data([{"name": "n", "label": "Số trẻ em", **spec}], {"n": value})[1]


@pytest.mark.parametrize(
    ("spec", "value", "problem"),
    [
        ({"type": "integer"}, -5, "n: -5 is below the minimum 0"),
        ({"type": "integer"}, "-5", "n: '-5' is below the minimum 0"),
        ({"type": "integer"}, {"value": -1}, "n: -1 is below the minimum 0"),
        ({"type": "integer", "min": -10}, -11, "n: -11 is below the minimum -10"),
        ({"type": "integer", "max": 1000}, "1.250", "n: '1.250' is above the maximum 1000"),
        ({"type": "number", "min": 0.5}, "0,25", "n: '0,25' is below the minimum 0.5"),
        ({"type": "percent", "min": 10, "max": 90}, 95, "n: 95 is above the maximum 90"),
    ],
)
def test_a_figure_outside_its_bounds_is_refused(
    spec: dict[str, Any], value: object, problem: str
) -> None:
    assert _problems(spec, value) == [problem]


@pytest.mark.parametrize(
    ("spec", "value"),
    [
        ({"type": "integer"}, 0),
        ({"type": "integer", "min": -10}, -10),
        ({"type": "integer", "max": 1000}, "1.000"),
        ({"type": "number"}, -5),  # a number may be a fall, a balance: no default minimum
        ({"type": "percent", "min": 10, "max": 90}, 90),
        ({"type": "text", "min": None}, "-5"),
    ],
)
def test_a_figure_within_its_bounds_is_taken(spec: dict[str, Any], value: object) -> None:
    assert _problems(spec, value) == []


def test_a_type_problem_is_told_before_a_bound() -> None:
    assert _problems({"type": "integer"}, "-1,5") == ["n: expected a whole number, got '-1,5'"]


def test_bounds_give_an_integer_field_its_minimum_of_zero() -> None:
    assert bounds({"type": "integer"}) == (0, None)
    assert bounds({"type": "integer", "min": -3, "max": 7}) == (-3, 7)
    assert bounds({"type": "number"}) == (None, None)
