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

Live work and history
---------------------

Unless a directive is named, status counts **live** work only (``scope="all"``: every
directive ever registered). A directive is live on day D unless it is

- **historical** (``directives.historical``: an example or a record of past work, counted
  in its own time), or
- **closed**: every task of it is cancelled, or completed (a standing submission) with
  both its completion and its deadline more than ``ARCHIVE_AFTER_DAYS`` (90) days before
  D. A directive with one open task, however old, is live: overdue work is live work.

So a directive leaves the default views three months after its last deadline or
completion, once nothing is left open; a return or a new period's tasks bring it back at
once. Replacing a directive (``mark_replaced``) cancels its open tasks, so it closes too.
The live directives are found through indexes on open tasks and on recent deadlines and
completions (migration 0008): the cost follows live work, not the years behind it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    any_,
    bindparam,
    case,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from directive_flow.domain import STATUS_LABELS, Status, TaskState
from directive_flow.store.tables import DependencyRow, DirectiveRow, TaskRow

_T = TypeVar("_T")
CHUNK = 5_000  # live directive ids bound per statement (SQLite binds up to 32,766)
ARCHIVE_AFTER_DAYS = 90
"""A directive with nothing open closes this many days after its last deadline or completion."""
Basis = Literal["extended", "original"]
Scope = Literal["live", "all"]
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
    scope: Scope = "all"
    registry: str | None = None  # one province's directives only, on a shared store

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
            "scope": self.scope,
            **({"registry": self.registry} if self.registry else {}),
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
    scope: Scope = "all",
    registry: str | None = None,
) -> Report:
    """Counts on ``as_of`` (and each task if ``with_tasks``), optionally narrowed.

    ``scope="live"`` counts live directives only (see the module docstring); a named
    ``directive`` is counted whatever its state, and the report says ``"all"`` then.
    ``registry`` counts the directives of one agency registry (a province on a national
    store), read through its directives, so the cost follows the province, not the nation.
    """
    if directive is not None:
        _check_directive(session, directive)
        scope = "all"
    if registry is not None:
        _check_registry(session, registry)
    if agency is not None:
        _check_agency(session, agency, directive)
    exprs = _exprs(as_of, basis)
    if scope == "live":
        ids: list[str] | None = live_directive_ids(session, as_of, registry=registry)
    else:
        ids = None if registry is None else _of_registry(session, registry)
    if ids is None:
        wheres = [_scope(directive, agency, None)]
    else:
        array = _binds_arrays(session)
        wheres = [_scope(directive, agency, chunk, array=array) for chunk in chunks(ids)]
    agencies = _grouped(session, exprs, TaskRow.agency, wheres)
    directives = _grouped(session, exprs, TaskRow.directive_id, wheres) if by_directive else {}
    tasks: tuple[TaskStatus, ...] = ()
    blocks: tuple[Block, ...] = ()
    if with_tasks:
        blocks = tuple(b for where in wheres for b in _blocks(session, where))
        tasks = tuple(t for where in wheres for t in _tasks(session, exprs, where, blocks))
    return Report(as_of, basis, agencies, directives, tasks, blocks, scope, registry)


def task_statuses(
    session: Session, *, as_of: date, ids: Sequence[int], basis: Basis = "extended"
) -> tuple[TaskStatus, ...]:
    """The state of the tasks ``ids`` (cancelled ones left out) on ``as_of``, with what
    each still waits on: ``status_report(with_tasks=True)``'s rows for a page of tasks,
    its cost following the page, not the agency's years."""
    exprs = _exprs(as_of, basis)
    found: list[TaskStatus] = []
    for chunk in chunks(sorted(set(ids))):
        where: list[ColumnElement[bool]] = [TaskRow.cancelled.is_(False), TaskRow.id.in_(chunk)]
        found += _tasks(session, exprs, where, _blocks(session, where))
    return tuple(found)


def live_directive_ids(session: Session, as_of: date, *, registry: str | None = None) -> list[str]:
    """The ids of the directives live on ``as_of`` (see the module docstring), sorted; of
    ``registry``'s directives only when given (each branch then probes those directives'
    tasks, a few thousand ids at a time, instead of reading the whole store's).

    A directive is live when one of its tasks keeps it so: not cancelled, and open, or
    completed or due within ``ARCHIVE_AFTER_DAYS``. Each branch is an index range
    (``ix_tasks_open``, ``ix_tasks_completed_on_live``, ``ix_tasks_due_live``); the
    historical ones (few, ``ix_directives_historical``) are then dropped. The ids come
    back to Python on purpose: given them as a list, both planners read the live tasks
    from ``ix_tasks_status`` alone, where a subquery's guessed size made PostgreSQL scan
    every task ever.
    """
    cutoff = as_of - timedelta(days=ARCHIVE_AFTER_DAYS)
    branches = (
        TaskRow.completed_on.is_(None),
        TaskRow.completed_on >= cutoff,
        TaskRow.due >= cutoff,
    )
    keeps = [select(TaskRow.directive_id).where(TaskRow.cancelled.is_(False), b) for b in branches]
    historical = select(DirectiveRow.id).where(DirectiveRow.historical.is_(True))
    gone = set(session.scalars(historical))  # few, through ix_directives_historical
    if registry is None:
        return sorted(set(session.scalars(keeps[0].union(*keeps[1:]))) - gone)
    live: set[str] = set()
    for chunk in chunks(_of_registry(session, registry)):
        mine = [k.where(TaskRow.directive_id.in_(chunk)) for k in keeps]
        live.update(session.scalars(mine[0].union(*mine[1:])))
    return sorted(live - gone)


def _of_registry(session: Session, registry: str) -> list[str]:
    """Every directive of ``registry`` ever registered, read through its index."""
    query = select(DirectiveRow.id).where(DirectiveRow.registry_id == registry)
    return sorted(session.scalars(query))


def chunks(ids: Sequence[_T]) -> Iterator[list[_T]]:
    """Ids in runs of ``CHUNK``, within what SQLite binds in one statement."""
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


# The lookups below probe one index; only a miss imports ``steps.lookup`` (and with it the
# definition package, ~0.2 s) to name the closest match: ``status`` starts faster.


def _check_directive(session: Session, directive: str) -> None:
    if session.get(DirectiveRow, directive) is None:
        from directive_flow.steps.lookup import find_directive

        find_directive(session, directive=directive)


def _check_registry(session: Session, registry: str) -> None:
    probe = select(DirectiveRow.id).where(DirectiveRow.registry_id == registry).limit(1)
    if session.scalar(probe) is None:
        from directive_flow.steps.lookup import check_registry

        check_registry(session, registry=registry)


def _check_agency(session: Session, agency: str, directive: str | None) -> None:
    probe = select(TaskRow.id).where(TaskRow.agency == agency)
    if directive is not None:
        probe = probe.where(TaskRow.directive_id == directive)
    if session.scalar(probe.limit(1)) is None:
        from directive_flow.steps.lookup import check_agency

        check_agency(session, agency=agency, directive=directive)


@functools.lru_cache(maxsize=16)
def _exprs(as_of: date, basis: Basis) -> _Exprs:
    """The day's expressions, built once per day and basis (a page is read many times a day)."""
    return _Exprs(as_of, basis)


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


def _binds_arrays(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _scope(
    directive: str | None,
    agency: str | None,
    live: Sequence[str] | None,
    *,
    array: bool = False,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [TaskRow.cancelled.is_(False)]
    if directive is not None:
        where.append(TaskRow.directive_id == directive)
    if agency is not None:
        where.append(TaskRow.agency == agency)
    if live is not None and array:  # one array parameter: half the time of a long IN list
        where.append(TaskRow.directive_id == any_(bindparam("live", list(live), ARRAY(String))))
    elif live is not None:
        where.append(TaskRow.directive_id.in_(live))
    return where


def _grouped(
    session: Session, exprs: _Exprs, by: Any, wheres: Sequence[list[ColumnElement[bool]]]
) -> dict[str, Counts]:
    """Counts per ``by`` (agency or directive), added up over the statements' scopes."""
    state, bucket = exprs.state.label("state"), exprs.bucket.label("bucket")
    out: dict[str, Counts] = defaultdict(Counts)
    for where in wheres:
        query: Select[Any] = (
            select(by, state, bucket, func.count()).where(*where).group_by(by, state, bucket)
        )
        for key, st, bk, n in session.execute(query):
            out[key].add(Status(st), bk, n)
    return dict(sorted(out.items()))


_SUPPLIER = aliased(TaskRow, name="supplier")  # made once: its columns are adapted once


def _blocks(session: Session, scope: list[ColumnElement[bool]]) -> tuple[Block, ...]:
    """(directive, supplier key, its state, consumer key) per supplier not yet accepted."""
    supplier = _SUPPLIER
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
