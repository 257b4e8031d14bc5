"""An agency's tasks as the portal lists them: by the four-way status, with what matters.

Each :class:`TaskItem` carries the status on the day (``engine.status``'s rule, counted
there and only there), the deadline in force and the directive's own, working days left
(on the directive's calendar), days overdue, what the task still waits on, and the
reason its last submission was returned. The queries are a fixed number whatever the
number of tasks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directive_flow.calendar import WorkCalendar
from directive_flow.domain import Status, TaskState
from directive_flow.errors import NotFoundError
from directive_flow.steps.common import iso
from directive_flow.steps.schedule import directive_calendar
from directive_flow.steps.status import TaskStatus, status_report
from directive_flow.store.tables import DirectiveRow, TaskRow

__all__ = [
    "OPERATOR_LIST_LIMIT",
    "URGENCY",
    "TaskItem",
    "calendar_of",
    "group_by_status",
    "task_list",
]

OPERATOR_LIST_LIMIT = 500
"""At most this many tasks in an operator's list (an operator sees every agency's)."""
URGENCY = (Status.OVERDUE, Status.IN_PROGRESS, Status.NO_DEADLINE, Status.LATE, Status.ON_TIME)
"""The order a person's list shows the statuses in: what needs doing first."""


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


def task_list(
    session: Session,
    *,
    agency: str | None,
    as_of: date,
    only: tuple[str, str] | None = None,
) -> list[TaskItem]:
    """``agency``'s live tasks (every agency's, capped, when None), or the one of ``only``."""
    try:
        report = status_report(
            session, as_of=as_of, agency=agency, with_tasks=True, by_directive=False
        )
    except NotFoundError:  # an agency with no task at all (an issuing office)
        return []
    statuses = [t for t in report.tasks if only is None or (t.directive, t.key) == only]
    statuses = statuses[:OPERATOR_LIST_LIMIT]
    rows = _rows(session, {t.directive for t in statuses}, agency)
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
    session: Session, directives: set[str], agency: str | None
) -> dict[tuple[str, str], tuple[Any, DirectiveRow]]:
    """The columns a list shows (not the deliverables' JSON), and each task's directive."""
    heads = {
        d.id: d
        for d in session.scalars(
            select(DirectiveRow).where(DirectiveRow.id.in_(sorted(directives)))
        )
    }
    query = select(*_COLUMNS).where(
        TaskRow.directive_id.in_(sorted(directives)), TaskRow.cancelled.is_(False)
    )
    if agency is not None:
        query = query.where(TaskRow.agency == agency)
    return {(t.directive_id, t.key): (t, heads[t.directive_id]) for t in session.execute(query)}


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
