"""The reminder schedule in the store: each open task's ``reminders.timeline``, as rows.

Derived data, rebuilt for a directive whenever it is registered and for a task whenever
its deadline moves, so that "which reminders are due today" is one query
(``engine.remind``). What was actually sent lives in the outbox, never here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, String, case, delete, insert, or_, select, type_coerce, update
from sqlalchemy.orm import Session

from directive_flow.calendar import WorkCalendar
from directive_flow.definition.model import CalendarSpec, ReminderPolicy
from directive_flow.domain import OutboxStatus, Stage, StageKind
from directive_flow.planning.timeline import timeline
from directive_flow.store.tables import DirectiveRow, OutboxRow, ReminderStepRow, TaskRow


def directive_calendar(row: DirectiveRow) -> WorkCalendar:
    """The working-day calendar stored with a directive."""
    return CalendarSpec.model_validate(row.calendar or {}).work_calendar()


def refresh_schedule(
    session: Session, *, directive_id: str, task_ids: Iterable[int] | None = None
) -> int:
    """Rebuild the reminder rows of a directive's tasks (or of ``task_ids``); return the count."""
    directive = session.get(DirectiveRow, directive_id)
    if directive is None:  # pragma: no cover - callers pass a stored directive
        return 0
    query = select(TaskRow).where(TaskRow.directive_id == directive_id)
    if task_ids is not None:
        query = query.where(TaskRow.id.in_(list(task_ids)))
    tasks = list(session.scalars(query))
    session.execute(
        delete(ReminderStepRow).where(ReminderStepRow.task_id.in_([t.id for t in tasks]))
    )
    rows = [
        step
        for task in tasks
        for step in _steps(task, directive_calendar(directive), directive.issued or date.min)
    ]
    if rows:
        session.execute(insert(ReminderStepRow), rows)
    return len(rows)


def release_warnings(session: Session, *, task_id: int, old_due: date) -> int:
    """A deadline moved: file the warnings sent for the old one under that date.

    The outbox holds one row per task x stage; re-keying the old deadline's warning rows
    (``before-3`` -> ``before-3@2024-07-31``) keeps them as evidence and lets the new
    deadline's warnings go out; those not sent yet are skipped. Overdue and escalation rows
    stay: they happened.
    """
    suffix = f"@{old_due.isoformat()}"
    stage = _stage_text()
    warning = or_(stage == str(Stage.due()), stage.like(f"{StageKind.BEFORE}-%"))
    waiting = (OutboxStatus.PENDING, OutboxStatus.FAILED)
    result = session.execute(
        update(OutboxRow)
        .where(OutboxRow.task_id == task_id, warning, ~stage.contains("@"))
        .values(
            stage=stage + suffix,
            key=OutboxRow.key + suffix,
            status=case(  # not sent yet: it would announce a deadline that no longer holds
                (OutboxRow.status.in_(waiting), OutboxStatus.SKIPPED), else_=OutboxRow.status
            ),
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def release_unreachable(session: Session, *, agency: str) -> int:
    """File the rows that failed for want of ``agency``'s contact under ``@no-contact``.

    They stay as evidence; the next reminder run queues what is due again.
    """
    suffix = "@no-contact"
    result = session.execute(
        update(OutboxRow)
        .where(
            OutboxRow.status == OutboxStatus.FAILED,
            OutboxRow.last_error.startswith(f"no contact for {agency} "),
        )
        .values(
            stage=_stage_text() + suffix,
            key=OutboxRow.key + suffix,
            status=OutboxStatus.SKIPPED,
        )
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _stage_text() -> ColumnElement[str]:
    """The outbox's stage column as plain text, for pattern matching and re-filing in SQL."""
    return type_coerce(OutboxRow.stage, String())


def _steps(task: TaskRow, calendar: WorkCalendar, issued: date) -> list[dict[str, object]]:
    if task.cancelled or task.due is None or task.reminder_policy is None:
        return []
    policy = ReminderPolicy.model_validate(task.reminder_policy)
    return [
        {"task_id": task.id, "stage": s.stage, "day": s.on, "recipient": s.to}
        for s in timeline(task.due, policy, calendar, not_before=issued)
    ]
