"""A directive's board: four-way counts per agency, progress, overdue list, timeline.

Counts are ``engine.status``'s. The timeline has one bar per live task: from the
directive's issue to its own deadline (planned), the deadline in force if an extension
moved it, and the day it was completed (actual) or today if it is still open. The
critical path is the chain of tasks, through the dependencies, that ends at the latest
deadline and passes each time through the latest-due supplier: the chain whose delay
delays the consolidated result. Reports and urging letters are listed for those who
may download them (:mod:`.audience`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directive_flow.domain import Actor, Recipient, Stage, StageKind, Status
from directive_flow.steps.audience import check_sees_directive
from directive_flow.steps.common import iso
from directive_flow.steps.consolidate import agency_names
from directive_flow.steps.lookup import find_directive
from directive_flow.steps.status import Counts, Report, TaskStatus, status_report
from directive_flow.store.tables import DependencyRow, OutboxRow, ReportRow, TaskRow

__all__ = ["Bar", "Board", "FileLink", "board", "critical_path", "directive_status"]


@dataclass(frozen=True)
class Bar:
    """One task on the timeline."""

    task: str
    agency: str
    planned: date | None
    due: date | None
    done: date | None
    status: Status
    critical: bool


@dataclass(frozen=True)
class FileLink:
    """A downloadable file: a report (``report``) or an urging letter (``letter``)."""

    kind: str
    id: int
    task: str
    label: str
    at: datetime


@dataclass(frozen=True)
class Board:
    """What the board page shows."""

    directive: str
    number: str
    title: str
    issuer: str
    issued: date | None
    as_of: date
    names: dict[str, str]
    total: Counts
    by_agency: dict[str, Counts]
    overdue: tuple[TaskStatus, ...]
    bars: tuple[Bar, ...]
    files: tuple[FileLink, ...]
    consolidating: tuple[str, ...]

    @property
    def progress(self) -> float:
        """Completed (on time or late) out of the tasks with a deadline, in percent."""
        return round(self.total.percent(Status.ON_TIME) + self.total.percent(Status.LATE), 1)

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``GET /api/directives/{id}``."""
        return {
            "directive": self.directive,
            "number": self.number,
            "title": self.title,
            "issuer": self.issuer,
            "as_of": self.as_of.isoformat(),
            "progress": self.progress,
            "total": self.total.to_json(),
            "by_agency": {a: c.to_json() for a, c in self.by_agency.items()},
            "overdue": [t.to_json() for t in self.overdue],
            "timeline": [_bar_json(b) for b in self.bars],
            "critical_path": [b.task for b in self.bars if b.critical],
            "files": [
                {
                    "kind": f.kind,
                    "id": f.id,
                    "task": f.task,
                    "label": f.label,
                    "at": f.at.isoformat(),
                }
                for f in self.files
            ],
        }


def board(session: Session, *, actor: Actor, directive: str, as_of: date) -> Board:
    """The board of ``directive`` on ``as_of``; ``ForbiddenError`` for outsiders."""
    head = find_directive(session, directive=directive)
    check_sees_directive(session, actor, head)
    report = status_report(session, as_of=as_of, directive=directive, with_tasks=True)
    rows = list(
        session.scalars(
            select(TaskRow).where(TaskRow.directive_id == directive, TaskRow.cancelled.is_(False))
        )
    )
    chain = set(critical_path(session, rows))
    states = {t.key: t for t in report.tasks}
    bars = tuple(
        Bar(
            r.key,
            r.agency,
            r.original_due,
            r.due,
            r.completed_on,
            states[r.key].state,
            r.key in chain,
        )
        for r in sorted(rows, key=_order)
    )
    overdue = tuple(t for t in report.tasks if t.state == Status.OVERDUE)
    visible = _files(session, actor, head.issuer, rows)
    consolidating = tuple(
        r.key for r in rows if r.consolidates and (actor.operator or actor.speaks_for(r.agency))
    )
    return Board(
        head.id,
        head.number,
        head.title,
        head.issuer,
        head.issued,
        as_of,
        agency_names(session),
        report.total,
        report.by_agency,
        tuple(sorted(overdue, key=lambda t: -(t.days_overdue or 0))),
        bars,
        visible,
        consolidating,
    )


def _order(row: TaskRow) -> tuple[date, str]:
    return (row.original_due or date.max, row.key)


def critical_path(session: Session, rows: list[TaskRow]) -> list[str]:
    """The keys of the critical chain among ``rows`` (see the module docstring)."""
    by_id = {r.id: r for r in rows if r.due is not None}
    suppliers: dict[int, list[TaskRow]] = defaultdict(list)
    query = select(DependencyRow).where(DependencyRow.consumer_id.in_(list(by_id)))
    for dep in session.scalars(query):
        if dep.supplier_id in by_id:
            suppliers[dep.consumer_id].append(by_id[dep.supplier_id])
    ends = [r for r in by_id.values() if suppliers[r.id]]
    if not ends:
        return []
    chain = [max(ends, key=lambda r: (r.due or date.min, r.key))]
    while suppliers[chain[-1].id] and len(chain) <= len(by_id):
        chain.append(max(suppliers[chain[-1].id], key=lambda r: (r.due or date.min, r.key)))
    return [r.key for r in reversed(chain)]


def _files(
    session: Session, actor: Actor, issuer: str, rows: list[TaskRow]
) -> tuple[FileLink, ...]:
    """Reports and letters of ``rows`` that ``actor`` may download, newest first."""
    allowed = {
        r.id: r
        for r in rows
        if actor.operator or actor.speaks_for(r.agency) or actor.speaks_for(issuer)
    }
    links = [
        FileLink(
            "report",
            rep.id,
            allowed[rep.task_id].key,
            "Báo cáo tổng hợp" + (" (một phần)" if rep.partial else ""),
            rep.created_at,
        )
        for rep in session.scalars(select(ReportRow).where(ReportRow.task_id.in_(list(allowed))))
    ]
    escalations = [Stage.escalate(Recipient.HEAD), Stage.escalate(Recipient.LEADER)]
    sent = select(OutboxRow).where(
        OutboxRow.task_id.in_(list(allowed)), OutboxRow.stage.in_(escalations)
    )
    for row in session.scalars(sent):
        stage = Stage.parse(row.stage)
        if stage.kind == StageKind.ESCALATE and stage.filed_under is None and row.sent_at:
            label = f"Văn bản đôn đốc ({stage.escalate_to.label if stage.escalate_to else stage})"
            links.append(FileLink("letter", row.id, allowed[row.task_id].key, label, row.sent_at))
    return tuple(sorted(links, key=lambda f: f.at, reverse=True))


def _bar_json(b: Bar) -> dict[str, Any]:
    return {
        "task": b.task,
        "agency": b.agency,
        "planned": iso(b.planned),
        "due": iso(b.due),
        "done": iso(b.done),
        "status": b.status.value,
        "critical": b.critical,
    }


def directive_status(session: Session, *, actor: Actor, directive: str, as_of: date) -> Report:
    """The four-way counts per agency of ``directive`` (``status_report``), for readers of
    its board."""
    check_sees_directive(session, actor, find_directive(session, directive=directive))
    return status_report(session, as_of=as_of, directive=directive, by_directive=False)
