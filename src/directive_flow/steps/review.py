"""The issuer reviews a submission: accept it, or return it with a reason (it reopens).

The reason is shown to the agency: it meets the intake's text rules (no control
characters, valid Unicode, NFC, at most ``MAX_TEXT`` characters) on every path.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from directive_flow.domain import Actor, Decision, TaskState
from directive_flow.errors import RefusedError, StaleError
from directive_flow.steps.common import iso, record, utc_now
from directive_flow.steps.intake import checked_text
from directive_flow.steps.lookup import find_task
from directive_flow.steps.rights import check_reviewer
from directive_flow.store.tables import ReviewRow, SubmissionRow


def review(
    session: Session,
    *,
    directive: str,
    task: str,
    decision: Decision,
    actor: Actor,
    reason: str | None = None,
    at: datetime | None = None,
    version: int | None = None,
) -> int:
    """Decide on the task's latest submission; returns its version.

    ``version``, when given, is the version the reviewer read: a newer one that came in
    since is a :class:`StaleError`, so nobody accepts figures they never saw (the portal
    always gives it). A returned task is open again, ``return_reason`` visible to its
    owner, until the agency submits a new version.
    """
    row = find_task(session, directive=directive, task=task, for_update=True)
    check_reviewer(session, actor, row)
    if row.state != TaskState.SUBMITTED:
        raise RefusedError(f"task '{row.key}' has nothing to review (it is {row.state})")
    reason = checked_text(reason, "reason", f"review of task '{row.key}' refused:")
    if decision == Decision.RETURN and not reason:
        raise RefusedError(f"returning task '{row.key}' needs a reason")
    latest = session.scalars(
        select(SubmissionRow)
        .where(SubmissionRow.task_id == row.id)
        .order_by(SubmissionRow.version.desc())
        .limit(1)
    ).one()
    if version is not None and version != latest.version:
        raise StaleError(
            f"task '{row.key}' has version {latest.version} now, not the {version} reviewed: "
            "read it before deciding"
        )
    when = at or utc_now()
    session.add(
        ReviewRow(
            task_id=row.id,
            submission_id=latest.id,
            decision=decision,
            reason=reason,
            reviewed_by=actor.name,
            reviewed_at=when,
        )
    )
    before = {"state": row.state, "completed_on": iso(row.completed_on)}
    if decision == Decision.ACCEPT:
        row.state = TaskState.ACCEPTED
    else:
        row.state, row.completed_on, row.return_reason = TaskState.ASSIGNED, None, reason
    after = {"state": row.state, "version": latest.version, "reason": reason}
    record(
        session,
        actor=actor,
        action=f"review-{decision}",
        at=when,
        directive_id=directive,
        task_id=row.id,
        before=before,
        after=after,
    )
    return latest.version
