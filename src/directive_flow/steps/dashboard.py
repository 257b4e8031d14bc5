"""Dashboards as plain data: what the Prefect artifacts of each directive show.

For each directive, on a day: the completion progress (tasks completed, on time or late,
out of the tasks with a deadline), a table of the four-way counts per agency with
Vietnamese column names, and a Markdown summary in Vietnamese that lists the overdue
tasks with their days overdue. The counts are ``steps.status``'s; nothing is counted
here a second time. Rendering them as artifacts is the flows' business.

Publishing what changed
-----------------------

Artifacts cost ~43 ms each, so a flow run publishes only the dashboards whose state
changed (:func:`changed_dashboards`). ``dashboard_publications`` keeps, per directive,
the day, the latest audit event and the digest of the state last published, and the
first later day on which that state changes by itself (``next_change``: a task falls
overdue, or into an older overdue bracket: 8, 31, 91 days). A directive is a candidate
when it was never published, was written to since (every write to a directive records an
audit event: registration, submission, review, extension), or reached its
``next_change``; a candidate is published only if its state's digest differs. After a
flow run the candidates come from two index ranges: the audit events since the newest
published mark (less ``SLACK`` ids, for transactions still open at the last publish)
and the publications whose ``next_change`` has come; building them is O(candidates). A closed or historical directive has no ``next_change``: it is published
once more after a write and then left alone.

The state is the counts, the progress and which tasks are overdue in which bracket; the
days overdue in the summary are those of the day it was published (the summary says
which day). ``recheck_live`` (the nightly run) instead probes every directive's latest
audit event and rebuilds every live directive: the safety net for an audit event
committed more than ``SLACK`` ids out of order (PostgreSQL hands out ids before
commit), still publishing only what changed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from directive_flow.domain import Status
from directive_flow.settings import get_settings
from directive_flow.steps.common import utc_now
from directive_flow.steps.consolidate import agency_names
from directive_flow.steps.lookup import find_directive
from directive_flow.steps.status import (
    BUCKETS,
    Counts,
    TaskStatus,
    live_directive_ids,
    status_report,
)
from directive_flow.store.tables import AuditRow, DashboardRow, DirectiveRow, TaskRow
from directive_flow.texts import render_markdown

AGENCY, RATE, TOTAL = "Cơ quan", "Tỉ lệ hoàn thành (%)", "Tổng cộng"
NO_RATE = "—"  # the rate of an agency with no deadlined task
COLUMNS: tuple[str, ...] = (AGENCY, *(s.label for s in Status), RATE)
"""The table's columns, in order."""

SLACK = 10_000  # audit ids below the newest published mark still looked at (see _candidates)
BRACKETS = (8, 31, 91)  # days overdue on which a task enters the next bracket of BUCKETS
Cell = str | int | float
Row = dict[str, Cell]


@dataclass(frozen=True)
class OverdueTask:
    """A task past its deadline and not completed."""

    key: str
    agency: str
    deadline: date
    days_overdue: int


@dataclass(frozen=True)
class DirectiveDashboard:
    """One directive's progress, table and summary on ``as_of``."""

    id: str
    number: str
    title: str
    as_of: date
    progress: float
    rows: tuple[Row, ...]
    total: Row
    overdue: tuple[OverdueTask, ...]
    markdown: str
    audit_id: int = 0
    next_change: date | None = None

    @property
    def key(self) -> str:
        """The directive's artifact key."""
        return artifact_key(self.id)

    @property
    def digest(self) -> str:
        """sha256 of the state it shows (not the day's count of days): equal, nothing new."""
        overdue = [(t.key, t.agency, t.deadline, _bracket(t.days_overdue)) for t in self.overdue]
        shown = [self.number, self.title, self.progress, self.rows, self.total, overdue]
        text = json.dumps(shown, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dashboard(
    session: Session, *, as_of: date, directive: str | None = None
) -> list[DirectiveDashboard]:
    """Every registered directive's dashboard (or only ``directive``'s), by id."""
    if directive is not None:
        find_directive(session, directive=directive)
        return _boards(session, [directive], as_of)
    return _boards(session, list(session.scalars(select(DirectiveRow.id))), as_of)


def changed_dashboards(
    session: Session, *, as_of: date, recheck_live: bool = False
) -> list[DirectiveDashboard]:
    """The dashboards that changed since they were last published (module docstring)."""
    ids = set(session.scalars(_every_candidate(as_of) if recheck_live else _candidates(as_of)))
    if recheck_live:
        ids.update(live_directive_ids(session, as_of))
    boards = _boards(session, sorted(ids), as_of)
    published = _published(session, [b.id for b in boards])
    return [b for b in boards if published.get(b.id) != b.digest]


def record_publications(
    session: Session, boards: Iterable[DirectiveDashboard], *, at: datetime | None = None
) -> None:
    """Remember what was published for each board (day, audit event, digest)."""
    when = at or utc_now()
    for board in boards:
        row = session.get(DashboardRow, board.id) or DashboardRow(directive_id=board.id)
        row.as_of, row.audit_id, row.digest = board.as_of, board.audit_id, board.digest
        row.next_change, row.published_at = board.next_change, when
        session.add(row)


def _boards(session: Session, ids: Sequence[str], as_of: date) -> list[DirectiveDashboard]:
    """The boards of ``ids``. Their audit marks are read first: a write that lands while
    the boards are built is then newer than the mark, and is published next time."""
    if not ids:
        return []
    marks = _latest_audit(session, ids)
    rows = session.scalars(select(DirectiveRow).where(DirectiveRow.id.in_(ids)))
    names = agency_names(session)
    boards = [_one(session, row, as_of, names, marks.get(row.id, 0)) for row in rows]
    return sorted(boards, key=lambda b: b.id)


def _latest_audit(session: Session, ids: Sequence[str]) -> dict[str, int]:
    query = select(AuditRow.directive_id, func.max(AuditRow.id)).where(
        AuditRow.directive_id.in_(ids)
    )
    return {str(d): int(n) for d, n in session.execute(query.group_by(AuditRow.directive_id))}


def _published(session: Session, ids: Sequence[str]) -> dict[str, str]:
    query = select(DashboardRow.directive_id, DashboardRow.digest)
    rows = session.execute(query.where(DashboardRow.directive_id.in_(ids)))
    return {str(directive): str(digest) for directive, digest in rows}


def _candidates(as_of: date) -> Select[str]:
    """After a flow run: directives with an audit event in the recent window newer than
    their publication (or never published), and those due to change by themselves.

    Index ranges only: audit events above the newest published mark less ``SLACK``
    (events a transaction still open at the last publish wrote below it), and
    publications whose ``next_change`` has come.
    """
    pub = DashboardRow
    mark = select(func.coalesce(func.max(pub.audit_id), 0)).scalar_subquery()
    written = (
        select(AuditRow.directive_id)
        .outerjoin(pub, pub.directive_id == AuditRow.directive_id)
        .where(
            AuditRow.id > mark - SLACK,
            AuditRow.directive_id.is_not(None),
            or_(pub.directive_id.is_(None), AuditRow.id > pub.audit_id),
        )
    )
    due = select(pub.directive_id).where(pub.next_change <= as_of)
    return select(written.union(due).subquery().c[0])


def _every_candidate(as_of: date) -> Select[str]:
    """The nightly check: every directive's latest audit event against its publication
    (one index probe per directive), never published, or published for a later day."""
    pub = DashboardRow
    latest = (
        select(func.max(AuditRow.id))
        .where(AuditRow.directive_id == DirectiveRow.id)
        .scalar_subquery()
    )
    return (
        select(DirectiveRow.id)
        .outerjoin(pub, pub.directive_id == DirectiveRow.id)
        .where(
            or_(
                pub.directive_id.is_(None),
                func.coalesce(latest, 0) > pub.audit_id,
                pub.next_change <= as_of,
                pub.as_of > as_of,  # asked for an earlier day than the one published
            )
        )
    )


def _next_change(tasks: Iterable[TaskStatus], as_of: date) -> date | None:
    """The first day after ``as_of`` on which one of these tasks changes state or bracket."""
    days = [day for t in tasks if (day := _task_change(t, as_of)) is not None]
    return min(days, default=None)


def _task_change(task: TaskStatus, as_of: date) -> date | None:
    if task.completed_on is not None and task.completed_on > as_of:
        return task.completed_on  # completed later than the day counted (a past day asked)
    if task.deadline is None or task.state in (Status.ON_TIME, Status.LATE):
        return None
    if task.state == Status.IN_PROGRESS:
        return task.deadline + timedelta(days=1)
    later = [task.deadline + timedelta(days=b) for b in BRACKETS]
    return next((day for day in later if day > as_of), None)


def _bracket(days: int | None) -> str | None:
    """The overdue bracket of ``days`` (``steps.status.BUCKETS``)."""
    if days is None:
        return None
    return next((name for name, limit in BUCKETS if limit and days <= limit), ">90")


def artifact_key(directive_id: str, *, kind: str | None = None) -> str:
    """``directive-<id>[-<kind>]`` in lowercase letters, digits and dashes (Prefect's rule)."""
    parts = ("directive", _slug(directive_id), _slug(kind or ""))
    return "-".join(part for part in parts if part)


def _slug(text: str) -> str:
    """Lowercase ASCII letters and digits, runs of anything else as one dash."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_only = plain.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def _one(
    session: Session, row: DirectiveRow, as_of: date, names: Mapping[str, str], audit_id: int
) -> DirectiveDashboard:
    if row.historical:  # counted in its own time, not as 4,000 days overdue today
        as_of = _own_time(session, row) or as_of
    report = status_report(
        session, as_of=as_of, directive=row.id, with_tasks=True, by_directive=False
    )
    rows = tuple(_row(names.get(a, a), c) for a, c in report.by_agency.items())
    total, overdue = report.total, _overdue(report.tasks, names)
    progress = _rate(total)
    markdown = _markdown(row, as_of, progress, total, overdue)
    upcoming = None if row.historical else _next_change(report.tasks, as_of)
    return DirectiveDashboard(
        row.id,
        row.number,
        row.title,
        as_of,
        progress,
        rows,
        _row(TOTAL, total),
        overdue,
        markdown,
        audit_id,
        upcoming,
    )


def _own_time(session: Session, row: DirectiveRow) -> date | None:
    """A historical directive's last deadline: the day its dashboard is counted on."""
    latest = select(func.max(TaskRow.original_due)).where(TaskRow.directive_id == row.id)
    day: date | None = session.scalar(latest)
    return day


def _rate(counts: Counts) -> float:
    """Completed (on time or late) out of the tasks with a deadline, 0-100, one decimal."""
    done = counts.states[Status.ON_TIME] + counts.states[Status.LATE]
    return round(100 * done / counts.with_deadline, 1) if counts.with_deadline else 0.0


def _row(agency: str, counts: Counts) -> Row:
    row: Row = {AGENCY: agency}
    row |= {s.label: counts.states[s] for s in Status}
    row[RATE] = _rate(counts) if counts.with_deadline else NO_RATE  # 0 would read as "none done"
    return row


def _overdue(tasks: tuple[TaskStatus, ...], names: Mapping[str, str]) -> tuple[OverdueTask, ...]:
    found = [
        OverdueTask(t.key, names.get(t.agency, t.agency), t.deadline, t.days_overdue)
        for t in tasks
        if t.state == Status.OVERDUE and t.deadline is not None and t.days_overdue is not None
    ]
    return tuple(sorted(found, key=lambda t: (-t.days_overdue, t.key)))


def _markdown(
    row: DirectiveRow, as_of: date, progress: float, total: Counts, overdue: tuple[OverdueTask, ...]
) -> str:
    """The summary (texts/templates/dashboard.md.j2), every value escaped, with a link to
    the directive's board on the portal (where agencies and reviewers work on it)."""
    board = f"{get_settings().portal_url.rstrip('/')}/directives/{quote(row.id)}"
    return render_markdown(
        "dashboard.md.j2",
        directive=row,
        as_of=as_of,
        done=total.states[Status.ON_TIME] + total.states[Status.LATE],
        progress=progress,
        total=total,
        states=list(Status),
        overdue=overdue,
        historical=row.historical,
        board=board,
    )
