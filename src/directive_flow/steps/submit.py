"""Agencies hand in their work: one step for every path (CLI, inbox, flow, portal).

:func:`submit` takes an :class:`~directive_flow.steps.intake.Intake` (values already
cleaned), checks who may hand it in, when it may say it was received, and the data
against the deliverable (:mod:`directive_flow.steps.fields`) and the attachments (at most
25 MiB each, documents only: an allowed type whose content is that type, never a program,
:mod:`directive_flow.store.filetypes`); stores the attachments by content hash
(:mod:`directive_flow.store.attachments`); and writes a
new version of the task's submissions, never overwriting one. A submission with any
problem is refused whole, every problem listed. One that repeats the version waiting for
review word for word (the same figures, note and files, no claimed time: a double click,
a form sent twice, the same file dropped again) is that version: no new one is made, so
a reviewer never compares two identical versions and the received time stays the first.

Rights: an agency's contact hands in its own agency's tasks only; an operator may hand
in any. Time: the moment of entry is the server's clock. A received time claimed earlier
(paper that arrived before it was typed in) is an operator's right, needs a reason, may
not precede the directive's issue, and the audit keeps both the claim and the entry.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directive_flow.domain import TaskState
from directive_flow.errors import ForbiddenError, NotFoundError, RefusedError
from directive_flow.settings import get_settings
from directive_flow.steps.common import iso, local_day, record, utc_now
from directive_flow.steps.fields import check_data
from directive_flow.steps.intake import Intake, IntakeFile
from directive_flow.steps.lookup import check_agency, find_directive, find_task
from directive_flow.steps.rights import check_owner
from directive_flow.store.attachments import MAX_ATTACHMENT_BYTES, store_attachment
from directive_flow.store.filetypes import HEAD_BYTES, content_problem
from directive_flow.store.tables import AttachmentRow, DirectiveRow, SubmissionRow, TaskRow

__all__ = ["CLOCK_SKEW", "Submitted", "submit"]

CLOCK_SKEW = timedelta(minutes=5)
"""How far a claimed received time may differ from the clock before it counts as a claim."""


@dataclass(frozen=True)
class Submitted:
    """The stored submission: its task key, version and attachment hashes."""

    directive: str
    key: str
    version: int
    attachments: tuple[str, ...]
    repeated: bool = False  # the same as the version already waiting: nothing was stored


def submit(
    session: Session, intake: Intake, *, home: Path, now: datetime | None = None
) -> Submitted:
    """Store ``intake`` as a new version of its task's submission (see the module docstring).

    ``now`` is the server's clock (tests and simulations pass their own). The attachment
    types accepted are ``DIRECTIVE_FLOW_ATTACHMENT_TYPES``'s.
    """
    entered = now or utc_now()
    row = _own_task(session, intake)
    received = _received(session, row, intake, entered)
    clean, problems = check_data(row.deliverable.get("fields", []), intake.data)
    types = get_settings().attachment_suffixes
    problems += _attachment_problems(intake.attachments, types)
    summary = f"submission for task '{row.key}' refused:"
    if problems:
        raise RefusedError(summary, problems)
    try:
        hashes = [
            store_attachment(f.path, home=home, name=f.name, types=types)
            for f in intake.attachments
        ]
    except RefusedError as exc:  # a file changed since it was checked
        raise RefusedError(summary, [exc.summary]) from None
    if received == entered and (same := _waiting_same(session, row, intake, clean, hashes)):
        return Submitted(intake.directive, row.key, same, tuple(hashes), repeated=True)
    version = _next_version(session, row.id)
    submission = SubmissionRow(
        task_id=row.id,
        version=version,
        agency=intake.agency,
        data=clean,
        note=intake.note,
        submitted_by=intake.actor.name,
        submitted_at=received,
        submitted_on=local_day(received),
        inbox_digest=intake.inbox_digest,
    )
    session.add(submission)
    session.flush()
    session.add_all(
        AttachmentRow(submission_id=submission.id, sha256=digest, original_name=f.name, size=size)
        for f, digest, size in zip(intake.attachments, hashes, _sizes(intake), strict=True)
    )
    before = {"state": row.state, "completed_on": iso(row.completed_on)}
    row.state, row.completed_on, row.return_reason = TaskState.SUBMITTED, local_day(received), None
    after = {"state": row.state, "version": version, "data": clean, "attachments": hashes}
    after |= {"note": intake.note} if intake.note else {}
    if received != entered:
        after |= {"received_at": received.isoformat(), "received_reason": intake.received_reason}
    record(
        session,
        actor=intake.actor,
        action="submit",
        at=entered,
        directive_id=intake.directive,
        task_id=row.id,
        before=before,
        after=after,
    )
    return Submitted(intake.directive, row.key, version, tuple(hashes))


def _own_task(session: Session, intake: Intake) -> TaskRow:
    """The task, locked; refused unless the actor may hand it in and it still takes work."""
    directive, agency = intake.directive, intake.agency
    try:
        row = find_task(
            session, directive=directive, task=intake.task, agency=agency, for_update=True
        )
    except NotFoundError:
        find_directive(session, directive=directive)
        check_agency(session, agency=agency, directive=directive)  # name the agency if that's it
        raise
    if row.agency != agency:
        check_agency(session, agency=agency, directive=directive)
        raise ForbiddenError(
            f"task '{row.key}' belongs to '{row.agency}'; '{agency}' may not submit it"
        )
    check_owner(intake.actor, row, "submit")
    if row.cancelled:
        raise RefusedError(f"task '{row.key}' is cancelled (its assignment left the directive)")
    if row.state == TaskState.ACCEPTED:
        raise RefusedError(f"task '{row.key}' is already accepted; it can no longer change")
    return row


def _received(session: Session, row: TaskRow, intake: Intake, entered: datetime) -> datetime:
    """When the submission counts as received: the entry, or an operator's earlier claim."""
    claimed = intake.received_at
    if claimed is None or abs(claimed - entered) <= CLOCK_SKEW:
        return entered
    if claimed > entered:
        raise RefusedError(f"received_at {claimed.isoformat()} is in the future")
    if not intake.actor.operator:
        raise ForbiddenError("only an operator may record a received time earlier than now")
    if not intake.received_reason:
        raise RefusedError("an earlier received time needs a reason (received_reason)")
    issued = session.get_one(DirectiveRow, row.directive_id).issued
    if issued is not None and local_day(claimed) < issued:
        raise RefusedError(
            f"received_at {local_day(claimed).isoformat()} is before the directive was "
            f"issued ({issued.isoformat()})"
        )
    return claimed


def _waiting_same(
    session: Session, row: TaskRow, intake: Intake, data: dict[str, Any], hashes: list[str]
) -> int | None:
    """The version waiting for review when it holds exactly this submission, else None."""
    if row.state != TaskState.SUBMITTED:
        return None
    latest = session.scalars(
        select(SubmissionRow)
        .where(SubmissionRow.task_id == row.id)
        .order_by(SubmissionRow.version.desc())
        .limit(1)
    ).first()
    if latest is None or latest.data != data or (latest.note or None) != (intake.note or None):
        return None
    files = session.execute(
        select(AttachmentRow.sha256, AttachmentRow.original_name)
        .where(AttachmentRow.submission_id == latest.id)
        .order_by(AttachmentRow.id)
    ).all()
    given = [(digest, f.name) for digest, f in zip(hashes, intake.attachments, strict=True)]
    return latest.version if [tuple(f) for f in files] == given else None


def _next_version(session: Session, task_id: int) -> int:
    query = select(func.max(SubmissionRow.version)).where(SubmissionRow.task_id == task_id)
    return (session.scalar(query) or 0) + 1


def _attachment_problems(files: Sequence[IntakeFile], types: Collection[str]) -> list[str]:
    problems: list[str] = []
    for item in files:
        if item.path.is_symlink():  # never followed (store_attachment): say so, do not fail
            problems.append(f"{item.name}: a link, not a file; attach the file itself")
        elif not item.path.is_file():
            problems.append(f"{item.name}: no such file")
        elif item.path.stat().st_size == 0:
            problems.append(
                f"{item.name}: the file is empty (0 bytes); attach the one with the content"
            )
        elif item.path.stat().st_size > MAX_ATTACHMENT_BYTES:
            mib = item.path.stat().st_size / 2**20
            problems.append(
                f"{item.name}: {mib:.1f} MiB is over the 25 MiB limit for an attachment"
            )
        elif problem := _type_problem(item, types):
            problems.append(f"{item.name}: {problem}")
    return problems


def _type_problem(item: IntakeFile, types: Collection[str]) -> str | None:
    """Why the file is not a document of an accepted type, or None (see ``filetypes``)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_BINARY", 0)
    try:
        with os.fdopen(os.open(item.path, flags), "rb") as file:
            head = file.read(HEAD_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or os.strerror(exc.errno or errno.EIO)
        return f"cannot read the file ({reason})"
    whole = len(head) <= HEAD_BYTES
    return content_problem(item.name, head[:HEAD_BYTES], types, whole=whole)


def _sizes(intake: Intake) -> list[int]:
    return [f.path.stat().st_size for f in intake.attachments]
