"""The Vietnamese texts of reminders and escalations, one per stage.

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

__all__ = [
    "ReminderContext",
    "ReminderText",
    "reminder_key",
    "reminder_message",
    "render_reminder",
    "vn_date",
]

SUBJECT_PREFIX = "[directive-flow]"
_SIGNATURE = (
    "--\n"
    "Thư nhắc việc tự động của hệ thống theo dõi thực hiện nhiệm vụ (directive-flow).\n"
    "Mã nhiệm vụ: {task_key} - bước nhắc: {stage}."
)


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


def vn_date(day: date) -> str:
    """A date as Vietnamese documents write it: ``30/06/2015``."""
    return f"{day:%d/%m/%Y}"


def reminder_key(context: ReminderContext) -> str:
    """The default idempotency key: the task key (which holds the period) and the stage."""
    return f"reminder/{context.task_key}/{context.stage}"


def render_reminder(context: ReminderContext) -> ReminderText:
    """The subject and body of the reminder ``context`` describes."""
    headline, request = _stage_text(context)
    subject = _one_line(f"{SUBJECT_PREFIX} {context.directive_number} - {headline}")
    parts = [
        _salutation(context),
        _task_paragraph(context),
        request,
        "Trân trọng.",
        _SIGNATURE.format(task_key=context.task_key, stage=context.stage),
    ]
    return ReminderText(subject=subject, body="\n\n".join(parts) + "\n")


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


def _due_today(title: str, due: str) -> tuple[str, str]:
    return (
        f"Nhắc việc: nhiệm vụ đến hạn hôm nay, ngày {due}: {title}",
        f"Hôm nay, ngày {due}, là thời hạn hoàn thành nhiệm vụ. Đề nghị quý cơ quan "
        "hoàn thành và gửi kết quả trong ngày.",
    )


def _due_passed(c: ReminderContext, title: str, due: str) -> tuple[str, str]:
    """A warning that goes out after the deadline (the service was down on its day)."""
    return (
        f"Nhắc việc: nhiệm vụ đã đến hạn ngày {due}: {title}",
        f"Thời hạn hoàn thành nhiệm vụ là ngày {due}, đã qua. Đề nghị quý cơ quan khẩn "
        "trương hoàn thành và gửi kết quả; trường hợp chưa hoàn thành, đề nghị báo cáo rõ lý do.",
    )


def _stage_text(c: ReminderContext) -> tuple[str, str]:
    """The subject's headline and the body's request for the stage of ``c``."""
    title, due = f"“{_one_line(c.assignment_title)}”", vn_date(c.due)
    late = f"đã quá hạn {c.days_overdue} ngày làm việc (thời hạn: ngày {due})"
    late_warning = c.sent_on is not None and c.sent_on > c.due and not c.overdue
    if late_warning or (c.stage.kind == StageKind.BEFORE and c.days_left == 0):
        return _due_passed(c, title, due) if late_warning else _due_today(title, due)
    if c.stage.kind == StageKind.BEFORE:
        left = str(c.days_left if c.days_left is not None else c.stage.number)
        return (
            f"Nhắc việc: còn {left} ngày làm việc đến hạn ngày {due}: {title}",
            f"Nhiệm vụ còn {left} ngày làm việc nữa đến hạn (ngày {due}). Đề nghị quý cơ quan "
            "khẩn trương triển khai, hoàn thành và gửi kết quả đúng thời hạn.",
        )
    if c.stage.kind == StageKind.DUE:
        return _due_today(title, due)
    if c.stage.kind == StageKind.OVERDUE:
        return (
            f"Đôn đốc: nhiệm vụ {title} {late}",
            f"Nhiệm vụ {late} nhưng chưa được hoàn thành. Đề nghị quý cơ quan khẩn trương "
            "hoàn thành, gửi kết quả; trường hợp chưa hoàn thành, đề nghị báo cáo rõ lý do "
            "và thời gian hoàn thành.",
        )
    return _escalation_text(c, title, late)


def _escalation_text(c: ReminderContext, title: str, late: str) -> tuple[str, str]:
    """Headline and request for ``escalate-head`` and ``escalate-leader``."""
    if c.stage.escalate_to == Recipient.HEAD:
        return (
            f"Đôn đốc (gửi Thủ trưởng cơ quan): {c.agency_name} chưa hoàn thành nhiệm vụ "
            f"{title}, {late}",
            f"Nhiệm vụ {late} nhưng {c.agency_name} chưa hoàn thành, dù đã được nhắc. Đề nghị "
            "Thủ trưởng cơ quan quan tâm chỉ đạo hoàn thành ngay, gửi kết quả và báo cáo "
            "rõ lý do chậm trễ.",
        )
    return (
        f"Báo cáo tình hình chậm thực hiện: {c.agency_name} chưa hoàn thành nhiệm vụ "
        f"{title}, {late}",
        f"Nhiệm vụ {late}; {c.agency_name} đã được nhắc và đôn đốc nhưng chưa hoàn thành. "
        "Kính báo cáo Lãnh đạo UBND tỉnh xem xét, chỉ đạo.",
    )


def _salutation(c: ReminderContext) -> str:
    """``Kính gửi: ...`` for the owner, the agency head or the leader in charge."""
    if c.recipient == Recipient.HEAD:
        return f"Kính gửi: Thủ trưởng {c.agency_name},"
    if c.recipient == Recipient.LEADER:
        label = Recipient.LEADER.label
        return f"Kính gửi: {label[0].upper()}{label[1:]},"
    return f"Kính gửi: {c.agency_name} ({Recipient.OWNER.label}),"


def _task_paragraph(c: ReminderContext) -> str:
    """Which directive, which task, which period, which deadline."""
    lines = [
        f"Thực hiện văn bản số {c.directive_number} ({_one_line(c.directive_title)}), "
        f"{c.agency_name} được giao nhiệm vụ:",
        f"    “{_one_line(c.assignment_title)}”",
    ]
    if c.period_vietnamese:
        label = f" ({c.period_label})" if c.period_label else ""
        lines.append(f"Kỳ báo cáo: {c.period_vietnamese}{label}.")
    lines.append(f"Thời hạn hoàn thành: ngày {vn_date(c.due)}.")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    """Collapse whitespace (titles copied from notices carry line breaks)."""
    return " ".join(text.split())
