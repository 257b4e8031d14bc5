"""A deliverable's fields agree with their type and the deliverable's: a unit and bounds
belong to figures, bounds are ordered, an 'action' collects nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from definition_helpers import edited_copy

from directive_flow.definition.model import DataField
from directive_flow.planning.validation import validate_paths

FIELD = "{name: children, label: Số trẻ em, type: integer, unit: trẻ em}"


def _messages(tmp_path: Path, old: str, new: str) -> list[str]:
    path = edited_copy(tmp_path, old, new)
    return [str(p).removeprefix(str(path)) for p in validate_paths([path]).problems]


def _field(body: str) -> str:
    return "{name: children, label: Số trẻ em, " + body + "}"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "type: boolean, unit: trẻ em",
            ":18:67: assignment 'supply-data': deliverable: fields[0]: unit: a 'boolean' field "
            "takes no unit (units belong to integer, number and percent fields)",
        ),
        (
            "type: text, min: 0",
            ":18:63: assignment 'supply-data': deliverable: fields[0]: min: a 'text' field takes "
            "no bounds ('min' and 'max' belong to integer, number and percent fields)",
        ),
        (
            "type: integer, min: 10, max: 5",
            ":18:75: assignment 'supply-data': deliverable: fields[0]: max: max 5 is below min 10",
        ),
        (
            "type: integer, max: -1",
            ":18:66: assignment 'supply-data': deliverable: fields[0]: max: max -1 is below 0, "
            "where an integer field starts unless 'min' is set",
        ),
        (
            "type: integer, min: 0.5",
            ":18:66: assignment 'supply-data': deliverable: fields[0]: min: an integer field's "
            "bounds are whole numbers (got 0.5)",
        ),
        (
            "type: percent, max: 150",
            ":18:66: assignment 'supply-data': deliverable: fields[0]: max: a percentage's bounds "
            "lie within 0-100 (got 150)",
        ),
        (
            "type: percent, unit: người",
            ":18:67: assignment 'supply-data': deliverable: fields[0]: unit: a percent field's "
            "unit is '%' (got 'người'); a count is an integer field",
        ),
        (
            "type: number, min: true",
            ":18:65: assignment 'supply-data': deliverable: fields[0]: min: true is not a number",
        ),
        (
            "type: number, max: .inf",
            ":18:65: assignment 'supply-data': deliverable: fields[0]: max: .inf is not a "
            "finite number",
        ),
    ],
)
def test_a_field_that_contradicts_its_type_is_refused_where_it_stands(
    tmp_path: Path, body: str, message: str
) -> None:
    assert _messages(tmp_path, FIELD, _field(body)) == [message]


@pytest.mark.parametrize(
    "body",
    [
        "type: integer, min: -100, max: 100",
        "type: number, min: -2.5",
        "type: percent, max: 50",
        'type: percent, unit: "%"',
    ],
)
def test_bounds_on_a_figure_are_accepted(tmp_path: Path, body: str) -> None:
    assert _messages(tmp_path, FIELD, _field(body)) == []


def test_an_action_with_fields_is_refused(tmp_path: Path) -> None:
    messages = _messages(
        tmp_path,
        "deliverable: {type: action}",
        "deliverable: {type: action, fields: [" + FIELD + "]}",
    )
    assert messages == [
        ":32:41: assignment 'standing': deliverable: fields: an 'action' deliverable hands "
        "nothing in, so it takes no fields (collect figures with a 'data', 'report', 'plan' "
        "or 'event' deliverable)"
    ]


def test_a_consolidating_action_is_refused(tmp_path: Path) -> None:
    messages = _messages(tmp_path, "deliverable: {type: report}", "deliverable: {type: action}")
    assert messages == [
        ":20:5: assignment 'finalize-report': 'consolidates: true' builds a report from its "
        "suppliers' data; an 'action' deliverable hands nothing in"
    ]


def test_unset_bounds_stay_out_of_the_stored_deliverable() -> None:
    """A directive registered before bounds existed is unchanged by registering it again."""
    plain = DataField.model_validate({"name": "n", "label": "N", "type": "integer"})
    assert set(plain.model_dump(mode="json")) == {"name", "label", "type", "unit", "required"}
    bounded = DataField.model_validate({"name": "n", "label": "N", "type": "integer", "max": 9})
    assert bounded.model_dump(mode="json")["max"] == 9
