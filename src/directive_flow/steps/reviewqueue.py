"""What waits for a reviewer's decision: submissions (with their difference from the
previous version) and extension requests.

A reviewer sees the submissions of the tasks it may decide on (the issuing office and
the agencies whose tasks wait on them, never its own agency's: :mod:`.rights`), and the
extension requests of the directives it issued. Operators see everything but their own
agency's. Deciding goes through :mod:`.review` and :mod:`.extend`, which check again.

The queue holds the **live** directives' work by default (``steps.status``' sense), a
page of submissions at a time (``PER_PAGE``), oldest first; ``scope="all"`` adds what
waits in directives that ended (a submission nobody decided on for months). Its
statements are a fixed number whatever the queue's length: the waiting tasks' ids and
dates first, then, for the page only, the tasks, their latest two versions and whatever
else the page shows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, aliased

from directive_flow.domain import Actor, ExtensionStatus, TaskState
from directive_flow.steps.common import iso, local_today
from directive_flow.steps.status import CHUNK, live_directive_ids
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
    "MAX_PER_PAGE",
    "PER_PAGE",
    "Change",
    "Decided",
    "ExtensionItem",
    "ReviewItem",
    "ReviewQueue",
    "Scope",
    "changes",
    "last_decision",
    "review_queue",
]


PER_PAGE = 50
"""Submissions on one page of the queue."""
MAX_PER_PAGE = 200
Scope = Literal["live", "all"]


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
    """Both lists: one page of the submissions (``total`` on every page), every pending
    extension request of the scope."""

    submissions: tuple[ReviewItem, ...]
    extensions: tuple[ExtensionItem, ...]
    scope: Scope = "live"
    page: int = 1
    per_page: int = PER_PAGE
    total: int = 0

    @property
    def pages(self) -> int:
        """The number of pages of submissions (one, when there are none)."""
        return max(1, math.ceil(self.total / self.per_page))

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``GET /api/review``."""
        return {
            "scope": self.scope,
            "page": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "total": self.total,
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


def review_queue(
    session: Session,
    *,
    actor: Actor,
    as_of: date | None = None,
    scope: Scope = "live",
    page: int = 1,
    per_page: int = PER_PAGE,
) -> ReviewQueue:
    """What ``actor`` may decide on now, oldest first: page ``page`` of the submissions
    (a page past the last is the last) and the extension requests, of the directives live
    on ``as_of`` (today) unless ``scope="all"``."""
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    if not actor.operator and actor.agency is None:
        return ReviewQueue((), (), scope, 1, per_page, 0)
    live = None if scope == "all" else live_directive_ids(session, as_of or local_today())
    waiting = _waiting(session, actor, live)
    number = min(max(page, 1), max(1, math.ceil(len(waiting) / per_page)))
    chosen = [task_id for _, _, task_id in waiting[(number - 1) * per_page : number * per_page]]
    return ReviewQueue(
        _review_items(session, chosen),
        _extensions(session, actor, None if live is None else set(live)),
        scope,
        number,
        per_page,
        len(waiting),
    )


def _candidates(actor: Actor, *columns: Any) -> Any:
    """Tasks of the actor's directives or of its consumers: exactly those whose reviewers
    (:func:`.rights.reviewers_of`: the issuer and the live consumers' owners, never the
    task's own agency) include the actor's agency; every one but its own for an operator."""
    query = select(*columns).join(DirectiveRow, DirectiveRow.id == TaskRow.directive_id)
    query = query.where(TaskRow.cancelled.is_(False))
    if actor.agency is not None:
        query = query.where(TaskRow.agency != actor.agency)
    if actor.operator:
        return query
    consumer = _CONSUMER
    consumes = (
        select(DependencyRow.supplier_id)
        .join(consumer, consumer.id == DependencyRow.consumer_id)
        .where(
            DependencyRow.supplier_id == TaskRow.id,
            consumer.agency == actor.agency,
            consumer.cancelled.is_(False),
        )
    )
    return query.where(or_(DirectiveRow.issuer == actor.agency, consumes.exists()))


def _waiting(session: Session, actor: Actor, live: list[str] | None) -> list[tuple[date, str, int]]:
    """(handed in on, key, task id) of every submission waiting for ``actor``, oldest
    first; among the ``live`` directives when given (in chunks of bound ids)."""
    base = _candidates(actor, TaskRow.completed_on, TaskRow.key, TaskRow.id)
    base = base.where(TaskRow.state == TaskState.SUBMITTED)
    scopes: list[ColumnElement[bool] | None] = [None]
    if live is not None:
        scopes = [TaskRow.directive_id.in_(live[i : i + CHUNK]) for i in range(0, len(live), CHUNK)]
    rows: list[tuple[date, str, int]] = []
    for where in scopes:
        query = base if where is None else base.where(where)
        rows += [(on or date.min, key, task_id) for on, key, task_id in session.execute(query)]
    return sorted(rows)


def _review_items(session: Session, ids: list[int]) -> tuple[ReviewItem, ...]:
    """The page's tasks with their latest two versions, in the order of ``ids``."""
    if not ids:
        return ()
    rows = {r.id: r for r in session.scalars(select(TaskRow).where(TaskRow.id.in_(ids)))}
    versions: dict[int, list[SubmissionRow]] = defaultdict(list)
    query = select(SubmissionRow).where(SubmissionRow.task_id.in_(ids))
    for sub in session.scalars(query.order_by(SubmissionRow.task_id, SubmissionRow.version.desc())):
        if len(versions[sub.task_id]) < 2:
            versions[sub.task_id].append(sub)
    return tuple(_review_item(rows[i], versions[i]) for i in ids if versions[i])


def _review_item(row: TaskRow, latest_two: list[SubmissionRow]) -> ReviewItem:
    latest, previous = [*latest_two, None][:2]
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


def _extensions(session: Session, actor: Actor, live: set[str] | None) -> tuple[ExtensionItem, ...]:
    """The pending requests ``actor`` decides on (of the ``live`` directives when given)."""
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
        if live is None or t.directive_id in live
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
