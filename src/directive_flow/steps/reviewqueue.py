"""What waits for a reviewer's decision: submissions (with their difference from the
previous version) and extension requests.

A reviewer sees the submissions of the tasks it may decide on (the issuing office and
the agencies whose tasks wait on them, never its own agency's: :mod:`.rights`), and the
extension requests of the directives it issued. Operators see everything but their own
agency's. Deciding goes through :mod:`.review` and :mod:`.extend`, which check again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from directive_flow.domain import Actor, ExtensionStatus, TaskState
from directive_flow.steps.common import iso
from directive_flow.steps.rights import reviewers_of
from directive_flow.store.tables import (
    DependencyRow,
    DirectiveRow,
    ExtensionRow,
    ReviewRow,
    SubmissionRow,
    TaskRow,
)

_CONSUMER = aliased(TaskRow, name="consumer")  # made once: its columns are adapted once

__all__ = [
    "Change",
    "Decided",
    "ExtensionItem",
    "ReviewItem",
    "ReviewQueue",
    "changes",
    "last_decision",
    "review_queue",
]


@dataclass(frozen=True)
class Change:
    """One field of a version beside the previous version's value."""

    name: str
    label: str
    before: Any
    after: Any

    @property
    def changed(self) -> bool:
        """True when the value differs from the previous version's."""
        return bool(self.before != self.after)


@dataclass(frozen=True)
class ReviewItem:
    """A submission waiting for a decision."""

    directive: str
    task: str
    agency: str
    title: str
    version: int
    submitted_by: str
    submitted_at: datetime
    note: str | None
    previous: int | None
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class ExtensionItem:
    """An extension request waiting for the issuing office."""

    id: int
    directive: str
    task: str
    agency: str
    due: date | None
    until: date
    reason: str
    requested_by: str
    requested_at: datetime


@dataclass(frozen=True)
class ReviewQueue:
    """Both lists."""

    submissions: tuple[ReviewItem, ...]
    extensions: tuple[ExtensionItem, ...]

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``GET /api/review``."""
        return {
            "submissions": [_item_json(i) for i in self.submissions],
            "extensions": [
                {
                    "directive": e.directive,
                    "request": e.id,
                    "task": e.task,
                    "agency": e.agency,
                    "due": iso(e.due),
                    "until": e.until.isoformat(),
                    "reason": e.reason,
                    "requested_by": e.requested_by,
                    "requested_at": e.requested_at.isoformat(),
                }
                for e in self.extensions
            ],
        }


@dataclass(frozen=True)
class Decided:
    """A decision ``actor`` recorded on one task, as the page after it confirms it."""

    task: str
    kind: str  # accept, return, approved, rejected
    version: int | None  # the version reviewed (a review)
    until: date | None  # the day asked for (an extension)
    at: datetime


def last_decision(session: Session, *, actor: Actor, directive: str, task: str) -> Decided | None:
    """The latest review or extension decision ``actor`` made on the task, else None.

    The page after a decision shows this, read from the store: an address that names a
    task the actor never decided on confirms nothing.
    """
    row = session.scalars(
        select(TaskRow).where(TaskRow.directive_id == directive, TaskRow.key == task)
    ).first()
    if row is None:
        return None
    reviewed = session.execute(
        select(ReviewRow.decision, SubmissionRow.version, ReviewRow.reviewed_at)
        .join(SubmissionRow, SubmissionRow.id == ReviewRow.submission_id)
        .where(ReviewRow.task_id == row.id, ReviewRow.reviewed_by == actor.name)
        .order_by(ReviewRow.id.desc())
        .limit(1)
    ).first()
    decided = session.execute(
        select(ExtensionRow.status, ExtensionRow.requested_until, ExtensionRow.decided_at)
        .where(ExtensionRow.task_id == row.id, ExtensionRow.decided_by == actor.name)
        .order_by(ExtensionRow.id.desc())
        .limit(1)
    ).first()
    found = []
    if reviewed is not None:
        found.append(Decided(row.key, str(reviewed[0]), reviewed[1], None, reviewed[2]))
    if decided is not None and decided[2] is not None:
        found.append(Decided(row.key, str(decided[0]), None, decided[1], decided[2]))
    return max(found, key=lambda d: d.at, default=None)


def review_queue(session: Session, *, actor: Actor) -> ReviewQueue:
    """What ``actor`` may decide on now, oldest first."""
    if not actor.operator and actor.agency is None:
        return ReviewQueue((), ())
    return ReviewQueue(_submissions(session, actor), _extensions(session, actor))


def _candidates(actor: Actor) -> Any:
    """Tasks of the actor's directives or of its consumers (narrowed again by the rights)."""
    query = select(TaskRow).join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
    query = query.where(TaskRow.cancelled.is_(False))
    if actor.agency is not None:
        query = query.where(TaskRow.agency != actor.agency)
    if actor.operator:
        return query
    consumer = _CONSUMER
    consumes = (
        select(DependencyRow.supplier_id)
        .join(consumer, consumer.id == DependencyRow.consumer_id)
        .where(DependencyRow.supplier_id == TaskRow.id, consumer.agency == actor.agency)
    )
    return query.where(or_(DirectiveRow.issuer == actor.agency, consumes.exists()))


def _submissions(session: Session, actor: Actor) -> tuple[ReviewItem, ...]:
    query = _candidates(actor).where(TaskRow.state == TaskState.SUBMITTED)
    items = []
    for row in session.scalars(query.order_by(TaskRow.completed_on, TaskRow.key)):
        if actor.operator or actor.agency in reviewers_of(session, row):
            items.append(_review_item(session, row))
    return tuple(items)


def _review_item(session: Session, row: TaskRow) -> ReviewItem:
    query = (
        select(SubmissionRow)
        .where(SubmissionRow.task_id == row.id)
        .order_by(SubmissionRow.version.desc())
        .limit(2)
    )
    latest, previous = [*session.scalars(query), None][:2]
    assert latest is not None  # a submitted task has a submission
    return ReviewItem(
        row.directive_id,
        row.key,
        row.agency,
        row.title,
        latest.version,
        latest.submitted_by,
        latest.submitted_at,
        latest.note,
        previous.version if previous else None,
        changes(row.deliverable.get("fields", []), previous.data if previous else {}, latest.data),
    )


def changes(
    fields: list[dict[str, Any]], before: dict[str, Any], after: dict[str, Any]
) -> tuple[Change, ...]:
    """Every declared field (then any other key) with its previous and current value."""
    labels = {str(f["name"]): str(f.get("label") or f["name"]) for f in fields}
    names = list(labels) + sorted((set(before) | set(after)) - set(labels))
    return tuple(Change(n, labels.get(n, n), before.get(n), after.get(n)) for n in names)


def _extensions(session: Session, actor: Actor) -> tuple[ExtensionItem, ...]:
    query = (
        select(ExtensionRow, TaskRow)
        .join(TaskRow, TaskRow.id == ExtensionRow.task_id)
        .join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
        .where(ExtensionRow.status == ExtensionStatus.PENDING, TaskRow.cancelled.is_(False))
    )
    if actor.agency is not None:
        query = query.where(TaskRow.agency != actor.agency)
    if not actor.operator:
        query = query.where(DirectiveRow.issuer == actor.agency)
    rows = session.execute(query.order_by(ExtensionRow.requested_at))
    return tuple(
        ExtensionItem(
            e.id,
            t.directive_id,
            t.key,
            t.agency,
            t.due,
            e.requested_until,
            e.reason,
            e.requested_by,
            e.requested_at,
        )
        for e, t in rows
    )


def _item_json(i: ReviewItem) -> dict[str, Any]:
    return {
        "directive": i.directive,
        "task": i.task,
        "agency": i.agency,
        "title": i.title,
        "version": i.version,
        "submitted_by": i.submitted_by,
        "submitted_at": i.submitted_at.isoformat(),
        "note": i.note,
        "previous_version": i.previous,
        "changes": [
            {
                "field": c.name,
                "label": c.label,
                "before": c.before,
                "after": c.after,
                "changed": c.changed,
            }
            for c in i.changes
        ],
    }
