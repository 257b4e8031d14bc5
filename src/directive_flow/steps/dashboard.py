"""Dashboards as plain data: what the Prefect artifacts of each directive show.

For each directive, on a day: the completion progress (tasks completed, on time or late,
out of the tasks with a deadline), a table of the four-way counts per agency with
Vietnamese column names, and a Markdown summary in Vietnamese that lists the overdue
tasks with their days overdue. The counts are ``engine.status``'s; nothing is counted
here a second time. Rendering them as artifacts is the flows' business.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directive_flow.domain import Status
from directive_flow.steps.consolidate import agency_names
from directive_flow.steps.lookup import find_directive
from directive_flow.steps.status import Counts, TaskStatus, status_report
from directive_flow.store.tables import DirectiveRow, TaskRow
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

    @property
    def key(self) -> str:
        """The directive's artifact key."""
        return artifact_key(self.id)


def dashboard(
    session: Session, *, as_of: date, directive: str | None = None
) -> list[DirectiveDashboard]:
    """Every registered directive's dashboard (or only ``directive``'s), by id."""
    if directive is not None:
        rows = [find_directive(session, directive=directive)]
    else:
        rows = list(session.scalars(select(DirectiveRow).order_by(DirectiveRow.id)))
    names = agency_names(session)
    return [_one(session, row, as_of, names) for row in rows]


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
    session: Session, row: DirectiveRow, as_of: date, names: Mapping[str, str]
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
        row.id, row.number, row.title, as_of, progress, rows, _row(TOTAL, total), overdue, markdown
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
