"""The domain's small values, typed once: task states, the four-way status, reminder stages.

Every stage of the journey speaks these words; the store keeps them as text (their
``value``) and hands them back typed. A misspelt state or stage is a mypy error, not a
row that silently matches nothing.

``Stage`` is the one parser of reminder stage names (``before-3``, ``due``,
``overdue-2``, ``escalate-head``, ``escalate-leader``); a stage filed away when its
deadline moved or its agency had no contact carries the reason after ``@``
(``before-3@2024-07-31``, ``due@no-contact``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "ACTOR_NAME_MAX",
    "STATUS_LABELS",
    "YEARS",
    "Actor",
    "Channel",
    "Decision",
    "DeliverableType",
    "ExtensionStatus",
    "FieldType",
    "OutboxStatus",
    "Recipient",
    "Stage",
    "StageKind",
    "Status",
    "TaskState",
    "VersionStatus",
]

YEARS: Final = (1900, 2199)
"""The years a definition or a command may speak of (keeps every date computation in range)."""


class TaskState(StrEnum):
    """What the store knows of a task's work: nothing standing, handed in, or accepted.

    A returned submission puts the task back to ``ASSIGNED`` with its reason kept.
    """

    ASSIGNED = "assigned"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"


class Status(StrEnum):
    """The four states government trackers count on a day, and tasks with no deadline."""

    ON_TIME = "on_time"
    LATE = "late"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    NO_DEADLINE = "no_deadline"

    @property
    def label(self) -> str:
        """The Vietnamese name trackers print."""
        return STATUS_LABELS[self]


STATUS_LABELS: Final[dict[Status, str]] = {
    Status.ON_TIME: "Hoàn thành đúng hạn",
    Status.LATE: "Hoàn thành quá hạn",
    Status.IN_PROGRESS: "Đang thực hiện trong hạn",
    Status.OVERDUE: "Quá hạn chưa hoàn thành",
    Status.NO_DEADLINE: "Không có thời hạn",
}
"""The states in the order reports print them."""


class Recipient(StrEnum):
    """Who a reminder stage goes to."""

    OWNER = "owner"
    HEAD = "head"
    LEADER = "leader"

    @property
    def label(self) -> str:
        """The addressee as a letter names it."""
        return _RECIPIENT_LABELS[self]


_RECIPIENT_LABELS: Final[dict[Recipient, str]] = {
    Recipient.OWNER: "đầu mối của cơ quan",
    Recipient.HEAD: "thủ trưởng cơ quan",
    Recipient.LEADER: "lãnh đạo UBND tỉnh phụ trách",
}


class DeliverableType(StrEnum):
    """What an assignment asks to be handed in."""

    REPORT = "report"
    PLAN = "plan"
    DATA = "data"
    EVENT = "event"
    ACTION = "action"


class FieldType(StrEnum):
    """The type of one figure a deliverable declares."""

    INTEGER = "integer"
    NUMBER = "number"
    PERCENT = "percent"
    TEXT = "text"
    BOOLEAN = "boolean"
    DATE = "date"


class Decision(StrEnum):
    """A reviewer's decision on a submission."""

    ACCEPT = "accept"
    RETURN = "return"


class ExtensionStatus(StrEnum):
    """Where a request for more time stands."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class OutboxStatus(StrEnum):
    """Where a notification stands in the outbox."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class VersionStatus(StrEnum):
    """A registered text of a directive: in force, superseded by an edit, or replaced."""

    ACTIVE = "active"
    AMENDED = "amended"
    REPLACED = "replaced"


class StageKind(StrEnum):
    """The four kinds of reminder stage."""

    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATE = "escalate"


_STAGE = re.compile(
    r"(?P<kind>before|overdue)-(?P<n>[1-9]\d{0,3})|(?P<due>due)|escalate-(?P<to>head|leader)",
    re.ASCII,
)


class Stage(str):
    """One reminder stage: its kind, its number (``before-3``: 3) or addressee, and the
    reason it was filed away (``@2024-07-31``), if it was.

    A ``Stage`` is its stored text (a ``str``), parsed once: it compares, sorts, keys and
    serialises as that text, and carries its parts typed. Build one with :meth:`parse` or
    the constructors (:meth:`before`, :meth:`due`, :meth:`overdue`, :meth:`escalate`).
    """

    kind: StageKind
    number: int | None
    escalate_to: Recipient | None
    filed_under: str | None

    def __new__(cls, text: str) -> Stage:
        """Parse ``text``; ``ValueError`` names it when it is no stage."""
        name, at, filed = text.partition("@")
        match = _STAGE.fullmatch(name)
        if match is None or (at and not filed):
            raise ValueError(f"unknown reminder stage {text!r}")
        self = super().__new__(cls, text)
        parts: dict[str, object] = {"number": None, "escalate_to": None}
        if match["due"]:
            parts["kind"] = StageKind.DUE
        elif match["to"]:
            parts |= {"kind": StageKind.ESCALATE, "escalate_to": Recipient(match["to"])}
        else:
            parts |= {"kind": StageKind(match["kind"]), "number": int(match["n"])}
        parts["filed_under"] = filed if at else None
        for key, value in parts.items():
            object.__setattr__(self, key, value)
        return self

    def __setattr__(self, key: str, value: object) -> None:
        """Stages are values: nothing changes once parsed."""
        raise AttributeError(f"a Stage is immutable ({key})")

    @classmethod
    def parse(cls, text: str) -> Stage:
        """``before-3``, ``due``, ``overdue-2``, ``escalate-head`` (``@...`` kept apart)."""
        return text if isinstance(text, Stage) else cls(text)

    @classmethod
    def before(cls, days: int) -> Stage:
        """``before-N``: N working days before the deadline."""
        return cls(f"{StageKind.BEFORE}-{days}")

    @classmethod
    def due(cls) -> Stage:
        """``due``: on the deadline."""
        return cls(StageKind.DUE.value)

    @classmethod
    def overdue(cls, count: int) -> Stage:
        """``overdue-K``: the K-th urging after the deadline."""
        return cls(f"{StageKind.OVERDUE}-{count}")

    @classmethod
    def escalate(cls, to: Recipient) -> Stage:
        """``escalate-head`` / ``escalate-leader``."""
        if to == Recipient.OWNER:
            raise ValueError("an escalation goes to the head or the leader")
        return cls(f"{StageKind.ESCALATE}-{to}")

    @property
    def name(self) -> str:
        """The stage's name without the filing reason: ``before-3``."""
        return self.partition("@")[0]

    def filed(self, reason: str) -> Stage:
        """This stage filed away under ``reason`` (a date, ``no-contact``)."""
        return Stage(f"{self.name}@{reason}")

    @property
    def warns(self) -> bool:
        """A warning before or on the deadline (not once it has passed)."""
        return self.kind in (StageKind.BEFORE, StageKind.DUE)

    @property
    def late(self) -> bool:
        """A stage after the deadline: urging or escalation."""
        return self.kind in (StageKind.OVERDUE, StageKind.ESCALATE)

    @property
    def carries_letter(self) -> bool:
        """Escalations carry the urging letter (văn bản đôn đốc)."""
        return self.kind == StageKind.ESCALATE


class Channel(StrEnum):
    """The way a write reached the engine."""

    CLI = "cli"
    FLOW = "flow"
    INBOX = "inbox"
    PORTAL = "portal"
    SYSTEM = "system"


ACTOR_NAME_MAX = 80
"""Longest actor name the audit log keeps (an e-mail address, an OS user, a service)."""


@dataclass(frozen=True)
class Actor:
    """Who makes a write: a name, the way it came, and the rights it carries.

    An agency's contact (``agency`` set, signed in through the portal, or the inbox acting
    for the folder's agency) may act on that agency's tasks only. An operator (the CLI,
    the flows, a configured portal user) may act on every task; an operator who is also an
    agency's contact still never decides on that agency's own work.
    """

    name: str
    via: Channel
    agency: str | None = None
    operator: bool = False
    address: str | None = None

    def __post_init__(self) -> None:
        """A name people can read in the audit log: 1-80 characters, no control characters."""
        name = unicodedata.normalize("NFC", self.name.strip())
        if not name or len(name) > ACTOR_NAME_MAX:
            raise ValueError(f"an actor's name has 1 to {ACTOR_NAME_MAX} characters: {name!r}")
        if any(unicodedata.category(c) == "Cc" for c in name):
            raise ValueError(f"an actor's name has no control characters: {name!r}")
        object.__setattr__(self, "name", name)

    @classmethod
    def as_operator(cls, name: str, via: Channel = Channel.CLI) -> Actor:
        """An operator: the CLI's OS user or ``--as`` name, a flow's actor."""
        return cls(name, via, operator=True)

    @classmethod
    def for_agency(
        cls, name: str, agency: str, via: Channel, *, address: str | None = None
    ) -> Actor:
        """A contact of ``agency`` (signed in, or the inbox acting for the folder's agency)."""
        return cls(name, via, agency=agency, address=address)

    def speaks_for(self, agency: str) -> bool:
        """True when this actor is a contact of ``agency``."""
        return self.agency == agency

    def to_json(self) -> dict[str, object]:
        """The actor as the audit log and the API show it."""
        return {
            "name": self.name,
            "via": self.via.value,
            "agency": self.agency,
            "operator": self.operator,
            "address": self.address,
        }
