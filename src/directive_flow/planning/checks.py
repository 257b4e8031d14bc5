"""Schedule checks: a directive is valid only when it can be planned.

A dependency cycle, a deadline that cannot be resolved, a deadline before the issue date,
a supplier due after its consumer. They run once the file's schema and references hold
(:class:`directive_flow.definition.loader.Loader` calls them through
:class:`directive_flow.planning.validation.DirectiveLoader`): a cycle or a deadline order
cannot be judged while an id is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from directive_flow.calendar import Period
from directive_flow.definition.graph import CycleFound, DependencyGraph
from directive_flow.definition.loaded import LoadedDirective
from directive_flow.definition.model import Assignment, Directive, OffsetDue, StandingDue
from directive_flow.definition.yamlio import YamlDocument
from directive_flow.domain import YEARS
from directive_flow.errors import Problem
from directive_flow.planning.deadlines import DeadlineContext, DeadlineError, resolve


def schedule_problems(loaded: LoadedDirective) -> list[Problem]:
    """A dependency cycle, or deadline problems, once everything else holds."""
    doc, directive = loaded.doc, loaded.directive
    try:
        order = DependencyGraph.of(directive).order()
    except CycleFound as exc:
        return [_cycle_problem(doc, directive, exc)]
    return list(_deadlines(doc, directive, order))


def _cycle_problem(doc: YamlDocument, directive: Directive, exc: CycleFound) -> Problem:
    first = exc.cycle[0]
    index = next(i for i, a in enumerate(directive.assignments) if a.id == first)
    return doc.located(("assignments", index, "depends_on"), str(exc))


def _deadlines(doc: YamlDocument, directive: Directive, order: list[str]) -> Iterator[Problem]:
    dates: dict[str, date | None] = {}
    yield from _resolve_first(doc, directive, order, dates)
    issued = directive.header.issued
    for i, assignment in enumerate(directive.assignments):
        own = dates.get(assignment.id)
        if own is not None and own < issued:
            message = f"deadline {own.isoformat()} is before the issue date {issued.isoformat()}"
            yield doc.located(("assignments", i, _due_key(assignment)), message)
        elif own is not None and own.year > YEARS[1]:  # a chain of long offsets adds up
            message = (
                f"deadline {own.isoformat()} is past the years {YEARS[0]}-{YEARS[1]} "
                "(counted along its chain of working days: check the offsets)"
            )
            yield doc.located(("assignments", i, _due_key(assignment)), message)
        yield from _supplier_order(doc, i, assignment, dates)


def _resolve_first(
    doc: YamlDocument, directive: Directive, order: list[str], dates: dict[str, date | None]
) -> Iterable[Problem]:
    """Each deadline, suppliers first (``order``), into ``dates``."""
    calendar = directive.calendar.work_calendar()
    by_id = {a.id: (i, a) for i, a in enumerate(directive.assignments)}
    for ident in order:
        i, assignment = by_id[ident]
        recurrence = assignment.recurrence
        period = Period.parse(recurrence.first) if recurrence else None
        due = recurrence.due if recurrence else assignment.due
        ctx = DeadlineContext(directive.header, calendar, period, dates)
        target = due.after_completion_of if isinstance(due, OffsetDue) else None
        if target and isinstance(by_id[target][1].due, StandingDue):
            message = f"counts from '{target}', which has no deadline (a standing duty)"
            yield doc.located(("assignments", i, _due_key(assignment)), message)
        try:
            dates[ident] = resolve(due, ctx) if due is not None else None
        except DeadlineError as exc:
            dates[ident] = None
            yield doc.located(("assignments", i, _due_key(assignment)), str(exc))


def _due_key(assignment: Assignment) -> str:
    return "recurrence" if assignment.recurrence else "due"


def _supplier_order(
    doc: YamlDocument, i: int, assignment: Assignment, dates: dict[str, date | None]
) -> Iterator[Problem]:
    own = dates.get(assignment.id)
    if own is None:
        return
    for j, supplier in enumerate(assignment.depends_on):
        theirs = dates.get(supplier)
        if theirs is not None and theirs > own:
            message = (
                f"supplier '{supplier}' is due {theirs.isoformat()}, after this "
                f"assignment's deadline {own.isoformat()}"
            )
            yield doc.located(("assignments", i, "depends_on", j), message)
