"""Reviews reopen returned tasks; extensions are asked for before the deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from store_helpers import operator, submit_as_owner

from directive_flow.errors import RefusedError, StaleError
from directive_flow.steps.extend import decide_extension, request_extension
from directive_flow.steps.history import task_history
from directive_flow.steps.review import review
from directive_flow.steps.status import status_report
from directive_flow.store.db import session_scope
from directive_flow.store.tables import ExtensionRow, ReviewRow, TaskRow

D = "test-1-tb-vp"
SUPPLY = "supply-data/so-yt"


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=3, tzinfo=UTC)


def _submit(engine: Engine, home: Path, day: str, task: str = SUPPLY) -> None:
    submit_as_owner(engine, task, data={"children": 4}, at=_at(day), home=home)


def _task(engine: Engine, key: str = SUPPLY) -> TaskRow:
    with session_scope(engine) as session:
        return session.scalars(select(TaskRow).where(TaskRow.key == key)).one()


def test_a_returned_task_reopens_with_its_reason(registered: Engine, home: Path) -> None:
    _submit(registered, home, "2024-07-10")
    with session_scope(registered) as session:
        review(
            session,
            directive=D,
            task=SUPPLY,
            decision="return",
            reason="thiếu số liệu",
            actor=operator("vp"),
        )
    task = _task(registered)
    assert (task.state, task.completed_on, task.return_reason) == (
        "assigned",
        None,
        "thiếu số liệu",
    )
    _submit(registered, home, "2024-07-18")
    with session_scope(registered) as session:
        assert (
            review(session, directive=D, task=SUPPLY, decision="accept", actor=operator("vp")) == 2
        )
    task = _task(registered)
    assert (task.state, task.completed_on, task.return_reason) == (
        "accepted",
        date(2024, 7, 18),
        None,
    )
    with session_scope(registered) as session:
        actions = [e.action for e in task_history(session, directive=D, task=SUPPLY)]
    assert actions == ["task-add", "submit", "review-return", "submit", "review-accept"]


def test_review_needs_a_submission_and_a_return_needs_a_reason(
    registered: Engine, home: Path
) -> None:
    with (
        session_scope(registered) as session,
        pytest.raises(RefusedError, match="has nothing to review \\(it is assigned\\)"),
    ):
        review(session, directive=D, task=SUPPLY, decision="accept", actor=operator("vp"))
    _submit(registered, home, "2024-07-10")
    with session_scope(registered) as session, pytest.raises(RefusedError, match="needs a reason"):
        review(
            session, directive=D, task=SUPPLY, decision="return", reason=" ", actor=operator("vp")
        )


def test_an_accepted_task_cannot_be_resubmitted(registered: Engine, home: Path) -> None:
    _submit(registered, home, "2024-07-10")
    with session_scope(registered) as session:
        review(session, directive=D, task=SUPPLY, decision="accept", actor=operator("vp"))
    with pytest.raises(RefusedError, match="already accepted"):
        _submit(registered, home, "2024-07-11")


def test_a_consumer_waits_until_its_suppliers_are_accepted(registered: Engine, home: Path) -> None:
    consumer = "finalize-report/so-ldtbxh"

    def waits() -> tuple[str, ...]:
        with session_scope(registered) as session:
            report = status_report(session, as_of=date(2024, 7, 20), directive=D, with_tasks=True)
        return next(t.waits_on for t in report.tasks if t.key == consumer)

    assert waits() == ("supply-data/so-yt", "supply-data/ubnd-huyen-a", "supply-data/ubnd-huyen-b")
    for key in ("supply-data/so-yt", "supply-data/ubnd-huyen-a"):
        _submit(registered, home, "2024-07-10", key)
        with session_scope(registered) as session:
            review(session, directive=D, task=key, decision="accept", actor=operator("vp"))
    _submit(registered, home, "2024-07-10", "supply-data/ubnd-huyen-b")
    assert waits() == ("supply-data/ubnd-huyen-b",)
    with session_scope(registered) as session:
        review(
            session,
            directive=D,
            task="supply-data/ubnd-huyen-b",
            decision="accept",
            actor=operator("vp"),
        )
    assert waits() == ()


def _request(engine: Engine, day: str, until: date = date(2024, 7, 31)) -> None:
    with session_scope(engine) as session:
        request_extension(
            session,
            directive=D,
            task=SUPPLY,
            until=until,
            reason="mưa lũ",
            actor=operator("so-yt"),
            at=_at(day),
        )


def test_an_extension_asked_in_time_and_approved_keeps_the_original(registered: Engine) -> None:
    _request(registered, "2024-07-15")  # the deadline day itself is still in time
    with session_scope(registered) as session:
        decide_extension(session, directive=D, task=SUPPLY, approve=True, actor=operator("vp"))
    task = _task(registered)
    assert (task.due, task.original_due) == (date(2024, 7, 31), date(2024, 7, 15))
    with session_scope(registered) as session:
        extended = status_report(session, as_of=date(2024, 7, 20), agency="so-yt")
        original = status_report(session, as_of=date(2024, 7, 20), agency="so-yt", basis="original")
    assert extended.total.states["in_progress"] == 1
    assert original.total.states["overdue"] == 1


def test_an_extension_after_the_deadline_is_refused(registered: Engine) -> None:
    with pytest.raises(
        RefusedError,
        match=r"was due 2024-07-15; an extension must be asked for on or before the deadline \(today is 2024-07-16\)",
    ):
        _request(registered, "2024-07-16")


def test_an_extension_must_move_the_deadline_later(registered: Engine) -> None:
    with pytest.raises(RefusedError, match="is not after the deadline"):
        _request(registered, "2024-07-10", until=date(2024, 7, 15))


def test_a_rejected_extension_changes_no_deadline(registered: Engine) -> None:
    _request(registered, "2024-07-10")
    with pytest.raises(RefusedError, match="already has a pending extension request"):
        _request(registered, "2024-07-11")
    with session_scope(registered) as session:
        decide_extension(session, directive=D, task=SUPPLY, approve=False, actor=operator("vp"))
    assert _task(registered).due == date(2024, 7, 15)
    with session_scope(registered) as session:
        assert session.scalars(select(ExtensionRow.status)).one() == "rejected"
        with pytest.raises(RefusedError, match="no pending extension request"):
            decide_extension(session, directive=D, task=SUPPLY, approve=True, actor=operator("vp"))


def test_a_standing_duty_cannot_be_extended(registered: Engine) -> None:
    with session_scope(registered) as session, pytest.raises(RefusedError, match="has no deadline"):
        request_extension(
            session,
            directive=D,
            task="standing/so-yt",
            until=date(2025, 1, 1),
            reason="x",
            actor=operator("a"),
        )


def test_an_extension_to_an_implausible_date_is_refused(registered: Engine) -> None:
    with (
        session_scope(registered) as session,
        pytest.raises(RefusedError, match="more than a year"),
    ):
        request_extension(
            session,
            directive=D,
            task=SUPPLY,
            until=date(9999, 12, 31),
            reason="lâu",
            actor=operator("so-yt"),
            at=datetime(2024, 7, 8, 3, tzinfo=UTC),
        )


def test_a_decision_on_a_version_no_longer_the_latest_is_stale_and_changes_nothing(
    registered: Engine, home: Path
) -> None:
    _submit(registered, home, "2024-07-10")
    submit_as_owner(  # version 2 came while the reviewer read 1
        registered, SUPPLY, data={"children": 5}, at=_at("2024-07-11"), home=home
    )
    with session_scope(registered) as session, pytest.raises(StaleError, match="version 2 now"):
        review(
            session, directive=D, task=SUPPLY, decision="accept", actor=operator("vp"), version=1
        )
    assert _task(registered).state == "submitted"
    with session_scope(registered) as session:
        assert session.scalars(select(ReviewRow)).all() == []
        decided = review(
            session, directive=D, task=SUPPLY, decision="accept", actor=operator("vp"), version=2
        )
    assert decided == 2
    assert _task(registered).state == "accepted"


def test_an_extension_decision_on_another_request_than_the_one_read_is_stale(
    registered: Engine,
) -> None:
    _request(registered, "2024-07-10")
    with session_scope(registered) as session:
        first = session.scalars(select(ExtensionRow.id)).one()
        decide_extension(session, directive=D, task=SUPPLY, approve=False, actor=operator("vp"))
    _request(registered, "2024-07-11", until=date(2024, 8, 30))  # a new one, asked meanwhile
    with session_scope(registered) as session, pytest.raises(StaleError, match="2024-08-30"):
        decide_extension(
            session, directive=D, task=SUPPLY, approve=True, actor=operator("vp"), request_id=first
        )
    assert _task(registered).due == date(2024, 7, 15)
