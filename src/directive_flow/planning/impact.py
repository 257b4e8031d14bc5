"""What slips if an agency is late: finish-to-start propagation through the plan.

A consumer keeps the working time the plan gave it after its latest supplier; when a
supplier slips past that, the consumer's finish moves with it. A consumer marked
``blocking: false`` proceeds without late inputs and does not move.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from directive_flow.calendar import WorkCalendar
from directive_flow.planning.plan import Plan, PlannedTask


@dataclass(frozen=True)
class Slip:
    """A task whose expected finish moves, and the late tasks that move it."""

    key: str
    agency: str
    planned: date
    expected: date
    working_days: int
    because: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape of a slip."""
        return {
            "key": self.key,
            "agency": self.agency,
            "planned": self.planned.isoformat(),
            "expected": self.expected.isoformat(),
            "working_days": self.working_days,
            "because": list(self.because),
        }


def slips(
    plan: Plan, late: Mapping[str, int], calendar: WorkCalendar, non_blocking: frozenset[str]
) -> list[Slip]:
    """Every task whose finish moves when agencies in ``late`` are that many working days late."""
    expected: dict[str, date] = {}
    causes: dict[str, tuple[str, ...]] = {}
    by_key = {t.key: t for t in plan.tasks}
    for task in plan.tasks:  # plans list suppliers before consumers
        if task.due is None:
            continue
        own = calendar.add_working_days(task.due, late.get(task.agency, 0))
        expected[task.key], causes[task.key] = own, ((task.key,) if own > task.due else ())
        if task.assignment not in non_blocking:
            _follow(task, by_key, expected, causes, calendar)
    return [
        _slip(by_key[k], d, causes[k], calendar)
        for k, d in expected.items()
        if d > (by_key[k].due or d)
    ]


def _follow(
    task: PlannedTask,
    by_key: Mapping[str, PlannedTask],
    expected: dict[str, date],
    causes: dict[str, tuple[str, ...]],
    calendar: WorkCalendar,
) -> None:
    suppliers = [by_key[k] for k in task.waits_on if k in expected and by_key[k].due]
    if not suppliers or task.due is None:
        return
    latest_planned = max(s.due for s in suppliers if s.due)
    span = max(calendar.working_days_between(latest_planned, task.due), 0)
    for supplier in suppliers:
        finish = calendar.add_working_days(expected[supplier.key], span)
        if finish > expected[task.key]:
            expected[task.key] = finish
            causes[task.key] = causes[supplier.key] or (supplier.key,)


def _slip(
    task: PlannedTask, expected: date, because: tuple[str, ...], calendar: WorkCalendar
) -> Slip:
    planned = task.due or expected
    moved = calendar.working_days_between(planned, expected)
    return Slip(task.key, task.agency, planned, expected, moved, because)
