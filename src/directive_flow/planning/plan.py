"""A directive -> concrete tasks: one per member agency and period, dated, with reminders.

A task's key is ``assignment/agency`` or ``assignment/agency/period`` and never changes
for the same definition: the store and the outbox key on it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from directive_flow.calendar import WorkCalendar
from directive_flow.calendar.periods import Period, period_containing, periods_between
from directive_flow.definition.agencies import AgencyDirectory
from directive_flow.definition.graph import DependencyGraph, suppliers_of
from directive_flow.definition.loaded import LoadedDirective
from directive_flow.definition.model import Assignment, Directive, ReminderPolicy, StandingDue
from directive_flow.errors import UsageError
from directive_flow.planning.deadlines import DeadlineContext, resolve
from directive_flow.planning.timeline import ReminderStep, timeline


@dataclass(frozen=True)
class PlannedTask:
    """One agency's share of an assignment, for one period if it recurs."""

    key: str
    assignment: str
    agency: str
    period: str | None
    due: date | None
    as_written: str | None
    waits_on: tuple[str, ...]
    reminders: tuple[ReminderStep, ...]
    key_task: bool = False

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of a task (docs/cli.md)."""
        return {
            "key": self.key,
            "assignment": self.assignment,
            "agency": self.agency,
            "period": self.period,
            "due": self.due.isoformat() if self.due else None,
            "as_written": self.as_written,
            "waits_on": list(self.waits_on),
            "key_task": self.key_task,
            "reminders": [
                {"on": s.on.isoformat(), "stage": str(s.stage), "to": s.to} for s in self.reminders
            ],
        }


@dataclass(frozen=True)
class Plan:
    """Every task of a directive as of a day, and the chain that decides its end."""

    directive: str
    as_of: date
    periods: tuple[str, ...]
    tasks: tuple[PlannedTask, ...]
    critical_path: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of a plan (docs/cli.md)."""
        return {
            "directive": self.directive,
            "as_of": self.as_of.isoformat(),
            "periods": list(self.periods),
            "critical_path": list(self.critical_path),
            "tasks": [t.to_json() for t in self.tasks],
        }


def owners(directory: AgencyDirectory, assignment: Assignment) -> tuple[str, ...]:
    """The agencies that get a task: the lead, fanned out, less ``excluding``."""
    return tuple(a for a in directory.expand(assignment.lead) if a not in assignment.excluding)


def task_key(assignment: str, agency: str, period: str | None) -> str:
    """``assignment/agency[/period]``."""
    return f"{assignment}/{agency}/{period}" if period else f"{assignment}/{agency}"


def make_plan(loaded: LoadedDirective, *, as_of: date, period: str | None = None) -> Plan:
    """Plan a validated directive as of a day, optionally for one reporting period only."""
    directive = loaded.directive
    planner = _Planner(directive, AgencyDirectory(loaded.registry), as_of, _parse(period))
    tasks = tuple(planner.tasks())
    chain = DependencyGraph.of(directive).critical_path(planner.first_due)
    return Plan(directive.id, as_of, planner.period_labels(), tasks, tuple(chain))


def _parse(period: str | None) -> Period | None:
    if period is None:
        return None
    try:
        return Period.parse(period)
    except ValueError as exc:
        raise UsageError(f"--period: {exc}") from None


class _Planner:
    """Resolves deadlines in dependency order and fans assignments out to tasks."""

    def __init__(
        self, directive: Directive, directory: AgencyDirectory, as_of: date, only: Period | None
    ) -> None:
        self.directive = directive
        self.directory = directory
        self.as_of = as_of
        self.only = only
        self.calendar: WorkCalendar = directive.calendar.work_calendar()
        self.order = DependencyGraph.of(directive).order()
        self.by_id = {a.id: a for a in directive.assignments}
        self.periods = {a.id: self._periods(a) for a in directive.assignments}
        self.due: dict[tuple[str, str | None], date | None] = {}
        self.latest: dict[str, date | None] = {}  # per assignment, its latest planned deadline
        self.keys: dict[str, list[tuple[str, str | None]]] = {}
        self.timelines: dict[tuple[date, ReminderPolicy], tuple[ReminderStep, ...]] = {}
        self._check_period()

    @property
    def first_due(self) -> dict[str, date | None]:
        """Each assignment's earliest planned deadline (critical-path input)."""
        return {
            a: self.due.get((a, _label(ps[0]))) if ps else None for a, ps in self.periods.items()
        }

    def period_labels(self) -> tuple[str, ...]:
        """Every period the plan covers, in order."""
        found = {p for ps in self.periods.values() for p in ps if p is not None}
        return tuple(p.label for p in sorted(found))

    def tasks(self) -> Iterator[PlannedTask]:
        for ident in self.order:
            assignment = self.by_id[ident]
            for period in self.periods[ident]:
                yield from self._tasks_of(assignment, period)

    def _tasks_of(self, assignment: Assignment, period: Period | None) -> Iterator[PlannedTask]:
        label = _label(period)
        due = self._resolve(assignment, period)
        self.due[(assignment.id, label)] = due
        known = self.latest.get(assignment.id)
        self.latest[assignment.id] = max(due, known) if due and known else due or known
        waits = tuple(self._waits_on(assignment, period))
        policy = (
            assignment.reminders.apply(self.directive.reminders)
            if assignment.reminders
            else self.directive.reminders
        )
        steps = self._timeline(due, policy) if due else ()
        written = _as_written(assignment)
        for agency in owners(self.directory, assignment):
            key = task_key(assignment.id, agency, label)
            self.keys.setdefault(assignment.id, []).append((key, label))
            yield PlannedTask(
                key, assignment.id, agency, label, due, written, waits, steps, assignment.key_task
            )

    def _timeline(self, due: date, policy: ReminderPolicy) -> tuple[ReminderStep, ...]:
        """Each distinct (deadline, policy) timeline once: assignments share them often."""
        slot = (due, policy)
        if slot not in self.timelines:
            issued = self.directive.header.issued
            self.timelines[slot] = timeline(due, policy, self.calendar, not_before=issued)
        return self.timelines[slot]

    def _resolve(self, assignment: Assignment, period: Period | None) -> date | None:
        due = assignment.recurrence.due if assignment.recurrence else assignment.due
        if due is None:  # pragma: no cover - the schema requires one of the two
            return None
        ctx = DeadlineContext(
            self.directive.header, self.calendar, period, _Completions(self, period)
        )
        return resolve(due, ctx)

    def _waits_on(self, assignment: Assignment, period: Period | None) -> Iterator[str]:
        for supplier in suppliers_of(assignment):
            same_cadence = self._same_cadence(assignment, supplier)
            for key, label in self.keys.get(supplier, ()):
                if not same_cadence or label == _label(period):
                    yield key

    def _same_cadence(self, assignment: Assignment, supplier: str) -> bool:
        mine, theirs = assignment.recurrence, self.by_id[supplier].recurrence
        return bool(mine and theirs and mine.every == theirs.every)

    def _periods(self, assignment: Assignment) -> list[Period | None]:
        recurrence = assignment.recurrence
        if recurrence is None:
            return [None]
        first = Period.parse(recurrence.first)
        last = (
            Period.parse(recurrence.last)
            if recurrence.last
            else max(first, period_containing(self.as_of, first.kind))
        )
        every = periods_between(first, last)
        if self.only is not None:
            return [p for p in every if p == self.only]
        return list(every)

    def _check_period(self) -> None:
        if self.only is None:
            return
        if not any(ps and ps[0] is not None for ps in self.periods.values()):
            spans = ", ".join(
                f"{a.id}: {a.recurrence.first}..{a.recurrence.last or 'open'}"
                for a in self.directive.assignments
                if a.recurrence
            )
            if not spans:
                raise UsageError(
                    f"--period {self.only.label}: the directive has no recurring assignment"
                )
            raise UsageError(f"--period {self.only.label} is outside every recurrence ({spans})")


class _Completions(Mapping[str, date | None]):
    """Planned completion of suppliers, seen from one period: same period, else the latest.

    Both are dictionary lookups (the planner keeps each assignment's latest deadline), so
    planning stays linear in the number of assignments.
    """

    def __init__(self, planner: _Planner, period: Period | None) -> None:
        self.planner, self.label = planner, _label(period)

    def __getitem__(self, key: str) -> date | None:
        due = self.planner.due
        if (key, self.label) in due:
            return due[(key, self.label)]
        return self.planner.latest.get(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.planner.latest)

    def __len__(self) -> int:
        return len(self.planner.latest)


def _label(period: Period | None) -> str | None:
    return period.label if period else None


def _as_written(assignment: Assignment) -> str | None:
    due = assignment.recurrence.due if assignment.recurrence else assignment.due
    if isinstance(due, StandingDue):
        return due.standing
    return due.as_written if due else None
