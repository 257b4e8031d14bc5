"""The reminder schedule rows follow the plan, and move with an approved extension."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, select, update
from store_helpers import operator, queued_flags_disagree

from directive_flow.steps.extend import decide_extension, request_extension
from directive_flow.store.db import session_scope
from directive_flow.store.tables import (
    AgencyRow,
    DirectiveRow,
    OutboxRow,
    ReminderStepRow,
    TaskRow,
)

VALID = Path(__file__).parents[1] / "fixtures" / "valid" / "directive.yaml"


def _steps(engine: Engine, key: str) -> list[tuple[str, date, str]]:
    with session_scope(engine) as session:
        query = (
            select(ReminderStepRow.stage, ReminderStepRow.day, ReminderStepRow.recipient)
            .join(TaskRow, TaskRow.id == ReminderStepRow.task_id)
            .where(TaskRow.key == key)
            .order_by(ReminderStepRow.day, ReminderStepRow.stage)
        )
        return [tuple(r) for r in session.execute(query)]  # type: ignore[misc]


def test_register_stores_the_plan_reminders_of_every_dated_task(registered: Engine) -> None:
    # supply-data is due Mon 15 Jul 2024 under the default policy
    assert _steps(registered, "supply-data/so-yt") == [
        ("before-3", date(2024, 7, 10), "owner"),
        ("before-1", date(2024, 7, 12), "owner"),
        ("due", date(2024, 7, 15), "owner"),
        ("escalate-head", date(2024, 7, 22), "head"),
        ("overdue-1", date(2024, 7, 22), "owner"),
        ("overdue-2", date(2024, 7, 29), "owner"),
        ("overdue-3", date(2024, 8, 5), "owner"),
    ]  # no leader in the header: the default ladder stops at the head
    assert _steps(registered, "standing/so-yt") == []


def test_register_keeps_what_reminders_need(registered: Engine) -> None:
    with session_scope(registered) as session:
        directive = session.get(DirectiveRow, "test-1-tb-vp")
        agency = session.get(AgencyRow, "so-ldtbxh")
        assert directive is not None
        assert agency is not None
        assert directive.issued == date(2024, 7, 1)
        assert directive.calendar == {
            "country": "VN",
            "extra_holidays": [],
            "working_days": [],
            "removed_holidays": [],
        }
        assert [c["email"] for c in agency.contacts] == ["a@example.vn", "b@example.vn"]
        assert agency.head_title == "Giám đốc Sở"


def test_an_approved_extension_moves_the_reminders(registered: Engine) -> None:
    with session_scope(registered) as session:
        request_extension(
            session,
            directive="test-1-tb-vp",
            task="finalize-report/so-ldtbxh",
            until=date(2024, 8, 15),
            reason="chờ số liệu",
            actor=operator("so-ldtbxh"),
            at=datetime(2024, 7, 20, 3, 0, tzinfo=UTC),
        )
    with session_scope(registered) as session:
        decide_extension(
            session,
            directive="test-1-tb-vp",
            task="finalize-report/so-ldtbxh",
            approve=True,
            actor=operator("vp"),
        )
    steps = {stage: day for stage, day, _ in _steps(registered, "finalize-report/so-ldtbxh")}
    assert steps["due"] == date(2024, 8, 15)
    assert steps["before-1"] == date(2024, 8, 14)


def test_after_an_extension_the_new_deadline_is_warned_of_again(registered: Engine) -> None:
    from directive_flow.steps.remind import queue_reminders

    task = "finalize-report/so-ldtbxh"
    with session_scope(registered) as session:  # before-3 of 31 Jul goes out on 26 Jul
        queue_reminders(session, today=date(2024, 7, 26), at=datetime(2024, 7, 26, 1, tzinfo=UTC))
    with session_scope(registered) as session:
        request_extension(
            session,
            directive="test-1-tb-vp",
            task=task,
            until=date(2024, 8, 15),
            reason="chờ số liệu",
            actor=operator("so-ldtbxh"),
            at=datetime(2024, 7, 29, 3, tzinfo=UTC),
        )
        decide_extension(
            session, directive="test-1-tb-vp", task=task, approve=True, actor=operator("vp")
        )
    with session_scope(registered) as session:  # before-3 of 15 Aug falls on 12 Aug
        queue_reminders(session, today=date(2024, 8, 12), at=datetime(2024, 8, 12, 1, tzinfo=UTC))
        stages = sorted(  # the old warning was still unsent: skipped, never sent late
            session.execute(
                select(OutboxRow.stage, OutboxRow.status)
                .join(TaskRow, TaskRow.id == OutboxRow.task_id)
                .where(TaskRow.key == task)
            )
        )
    assert stages == [("before-3", "pending"), ("before-3@2024-07-31", "skipped")]
    assert queued_flags_disagree(registered) == []


def test_an_agency_that_gains_a_contact_is_reminded_again(
    registered: Engine, tmp_path: Path
) -> None:
    from directive_flow.steps.register import register_directive
    from directive_flow.steps.remind import queue_reminders

    day, at = date(2024, 7, 10), datetime(2024, 7, 10, 1, tzinfo=UTC)
    with session_scope(registered) as session:  # so-yt has no contact: the row fails
        queue_reminders(session, today=day, at=at)
    registry = (
        (VALID.parent / "agencies.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  - code: so-yt\n    name: Sở Y tế\n",
            "  - code: so-yt\n    name: Sở Y tế\n    contacts: [{email: vanthu.soyt@example.vn}]\n",
        )
    )
    (tmp_path / "agencies.yaml").write_text(registry, encoding="utf-8")
    (tmp_path / "directive.yaml").write_text(VALID.read_text(encoding="utf-8"), encoding="utf-8")
    with session_scope(registered) as session:
        register_directive(
            session, path=tmp_path / "directive.yaml", actor=operator("vp"), as_of=date(2024, 7, 1)
        )
    with session_scope(registered) as session:
        queue_reminders(session, today=day, at=at)
        rows = session.execute(
            select(OutboxRow.stage, OutboxRow.status)
            .join(TaskRow, TaskRow.id == OutboxRow.task_id)
            .where(TaskRow.key == "supply-data/so-yt")
        ).all()
    assert sorted(tuple(r) for r in rows) == [
        ("before-3", "pending"),
        ("before-3@no-contact", "skipped"),
    ]
    assert queued_flags_disagree(registered) == []


def test_a_queued_step_is_marked_and_is_not_read_again(registered: Engine) -> None:
    from directive_flow.steps.remind import due_steps, queue_reminders

    day = date(2024, 7, 22)  # overdue and escalation stages, earlier ones skipped
    with session_scope(registered) as session:
        due = due_steps(session, today=day)
        result = queue_reminders(session, today=day, at=datetime(2024, 7, 22, 1, tzinfo=UTC))
    assert due
    assert len(due) == len(result.send) + len(result.skip)
    assert queued_flags_disagree(registered) == []
    with session_scope(registered) as session:
        marked = session.scalars(
            select(ReminderStepRow.task_id).where(ReminderStepRow.queued.is_(True))
        ).all()
        assert len(marked) == len(due)
        assert due_steps(session, today=day) == []
        # The flag only spares the decision work: with every flag cleared (a store
        # migrated from an old backup, say) the outbox still holds them, nothing is resent.
        session.execute(update(ReminderStepRow).values(queued=False))
        assert due_steps(session, today=day) == []
