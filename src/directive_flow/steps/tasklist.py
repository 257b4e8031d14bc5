"""An agency's tasks as the portal lists them: by the four-way status, with what matters.

Each :class:`TaskItem` carries the status on the day (``engine.status``'s rule, counted
there and only there), the deadline in force and the directive's own, working days left
(on the directive's calendar), days overdue, what the task still waits on, and the
reason its last submission was returned. The queries are a fixed number whatever the
number of tasks.

A list holds **live** work by default (the tasks of the directives ``steps.status``
calls live: an open task, or work due or completed within ``ARCHIVE_AFTER_DAYS``), a
page at a time; ``scope="all"`` adds the ended and historical directives' tasks, newest
first, read by keyset so that a page costs a page whatever the years behind it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from directive_flow.calendar import WorkCalendar
from directive_flow.domain import Status, TaskState
from directive_flow.errors import NotFoundError
from directive_flow.steps.common import iso
from directive_flow.steps.schedule import directive_calendar
from directive_flow.steps.status import CHUNK, TaskStatus, status_report, task_statuses
from directive_flow.store.tables import DirectiveRow, TaskRow

__all__ = [
    "MAX_PER_PAGE",
    "PER_PAGE",
    "URGENCY",
    "Scope",
    "TaskItem",
    "TaskPage",
    "calendar_of",
    "group_by_status",
    "task_list",
    "task_page",
]

PER_PAGE = 100
"""Tasks on one page of a list."""
MAX_PER_PAGE = 500
"""At most this many tasks on one page (``per_page``), an operator's included."""
URGENCY = (Status.OVERDUE, Status.IN_PROGRESS, Status.NO_DEADLINE, Status.LATE, Status.ON_TIME)
"""The order a person's list shows the statuses in: what needs doing first."""
Scope = Literal["live", "all"]


@dataclass(frozen=True)
class TaskItem:
    """One task in a list."""

    directive: str
    directive_number: str
    task: str
    title: str
    agency: str
    due: date | None
    original_due: date | None
    status: Status
    state: TaskState
    completed_on: date | None
    working_days_left: int | None
    days_overdue: int | None
    waits_on: tuple[str, ...]
    return_reason: str | None

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``GET /api/tasks`` items."""
        return {
            "directive": self.directive,
            "directive_number": self.directive_number,
            "task": self.task,
            "title": self.title,
            "agency": self.agency,
            "due": iso(self.due),
            "original_due": iso(self.original_due),
            "status": self.status.value,
            "status_label": self.status.label,
            "state": self.state.value,
            "completed_on": iso(self.completed_on),
            "working_days_left": self.working_days_left,
            "days_overdue": self.days_overdue,
            "waits_on": list(self.waits_on),
            "return_reason": self.return_reason,
        }


@dataclass(frozen=True)
class TaskPage:
    """One page of a task list, and where it stands among the others.

    The live list (``scope="live"``) is numbered (``page`` of ``pages``) and counts its
    tasks per status (``status`` narrows it to one); the whole list (``scope="all"``, ended directives too) is read by
    keyset, newest task first, and not counted (a count would read every year): ``after``
    is the task id the page starts after (None on the first page) and ``next_after`` the
    next page's, None on the last.
    """

    items: tuple[TaskItem, ...]
    scope: Scope
    page: int
    per_page: int
    total: int | None  # the live list's length; None for the whole list (not counted)
    counts: dict[Status, int]
    after: int | None = None
    next_after: int | None = None
    status: Status | None = None  # the live list narrowed to one state

    @property
    def pages(self) -> int:
        """The number of pages of the live list (one, when empty); 0 for the whole list,
        which is read by keyset and not numbered."""
        if self.scope == "all":
            return 0
        return max(1, math.ceil((self.total or 0) / self.per_page))

    def to_json(self) -> dict[str, Any]:
        """The paging part of ``GET /api/tasks``."""
        return {
            "scope": self.scope,
            "status": self.status.value if self.status else None,
            "page": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "total": self.total,
            "counts": {s.value: n for s, n in self.counts.items()},
            "after": self.after,
            "next_after": self.next_after,
            "tasks": [i.to_json() for i in self.items],
        }


def task_list(
    session: Session,
    *,
    agency: str | None,
    as_of: date,
    only: tuple[str, str] | None = None,
) -> list[TaskItem]:
    """``agency``'s live tasks (every agency's when None) on one list, most urgent first;
    or the one task of ``only`` (directive, key), whatever its directive's state."""
    if only is not None:
        query = select(TaskRow.id).where(TaskRow.directive_id == only[0], TaskRow.key == only[1])
        if agency is not None:
            query = query.where(TaskRow.agency == agency)
        found = session.scalar(query)
        statuses = task_statuses(session, as_of=as_of, ids=[found] if found is not None else [])
        return _items(session, statuses, agency, as_of)
    return list(task_page(session, agency=agency, as_of=as_of, per_page=None).items)


def task_page(
    session: Session,
    *,
    agency: str | None,
    as_of: date,
    scope: Scope = "live",
    page: int = 1,
    after: int | None = None,
    per_page: int | None = PER_PAGE,
    status: Status | None = None,
) -> TaskPage:
    """A page of ``agency``'s tasks (every agency's when None), see :class:`TaskPage`.

    Live: the tasks of the directives live on ``as_of`` (``steps.status``' sense: an open
    task, or work due or completed within ``ARCHIVE_AFTER_DAYS``; never a historical
    one), most urgent first, page ``page`` (a page past the last is the last); its cost
    follows live work. All: every directive's, newest task first, the ``per_page`` tasks
    after task ``after``; its cost follows the page (``per_page=None``: no limit).
    ``status`` keeps the live tasks in that state only (the counts stay the whole list's).
    """
    size = min(max(per_page, 1), MAX_PER_PAGE) if per_page is not None else None
    if scope == "all":
        return _whole_page(session, agency, as_of, after, size)
    try:
        report = status_report(
            session, as_of=as_of, agency=agency, with_tasks=True, by_directive=False, scope="live"
        )
    except NotFoundError:  # an agency with no task at all (an issuing office)
        report = None
    statuses = sorted(report.tasks if report else (), key=_urgent_first)
    counts = dict.fromkeys(URGENCY, 0)
    for one in statuses:
        counts[one.state] += 1
    if status is not None:
        statuses = [t for t in statuses if t.state == status]
    total = len(statuses)
    if size is None:
        number, chosen = 1, statuses
    else:
        number = min(max(page, 1), max(1, math.ceil(total / size)))
        chosen = statuses[(number - 1) * size : number * size]
    items = _items(session, chosen, agency, as_of)
    return TaskPage(
        tuple(items), "live", number, size or max(total, 1), total, counts, status=status
    )


def _whole_page(
    session: Session, agency: str | None, as_of: date, after: int | None, size: int | None
) -> TaskPage:
    """Every task, newest first, by keyset on the task id (an index range per page)."""
    where: list[ColumnElement[bool]] = [TaskRow.cancelled.is_(False)]
    if agency is not None:
        where.append(TaskRow.agency == agency)
    query = select(TaskRow.id).where(*where)
    if after is not None:
        query = query.where(TaskRow.id < after)
    query = query.order_by(TaskRow.id.desc())
    ids = list(session.scalars(query.limit(size + 1) if size is not None else query))
    more = size is not None and len(ids) > size
    ids = ids[:size] if size is not None else ids
    by_id = dict(zip(ids, range(len(ids)), strict=True))
    statuses = task_statuses(session, as_of=as_of, ids=ids)
    keys = _ids_of(session, ids)
    ordered = sorted(statuses, key=lambda t: by_id[keys[(t.directive, t.key)]])
    items = _items(session, ordered, agency, as_of)
    return TaskPage(
        tuple(items), "all", 1, size or max(len(ids), 1), None, {}, after,
        ids[-1] if more else None,
    )  # fmt: skip


def _ids_of(session: Session, ids: list[int]) -> dict[tuple[str, str], int]:
    query = select(TaskRow.directive_id, TaskRow.key, TaskRow.id).where(TaskRow.id.in_(ids))
    return {(d, k): i for d, k, i in session.execute(query)}


def _urgent_first(status: TaskStatus) -> tuple[int, int, str, str]:
    """Most urgent status first; open work by deadline, soonest (most overdue) first;
    completed work latest first."""
    if status.completed_on is not None and status.state in (Status.ON_TIME, Status.LATE):
        when = -status.completed_on.toordinal()
    else:
        when = status.deadline.toordinal() if status.deadline else date.max.toordinal()
    return (URGENCY.index(status.state), when, status.directive, status.key)


def _items(
    session: Session, statuses: Sequence[TaskStatus], agency: str | None, as_of: date
) -> list[TaskItem]:
    """The statuses as list items, in their order (the columns read for them only)."""
    if not statuses:
        return []
    rows = _rows(session, {(t.directive, t.key) for t in statuses}, agency)
    items = []
    for status in statuses:
        row, directive = rows[(status.directive, status.key)]
        items.append(_item(status, row, directive, calendar_of(directive), as_of))
    return items


_CALENDARS: dict[str, WorkCalendar] = {}


def calendar_of(directive: DirectiveRow) -> WorkCalendar:
    """The directive's working-day calendar, built once per distinct calendar and kept:
    building one computes its years' holidays (tens of milliseconds), and a list is read
    on every page. Calendars are safe to share between threads."""
    spec = json.dumps(directive.calendar or {}, sort_keys=True)
    if spec not in _CALENDARS:
        if len(_CALENDARS) > 256:  # definitions with ever new calendars: start again
            _CALENDARS.clear()
        _CALENDARS[spec] = directive_calendar(directive)
    return _CALENDARS[spec]


_COLUMNS = (
    TaskRow.directive_id,
    TaskRow.key,
    TaskRow.title,
    TaskRow.due,
    TaskRow.original_due,
    TaskRow.state,
    TaskRow.return_reason,
)


def _rows(
    session: Session, keys: set[tuple[str, str]], agency: str | None
) -> dict[tuple[str, str], tuple[Any, DirectiveRow]]:
    """The columns a list shows (not the deliverables' JSON) of the tasks ``keys``
    (directive, key), and each task's directive."""
    directives = sorted({d for d, _ in keys})
    heads = {
        d.id: d
        for d in session.scalars(select(DirectiveRow).where(DirectiveRow.id.in_(directives)))
    }
    found: dict[tuple[str, str], tuple[Any, DirectiveRow]] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        query = select(*_COLUMNS).where(
            TaskRow.directive_id.in_({d for d, _ in chunk}),
            TaskRow.key.in_({k for _, k in chunk}),
            TaskRow.cancelled.is_(False),
        )
        if agency is not None:
            query = query.where(TaskRow.agency == agency)
        for t in session.execute(query):
            if (t.directive_id, t.key) in keys:
                found[(t.directive_id, t.key)] = (t, heads[t.directive_id])
    return found


def _item(
    status: TaskStatus, row: Any, directive: DirectiveRow, calendar: WorkCalendar, day: date
) -> TaskItem:
    left = None
    if status.state == Status.IN_PROGRESS and status.deadline is not None:
        left = calendar.working_days_between(day, status.deadline)
    return TaskItem(
        directive=status.directive,
        directive_number=directive.number,
        task=status.key,
        title=row.title,
        agency=status.agency,
        due=row.due,
        original_due=row.original_due,
        status=status.state,
        state=row.state,
        completed_on=status.completed_on,
        working_days_left=left,
        days_overdue=status.days_overdue,
        waits_on=status.waits_on,
        return_reason=row.return_reason if row.state == TaskState.ASSIGNED else None,
    )


def group_by_status(items: list[TaskItem]) -> dict[Status, list[TaskItem]]:
    """The items by status, most urgent first (``URGENCY``; empty groups kept)."""
    groups: dict[Status, list[TaskItem]] = {s: [] for s in URGENCY}
    for item in items:
        groups[item.status].append(item)
    return groups
