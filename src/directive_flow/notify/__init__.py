"""Delivering reminders: messages, their Vietnamese texts, and the channels they go by.

Pure library: no Prefect. E-mail goes over SMTP with the standard library, every other
channel through Apprise; see :mod:`directive_flow.notify.channels`.
"""

from __future__ import annotations

from directive_flow.notify.channels import (
    DeliveryResult,
    DeliverySettings,
    RecipientOutcome,
    deliver,
    deliver_many,
    redact,
    sending,
)
from directive_flow.notify.message import Message, message_id
from directive_flow.notify.reminder import (
    ReminderContext,
    ReminderText,
    reminder_key,
    reminder_message,
    render_reminder,
)

__all__ = [
    "DeliveryResult",
    "DeliverySettings",
    "Message",
    "RecipientOutcome",
    "ReminderContext",
    "ReminderText",
    "deliver",
    "deliver_many",
    "message_id",
    "redact",
    "reminder_key",
    "reminder_message",
    "render_reminder",
    "sending",
]
