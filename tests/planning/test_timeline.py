"""The reminder timeline: stages, days, recipients and quiet rules."""

from __future__ import annotations

from datetime import date

from directive_flow.calendar import WorkCalendar
from directive_flow.definition.model import Escalation, ReminderPolicy
from directive_flow.planning.timeline import timeline

CAL = WorkCalendar()


def stages(
    due: date, policy: ReminderPolicy, not_before: date = date(2000, 1, 1)
) -> list[tuple[str, str, str]]:
    return [
        (s.on.isoformat(), str(s.stage), s.to)
        for s in timeline(due, policy, CAL, not_before=not_before)
    ]


def test_default_policy_on_a_plain_week() -> None:
    # due Wed 17 Jul 2024; no holidays nearby
    assert stages(date(2024, 7, 17), ReminderPolicy()) == [
        ("2024-07-12", "before-3", "owner"),
        ("2024-07-16", "before-1", "owner"),
        ("2024-07-17", "due", "owner"),
        ("2024-07-24", "overdue-1", "owner"),
        ("2024-07-24", "escalate-head", "head"),
        ("2024-07-31", "overdue-2", "owner"),
        ("2024-08-07", "overdue-3", "owner"),
        ("2024-08-07", "escalate-leader", "leader"),
    ]


def test_reminders_skip_tet_and_never_fall_on_a_day_off() -> None:
    # due Thu 15 Feb 2024, the first working day after Tết (8-14 Feb 2024)
    policy = ReminderPolicy(before_due=(1,), overdue_limit=0, escalation=())
    assert stages(date(2024, 2, 15), policy) == [
        ("2024-02-07", "before-1", "owner"),
        ("2024-02-15", "due", "owner"),
    ]


def test_a_deadline_on_a_sunday_is_warned_of_on_the_friday_once() -> None:
    policy = ReminderPolicy(before_due=(1,), overdue_limit=1, overdue_every=1, escalation=())
    assert stages(date(2024, 7, 21), policy) == [
        ("2024-07-19", "due", "owner"),
        ("2024-07-22", "overdue-1", "owner"),
    ]


def test_nothing_is_sent_before_the_notice_was_issued() -> None:
    policy = ReminderPolicy(
        before_due=(5, 1), escalation=(Escalation(after=1, to="leader"),), overdue_limit=0
    )
    got = stages(date(2024, 7, 17), policy, not_before=date(2024, 7, 15))
    assert got == [
        ("2024-07-16", "before-1", "owner"),
        ("2024-07-17", "due", "owner"),
        ("2024-07-18", "escalate-leader", "leader"),
    ]
