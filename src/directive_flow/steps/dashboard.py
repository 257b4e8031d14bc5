"""Dashboards as plain data: what the Prefect artifacts of each directive show.

For each directive, on a day: the completion progress (tasks completed, on time or late,
out of the tasks with a deadline), a table of the four-way counts per agency with
Vietnamese column names, and a Markdown summary in Vietnamese that lists the overdue
tasks with their days overdue. The counts are ``steps.status``'s; nothing is counted
here a second time. Rendering them as artifacts is the flows' business.

Publishing what changed
-----------------------

Artifacts cost ~43 ms each, so a flow run publishes only the dashboards that changed
(:func:`changed_dashboards`); ``dashboard_publications`` keeps, per directive, the day,
the latest audit event and the digest of what was last published. A directive is a
candidate when

- it was never published;
- it was written to since (an audit event newer than the one published): any write to a
  directive (registration, submission, review, extension) records one, live or not; or
- it is live (``steps.status.live_directives``), its board was published for another
  day, and one of its tasks can read differently on this one (open and past due, so its
  days overdue moved, or due or completed between the two days).

A candidate is built and published only if its digest differs. So a closed or historical
directive is published once more after a write and then left alone; the day moving
touches only live directives with overdue work. ``recheck_live`` (the nightly run) also
rebuilds every live directive, a safety net for writes whose audit event committed out
of order (PostgreSQL hands out ids before commit). The date in a board's summary is the
day it was last published; a board that did not change keeps its date.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from directive_flow.domain import Status
from directive_flow.steps.common import utc_now
from directive_flow.steps.consolidate import agency_names
from directive_flow.steps.lookup import find_directive
from directive_flow.steps.status import Counts, TaskStatus, live_directives, status_report
from directive_flow.store.tables import AuditRow, DashboardRow, DirectiveRow, TaskRow
from directive_flow.texts import render_markdown

AGENCY, RATE, TOTAL = "Cơ quan", "Tỉ lệ hoàn thành (%)", "Tổng cộng"
COLUMNS: tuple[str, ...] = (AGENCY, *(s.label for s in Status), RATE)
"""The table's columns, in order."""

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

    @property
    def key(self) -> str:
        """The directive's artifact key."""
        return artifact_key(self.id)

    @property
    def digest(self) -> str:
        """sha256 of what its artifacts show: equal digests, nothing to publish."""
        shown = [self.number, self.title, self.progress, self.rows, self.total, self.markdown]
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
    ids = set(session.scalars(_candidates(as_of)))
    if recheck_live:
        ids.update(session.scalars(live_directives(as_of)))
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
        row.published_at = when
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
    """Directives never published, written to since, or live and moved by the day."""
    pub = DashboardRow
    latest = (
        select(func.max(AuditRow.id))
        .where(AuditRow.directive_id == DirectiveRow.id)
        .scalar_subquery()
    )
    moved = and_(pub.as_of != as_of, DirectiveRow.id.in_(live_directives(as_of)), _day_moves(as_of))
    return (
        select(DirectiveRow.id)
        .outerjoin(pub, pub.directive_id == DirectiveRow.id)
        .where(or_(pub.directive_id.is_(None), func.coalesce(latest, 0) > pub.audit_id, moved))
    )


def _day_moves(as_of: date) -> ColumnElement[bool]:
    """A task of the directive reads differently on ``as_of`` than on its board's day."""
    day = literal(as_of)
    lo = case((DashboardRow.as_of < day, DashboardRow.as_of), else_=day)
    hi = case((DashboardRow.as_of < day, day), else_=DashboardRow.as_of)
    late = and_(TaskRow.due < hi, or_(TaskRow.completed_on.is_(None), TaskRow.completed_on > lo))
    finished = and_(TaskRow.completed_on > lo, TaskRow.completed_on <= hi)
    return exists().where(
        TaskRow.directive_id == DirectiveRow.id, TaskRow.cancelled.is_(False), or_(late, finished)
    )


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
    row[RATE] = _rate(counts)
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
    """The summary (texts/templates/dashboard.md.j2), every value escaped."""
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
        board=None,
    )
