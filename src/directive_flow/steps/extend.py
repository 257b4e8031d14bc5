"""Extensions (gia hạn): asked for before the deadline, with a reason; the issuer decides.

An approved extension moves the deadline in force (``tasks.due``); the directive's own
deadline (``tasks.original_due``) is kept, so status can be counted against either.
The reason meets the intake's text rules (:func:`~directive_flow.steps.intake.checked_text`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from directive_flow.domain import Actor, ExtensionStatus, TaskState
from directive_flow.errors import RefusedError, StaleError
from directive_flow.steps.common import iso, local_day, record, utc_now
from directive_flow.steps.intake import checked_text
from directive_flow.steps.lookup import find_task
from directive_flow.steps.rights import check_decides_extension, check_owner
from directive_flow.steps.schedule import refresh_schedule, release_warnings
from directive_flow.store.tables import ExtensionRow, TaskRow

MAX_EXTENSION = timedelta(days=366)
"""The furthest an extension may move a deadline in one request."""


def request_extension(
    session: Session,
    *,
    directive: str,
    task: str,
    until: date,
    reason: str,
    actor: Actor,
    at: datetime | None = None,
) -> ExtensionRow:
    """Ask for ``task``'s deadline to move to ``until``; only on or before the deadline."""
    row = find_task(session, directive=directive, task=task, for_update=True)
    check_owner(actor, row, "ask for more time")
    when = at or utc_now()
    summary = f"extension request for task '{row.key}' refused:"
    reason = checked_text(reason, "reason", summary) or ""
    _check_request(session, row, until, reason, local_day(when))
    request = ExtensionRow(
        task_id=row.id,
        requested_until=until,
        reason=reason,
        status=ExtensionStatus.PENDING,
        requested_by=actor.name,
        requested_at=when,
    )
    session.add(request)
    session.flush()  # its id is what the decision names (``request``)
    after = {
        "request": request.id,
        "until": until.isoformat(),
        "reason": reason,
        "due": iso(row.due),
    }
    record(
        session,
        actor=actor,
        action="extension-request",
        at=when,
        directive_id=directive,
        task_id=row.id,
        after=after,
    )
    return request


def _check_request(session: Session, row: TaskRow, until: date, reason: str, today: date) -> None:
    if row.due is None:
        raise RefusedError(f"task '{row.key}' has no deadline to extend")
    if row.cancelled or row.state != TaskState.ASSIGNED:
        raise RefusedError(f"task '{row.key}' is {_state(row)}; only open tasks can be extended")
    if today > row.due:
        raise RefusedError(
            f"task '{row.key}' was due {row.due.isoformat()}; an extension must be asked "
            f"for on or before the deadline (today is {today.isoformat()})"
        )
    if until <= row.due:
        raise RefusedError(
            f"the day asked for, {until.isoformat()}, is not after the deadline {row.due}"
        )
    if until > row.due + MAX_EXTENSION:
        raise RefusedError(
            f"--until {until.isoformat()} is more than a year after the deadline {row.due}: "
            "ask for a plausible date (a longer delay is a new directive)"
        )
    if not reason.strip():
        raise RefusedError("an extension request needs a reason")
    if _pending(session, row.id) is not None:
        raise RefusedError(f"task '{row.key}' already has a pending extension request")


def decide_extension(
    session: Session,
    *,
    directive: str,
    task: str,
    approve: bool,
    actor: Actor,
    at: datetime | None = None,
    request_id: int | None = None,
) -> ExtensionRow:
    """Approve or reject the task's pending request; approval moves ``due`` only.

    ``request_id``, when given, is the request the decider read: another one pending
    instead (the one read was decided meanwhile, and a new one asked) is a
    :class:`StaleError`."""
    row = find_task(session, directive=directive, task=task, for_update=True)
    check_decides_extension(session, actor, row)
    request = _pending(session, row.id)
    if request is None:
        raise RefusedError(f"task '{row.key}' has no pending extension request")
    if request_id is not None and request.id != request_id:
        raise StaleError(
            f"task '{row.key}' has another extension request now (until "
            f"{request.requested_until.isoformat()}): read it before deciding"
        )
    when = at or utc_now()
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    request.decided_by, request.decided_at = actor.name, when
    before = {"due": iso(row.due), "original_due": iso(row.original_due)}
    if approve:
        if row.due is not None:
            release_warnings(session, task_id=row.id, old_due=row.due)
        row.due = request.requested_until
        refresh_schedule(session, directive_id=directive, task_ids=[row.id])
    record(
        session,
        actor=actor,
        action=f"extension-{request.status}",
        at=when,
        directive_id=directive,
        task_id=row.id,
        before=before,
        after={"due": iso(row.due), "original_due": iso(row.original_due)},
    )
    return request


def _pending(session: Session, task_id: int) -> ExtensionRow | None:
    query = select(ExtensionRow).where(
        ExtensionRow.task_id == task_id, ExtensionRow.status == ExtensionStatus.PENDING
    )
    return session.scalars(query).first()


def _state(row: TaskRow) -> str:
    return "cancelled" if row.cancelled else row.state
