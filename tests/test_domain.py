"""The domain's values: one parser of reminder stages, typed states."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directive_flow.domain import Recipient, Stage, StageKind, Status, TaskState

NAMES = st.one_of(
    st.integers(1, 9999).map(lambda n: f"before-{n}"),
    st.integers(1, 9999).map(lambda n: f"overdue-{n}"),
    st.just("due"),
    st.sampled_from(["escalate-head", "escalate-leader"]),
)


@given(NAMES, st.one_of(st.none(), st.sampled_from(["2024-07-31", "no-contact"])))
def test_a_stage_is_its_text_and_parses_back(name: str, filed: str | None) -> None:
    text = name if filed is None else f"{name}@{filed}"
    stage = Stage.parse(text)
    assert stage == text
    assert str(stage) == text
    assert stage.name == name
    assert stage.filed_under == filed
    assert Stage.parse(str(stage)) == stage
    assert pickle.loads(pickle.dumps(stage)).kind == stage.kind
    assert stage.warns != stage.late


def test_constructors_give_the_stored_names() -> None:
    assert Stage.before(3) == "before-3"
    assert (Stage.before(3).kind, Stage.before(3).number) == (StageKind.BEFORE, 3)
    assert Stage.due() == "due"
    assert Stage.overdue(2) == "overdue-2"
    assert Stage.escalate(Recipient.LEADER).escalate_to == Recipient.LEADER
    assert Stage.escalate(Recipient.HEAD).carries_letter
    assert Stage.due().filed("2024-07-31") == "due@2024-07-31"


@pytest.mark.parametrize(
    "text", ["before-0", "late", "escalate-owner", "due@", "Due", "before-3 ", "overdue-12345"]
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="unknown reminder stage"):
        Stage.parse(text)


def test_an_escalation_never_goes_to_the_owner() -> None:
    with pytest.raises(ValueError, match="head or the leader"):
        Stage.escalate(Recipient.OWNER)


def test_stages_are_immutable() -> None:
    with pytest.raises(AttributeError, match="immutable"):
        Stage.due().number = 3  # type: ignore[misc]


def test_the_stored_state_and_the_four_way_status_do_not_share_words() -> None:
    assert not {s.value for s in TaskState} & {s.value for s in Status}
    assert [s.label for s in Status][:4] == [
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Quá hạn chưa hoàn thành",
    ]
