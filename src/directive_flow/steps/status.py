"""Status the way government trackers count it, on a given day.

Every live (not cancelled) task is in exactly one state on day D:

==============  ==================================  ====================================
state           label                               rule (deadline = ``due``, or
                                                    ``original_due`` with basis original)
==============  ==================================  ====================================
no_deadline     Không có thời hạn                   no deadline (standing duty), apart
on_time         Hoàn thành đúng hạn                 completed on or before D, by deadline
late            Hoàn thành quá hạn                  completed on or before D, after it
open            Đang thực hiện trong hạn            not completed by D, D <= deadline
overdue         Quá hạn chưa hoàn thành             not completed by D, D > deadline
==============  ==================================  ====================================

"Completed" means a standing submission (submitted or accepted; a return reopens the
task). Overdue tasks are bucketed by days past the deadline: 1-7, 8-30, 31-90, >90.
Percentages are of the tasks with a deadline.

The counts come from GROUP BY queries with the state computed by a SQL CASE: the number
of queries is fixed, whatever the number of tasks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select
from sqlalchemy.orm import Session, aliased

from directive_flow.domain import STATUS_LABELS, Status, TaskState
from directive_flow.steps.lookup import check_agency, find_directive
from directive_flow.store.tables import DependencyRow, TaskRow

Basis = Literal["extended", "original"]
Block = tuple[str, str, TaskState, str]
"""(directive, supplier key, supplier state, consumer key)."""
BUCKETS: tuple[tuple[str, int], ...] = (("1-7", 7), ("8-30", 30), ("31-90", 90), (">90", 0))


@dataclass
class Counts:
    """Task counts by state and overdue-age bucket."""

    states: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    buckets: dict[str, int] = field(default_factory=lambda: {b: 0 for b, _ in BUCKETS})

    @property
    def with_deadline(self) -> int:
        """Tasks that have a deadline (the base of the percentages)."""
        return sum(n for s, n in self.states.items() if s != Status.NO_DEADLINE)

    def percent(self, state: Status) -> float:
        """Share of the tasks with a deadline, 0-100, one decimal."""
        base = self.with_deadline
        return round(100 * self.states[state] / base, 1) if base else 0.0

    def add(self, state: Status, bucket: str | None, n: int) -> None:
        """Count ``n`` tasks."""
        self.states[state] += n
        if bucket:
            self.buckets[bucket] += n

    def to_json(self) -> dict[str, Any]:
        """Counts, percentages and buckets."""
        return {
            "counts": dict(self.states),
            "percent": {s: self.percent(s) for s in Status if s != Status.NO_DEADLINE},
            "overdue_age": dict(self.buckets),
            "with_deadline": self.with_deadline,
        }


@dataclass(frozen=True)
class TaskStatus:
    """One task's state on the day, and the suppliers it still waits on."""

    directive: str
    key: str
    agency: str
    state: Status
    deadline: date | None
    completed_on: date | None
    days_overdue: int | None
    waits_on: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """JSON shape of a task row."""
        return {
            "directive": self.directive,
            "key": self.key,
            "agency": self.agency,
            "state": self.state,
            "label": self.state.label,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "days_overdue": self.days_overdue,
            "waits_on": list(self.waits_on),
        }


@dataclass(frozen=True)
class Report:
    """Counts per agency and per directive, optionally each task and what blocks what."""

    as_of: date
    basis: Basis
    by_agency: dict[str, Counts]
    by_directive: dict[str, Counts]
    tasks: tuple[TaskStatus, ...] = ()
    blocks: tuple[Block, ...] = ()

    @property
    def total(self) -> Counts:
        """Every counted task together."""
        total = Counts()
        for counts in self.by_agency.values():
            for state, n in counts.states.items():
                total.states[state] += n
            for bucket, n in counts.buckets.items():
                total.buckets[bucket] += n
        return total

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of ``status --format json``."""
        return {
            "as_of": self.as_of.isoformat(),
            "basis": self.basis,
            "labels": dict(STATUS_LABELS),
            "total": self.total.to_json(),
            "by_agency": {a: c.to_json() for a, c in self.by_agency.items()},
            "by_directive": {d: c.to_json() for d, c in self.by_directive.items()},
            "tasks": [t.to_json() for t in self.tasks],
            "blocks": [
                {"directive": d, "supplier": s, "supplier_state": st, "consumer": c}
                for d, s, st, c in self.blocks
            ],
        }


def status_report(
    session: Session,
    *,
    as_of: date,
    directive: str | None = None,
    agency: str | None = None,
    basis: Basis = "extended",
    with_tasks: bool = False,
    by_directive: bool = True,
) -> Report:
    """Counts on ``as_of`` (and each task if ``with_tasks``), optionally narrowed."""
    if directive is not None:
        find_directive(session, directive=directive)
    if agency is not None:
        check_agency(session, agency=agency, directive=directive)
    exprs = _Exprs(as_of, basis)
    scope = _scope(directive, agency)
    agencies = _grouped(session, exprs, TaskRow.agency, scope)
    directives = _grouped(session, exprs, TaskRow.directive_id, scope) if by_directive else {}
    tasks: tuple[TaskStatus, ...] = ()
    blocks: tuple[Block, ...] = ()
    if with_tasks:
        blocks = _blocks(session, scope)
        tasks = _tasks(session, exprs, scope, blocks)
    return Report(as_of, basis, agencies, directives, tasks, blocks)


class _Exprs:
    """The SQL expressions for a task's deadline, state and overdue bucket on a day."""

    def __init__(self, as_of: date, basis: Basis) -> None:
        deadline = TaskRow.due if basis == "extended" else TaskRow.original_due
        day = literal(as_of)
        done = and_(TaskRow.completed_on.is_not(None), TaskRow.completed_on <= day)
        self.as_of = as_of
        self.deadline = deadline
        self.state: ColumnElement[str] = case(
            (deadline.is_(None), Status.NO_DEADLINE.value),
            (and_(done, TaskRow.completed_on <= deadline), Status.ON_TIME.value),
            (done, Status.LATE.value),
            (deadline >= day, Status.IN_PROGRESS.value),
            else_=Status.OVERDUE.value,
        )
        # Age thresholds as dates keep the SQL portable (no date arithmetic in SQL).
        whens = [(deadline >= as_of - timedelta(days=d), name) for name, d in BUCKETS if d]
        overdue = and_(deadline < day, ~done)
        self.bucket: ColumnElement[str | None] = case(
            (~overdue | deadline.is_(None), None), *whens, else_=">90"
        )


def _scope(directive: str | None, agency: str | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [TaskRow.cancelled.is_(False)]
    if directive is not None:
        where.append(TaskRow.directive_id == directive)
    if agency is not None:
        where.append(TaskRow.agency == agency)
    return where


def _grouped(
    session: Session, exprs: _Exprs, by: Any, scope: list[ColumnElement[bool]]
) -> dict[str, Counts]:
    state, bucket = exprs.state.label("state"), exprs.bucket.label("bucket")
    query: Select[Any] = (
        select(by, state, bucket, func.count())
        .where(*scope)
        .group_by(by, state, bucket)
        .order_by(by)
    )
    out: dict[str, Counts] = defaultdict(Counts)
    for key, st, bk, n in session.execute(query):
        out[key].add(Status(st), bk, n)
    return dict(out)


def _blocks(session: Session, scope: list[ColumnElement[bool]]) -> tuple[Block, ...]:
    """(directive, supplier key, its state, consumer key) per supplier not yet accepted."""
    supplier = aliased(TaskRow)
    query = (
        select(TaskRow.directive_id, supplier.key, supplier.state, TaskRow.key)
        .join(DependencyRow, DependencyRow.consumer_id == TaskRow.id)
        .join(supplier, supplier.id == DependencyRow.supplier_id)
        .where(*scope, supplier.cancelled.is_(False), supplier.state != TaskState.ACCEPTED)
        .order_by(TaskRow.key, supplier.key)
    )
    return tuple((d, s, st, c) for d, s, st, c in session.execute(query))


def _tasks(
    session: Session,
    exprs: _Exprs,
    scope: list[ColumnElement[bool]],
    blocks: tuple[Block, ...],
) -> tuple[TaskStatus, ...]:
    waits: dict[tuple[str, str], list[str]] = defaultdict(list)
    for directive, supplier, _, consumer in blocks:
        waits[(directive, consumer)].append(supplier)
    query = (
        select(
            TaskRow.directive_id,
            TaskRow.key,
            TaskRow.agency,
            exprs.state,
            exprs.deadline,
            TaskRow.completed_on,
        )
        .where(*scope)
        .order_by(TaskRow.directive_id, TaskRow.agency, TaskRow.key)
    )
    day = exprs.as_of
    return tuple(
        TaskStatus(
            d, k, a, Status(s), due, done, _days(Status(s), due, day), tuple(waits.get((d, k), ()))
        )
        for d, k, a, s, due, done in session.execute(query)
    )


def _days(state: Status, deadline: date | None, as_of: date) -> int | None:
    return (as_of - deadline).days if state == Status.OVERDUE and deadline else None
