"""Where a reminder is decided: the stages a task's deadline sets off, and their days.

Stages and their stable names (the outbox keys on them):

- ``before-N``: N working days before the deadline, to the owner;
- ``due``: on the deadline (the last working day on or before it), to the owner;
- ``overdue-K``: every ``overdue_every`` working days after it, K = 1..``overdue_limit``;
- ``escalate-head`` / ``escalate-leader``: after the escalation ladder's working days.

Every stage falls on a working day; warnings fall on or before the deadline, overdue
and escalation stages strictly after it; nothing falls before the notice was issued.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from directive_flow.calendar import WorkCalendar
from directive_flow.definition.model import ReminderPolicy
from directive_flow.domain import Recipient, Stage


@dataclass(frozen=True, order=True)
class ReminderStep:
    """One reminder or escalation: when, which stage, to whom."""

    on: date
    stage: Stage
    to: Recipient

    @property
    def warns(self) -> bool:
        """True for a warning before or on the deadline; False once it has passed."""
        return self.stage.warns


def timeline(
    due: date, policy: ReminderPolicy, calendar: WorkCalendar, *, not_before: date
) -> tuple[ReminderStep, ...]:
    """Every reminder step a deadline sets off under ``policy``, in date order."""
    steps = [*_warnings(due, policy, calendar), *_overdue(due, policy, calendar)]
    kept: dict[tuple[date, Recipient], ReminderStep] = {}
    for step in steps:
        if step.on >= not_before:
            kept[(step.on, step.to)] = step  # the later stage wins a shared day
    return tuple(sorted(kept.values(), key=lambda s: (s.on, _RANK[s.to], s.stage)))


_RANK = {Recipient.OWNER: 0, Recipient.HEAD: 1, Recipient.LEADER: 2}


def _warnings(due: date, policy: ReminderPolicy, calendar: WorkCalendar) -> list[ReminderStep]:
    steps = [
        ReminderStep(calendar.add_working_days(due, -n), Stage.before(n), Recipient.OWNER)
        for n in sorted(set(policy.before_due), reverse=True)
    ]
    if policy.on_due:
        steps.append(ReminderStep(calendar.previous_working_day(due), Stage.due(), Recipient.OWNER))
    return steps


def _overdue(due: date, policy: ReminderPolicy, calendar: WorkCalendar) -> list[ReminderStep]:
    steps = [
        ReminderStep(
            calendar.add_working_days(due, k * policy.overdue_every),
            Stage.overdue(k),
            Recipient.OWNER,
        )
        for k in range(1, policy.overdue_limit + 1)
    ]
    steps += [
        ReminderStep(
            calendar.add_working_days(due, step.after),
            Stage.escalate(Recipient(step.to)),
            Recipient(step.to),
        )
        for step in policy.escalation
    ]
    return steps
