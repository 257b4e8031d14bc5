"""A reminder or escalation: what it says (its wording is in texts/templates), one per stage.

Stages are those of :mod:`directive_flow.planning.timeline`: ``before-N``, ``due``,
``overdue-K``, ``escalate-head`` and ``escalate-leader``. Dates are written the
Vietnamese way (``30/06/2015``); every subject starts with ``[directive-flow]`` and the
directive's number so an office can file them by rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from directive_flow.domain import Recipient, Stage, StageKind
from directive_flow.notify.message import Message
from directive_flow.texts import one_line, render, vn_date

__all__ = [
    "ReminderContext",
    "ReminderText",
    "reminder_key",
    "reminder_message",
    "render_reminder",
    "vn_date",
]

SUBJECT_PREFIX = "[directive-flow]"


@dataclass(frozen=True)
class ReminderContext:
    """What a reminder says: the directive, the task, its deadline and the stage."""

    directive_number: str
    directive_title: str
    assignment_title: str
    agency_name: str
    due: date
    stage: Stage
    recipient: Recipient
    task_key: str
    period_label: str | None = None
    period_vietnamese: str | None = None
    days_overdue: int = 0
    sent_on: date | None = None  # the day it goes out, when that may not be the stage's day
    days_left: int | None = None  # working days left on ``sent_on`` (a late warning)
    link: str | None = None  # the signed portal link to the task, for its agency
    reminded: bool = True  # the agency was sent a reminder of this task before (escalations)

    def __post_init__(self) -> None:
        """Reject an unknown stage, or an overdue stage without days overdue."""
        if self.stage.filed_under is not None:
            raise ValueError(f"stage {self.stage} was filed away; it is never sent")
        if self.overdue and self.days_overdue < 1:
            raise ValueError(f"stage {self.stage} needs days_overdue >= 1")

    @property
    def overdue(self) -> bool:
        """True for the stages that follow the deadline."""
        return self.stage.late


@dataclass(frozen=True)
class ReminderText:
    """A rendered reminder: one-line subject, plain-text body."""

    subject: str
    body: str


def reminder_key(context: ReminderContext) -> str:
    """The default idempotency key: the task key (which holds the period) and the stage."""
    return f"reminder/{context.task_key}/{context.stage}"


def render_reminder(context: ReminderContext) -> ReminderText:
    """The subject and body of the reminder ``context`` describes (texts/templates)."""
    variant, left = _variant(context)
    facts = {"c": context, "variant": variant, "left": left}
    subject = one_line(render("reminder-subject.txt.j2", **facts))
    return ReminderText(subject=subject, body=render("reminder-body.txt.j2", **facts))


def reminder_message(
    context: ReminderContext,
    recipients: Sequence[str],
    *,
    key: str | None = None,
    attachments: Sequence[Path] = (),
) -> Message:
    """The :class:`Message` for a reminder; ``key`` defaults to :func:`reminder_key`."""
    text = render_reminder(context)
    return Message(
        key=key or reminder_key(context),
        subject=text.subject,
        body=text.body,
        recipients=recipients,
        attachments=attachments,
    )


def _variant(c: ReminderContext) -> tuple[str, int | None]:
    """Which sentence the stage of ``c`` calls for, and the working days left."""
    if c.sent_on is not None and c.sent_on > c.due and not c.overdue:
        return "due-passed", None  # a warning that goes out late (the service was down)
    if c.stage.kind == StageKind.BEFORE:
        left = c.days_left if c.days_left is not None else c.stage.number
        return ("due-today", None) if left == 0 else ("before", left)
    if c.stage.kind == StageKind.DUE:
        return "due-today", None
    if c.stage.kind == StageKind.OVERDUE:
        return "overdue", None
    return str(c.stage), None
