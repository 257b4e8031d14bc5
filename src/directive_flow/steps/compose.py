"""What goes out for a due reminder stage: recipients, Vietnamese text, urging letter.

:class:`Composer` turns a :class:`DueStep` into its outbox row: the message rendered by
``notify.reminder`` for the recipients ``engine.recipients`` finds, or a ``failed`` row
when nobody can receive it. Every ``escalate-head`` and ``escalate-leader`` message
carries the urging letter (văn bản đôn đốc): a Word document under
``<home>/letters/<directive>/<task key, / as __>-<stage>.docx``, addressed to the head
of the late agency, from the directive's issuer, giving it ``LETTER_GRACE_DAYS`` working
days to finish. The office numbers and signs it. ``engine.remind`` decides what is due.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from directive_flow.calendar import WorkCalendar
from directive_flow.calendar.periods import Period
from directive_flow.definition.yamlio import parse_yaml
from directive_flow.domain import OutboxStatus, Recipient, Stage, StageKind
from directive_flow.errors import DirectiveFlowError
from directive_flow.notify.message import message_id
from directive_flow.notify.reminder import ReminderContext, render_reminder
from directive_flow.report.letter import Signature, UrgingLetterInput, render_urging_letter
from directive_flow.settings import get_settings
from directive_flow.steps.links import TaskGrant, expires_on, signed_link
from directive_flow.steps.recipients import RecipientBook, Recipients, no_contact
from directive_flow.steps.signing import signing_key
from directive_flow.store.tables import DirectiveRow, DirectiveVersionRow, OutboxRow

__all__ = [
    "LETTER_GRACE_DAYS",
    "Composer",
    "DueStep",
    "LetterWriter",
    "addressee",
    "letter_path",
    "outbox_key",
    "outbox_row",
]

LETTER_GRACE_DAYS = 5
DEFAULT_SIGNER = "Chánh Văn phòng"
_EMAIL_SCHEMES = ("mailto://", "mailtos://")
PLACE_BLANK = "......"  # the clerk writes the place when the file names none
_KINDS = {
    "thong-bao": "thông báo",
    "chi-thi": "chỉ thị",
    "cong-van": "công văn",
    "ke-hoach": "kế hoạch",
    "quyet-dinh": "quyết định",
}


@dataclass(frozen=True)
class DueStep:
    """A reminder stage due for a task, with what its message needs from the task."""

    task_id: int
    directive_id: str
    task_key: str
    stage: Stage
    day: date
    recipient: Recipient
    agency: str
    title: str
    due: date
    period: str | None

    @property
    def key(self) -> str:
        """The outbox key: ``{directive}:{task key}:{stage}``."""
        return outbox_key(self.directive_id, self.task_key, self.stage)


def outbox_key(directive: str, task_key: str, stage: Stage) -> str:
    """The outbox's unique key; the task key already holds the period."""
    return f"{directive}:{task_key}:{stage}"


IN_LIST = 900  # ids per IN (...) list: below every database's limit on parameters


class Composer:
    """Renders the outbox row of each stage to send: recipients, text, letter (one per run)."""

    def __init__(
        self,
        session: Session,
        directives: Sequence[DirectiveRow],
        calendars: dict[str, WorkCalendar],
        today: date,
        home: Path,
    ) -> None:
        self.directives = {row.id: row for row in directives}
        self.calendars, self.today = calendars, today
        self.book = RecipientBook.load(session, directives)
        self.letters = LetterWriter(session, self.book, today=today, home=home)
        self.session = session
        self._key: bytes | None = None
        self._reminded: set[int] = set()  # see read_reminded

    def row(self, step: DueStep, when: datetime) -> dict[str, Any]:
        """The ``pending`` row, or ``failed`` when nobody can receive the stage."""
        who = self.book.lookup(directive=step.directive_id, agency=step.agency, role=step.recipient)
        context = self.context(step)
        letter = self._letter(step, context, who)
        payload = _payload(step, context, who, [letter.path] if letter else [])
        if letter is not None:
            payload["letter"] = letter.to_json()
        if not who.reachable:
            error = no_contact(step.agency, step.recipient)
            return outbox_row(step, when, OutboxStatus.FAILED, "none", payload, error)
        return outbox_row(step, when, OutboxStatus.PENDING, _channel(who), payload)

    def _letter(
        self, step: DueStep, context: ReminderContext, who: Recipients
    ) -> PlannedLetter | None:
        """The urging letter of an escalation someone will receive; nothing otherwise."""
        if not step.stage.carries_letter or not who.reachable:
            return None
        directive, calendar = self.directives[step.directive_id], self.calendars[step.directive_id]
        return self.letters.draft(directive, calendar, step.agency, context)

    def context(self, step: DueStep) -> ReminderContext:
        """What the reminder says about ``step``'s task."""
        directive = self.directives[step.directive_id]
        late = self.calendars[step.directive_id].working_days_between(step.due, self.today)
        return ReminderContext(
            directive_number=directive.number,
            directive_title=directive.title,
            assignment_title=step.title,
            agency_name=self.book.agency_name(step.agency),
            due=step.due,
            stage=step.stage,
            recipient=step.recipient,
            task_key=step.task_key,
            period_label=step.period,
            period_vietnamese=Period.parse(step.period).vietnamese if step.period else None,
            days_overdue=max(1, late) if step.stage.late else 0,
            sent_on=self.today,
            days_left=-late if step.stage.kind == StageKind.BEFORE and late <= 0 else None,
            link=self._link(step),
            reminded=step.recipient == Recipient.OWNER or step.task_id in self._reminded,
        )

    def read_reminded(self, steps: Sequence[DueStep]) -> None:
        """Read which escalated tasks' agencies were sent a reminder before this run (one
        statement per 900 escalations): an escalation says "đã được nhắc" only then, not
        when catching up on old deadlines."""
        ids = sorted({s.task_id for s in steps if s.recipient != Recipient.OWNER})
        for start in range(0, len(ids), IN_LIST):
            sent = select(OutboxRow.task_id).distinct()
            sent = sent.where(
                OutboxRow.task_id.in_(ids[start : start + IN_LIST]),
                OutboxRow.recipient == Recipient.OWNER,
                OutboxRow.status == OutboxStatus.SENT,
            )
            self._reminded.update(self.session.scalars(sent))

    def _link(self, step: DueStep) -> str | None:
        """The agency's signed link to its task (the leader in charge gets none: not theirs)."""
        if step.recipient == Recipient.LEADER:
            return None
        settings = get_settings()
        if self._key is None:
            self._key = signing_key(self.session, settings)
        expires = expires_on(self.calendars[step.directive_id], step.due, self.today)
        grant = TaskGrant(step.directive_id, step.task_key, step.agency, expires)
        return signed_link(self._key, settings.portal_url, grant)


def outbox_row(
    step: DueStep,
    when: datetime,
    status: OutboxStatus,
    channel: str,
    payload: dict[str, Any],
    error: str | None = None,
) -> dict[str, Any]:
    """An outbox row as ``INSERT`` takes it; its Message-ID derives from its key."""
    return {
        "key": step.key,
        "task_id": step.task_id,
        "stage": step.stage,
        "channel": channel,
        "recipient": step.recipient,
        "status": status,
        "attempts": 0,
        "last_error": error,
        "message_id": message_id(step.key, get_settings().instance),
        "payload": payload,
        "created_at": when,
        "updated_at": when,
    }


def _payload(
    step: DueStep, context: ReminderContext, who: Recipients, attachments: Sequence[Path]
) -> dict[str, Any]:
    """The rendered message, as ``engine.outbox`` will send it."""
    text = render_reminder(context)
    return {
        "subject": text.subject,
        "body": text.body,
        "recipients": list(who.addresses),
        "attachments": [str(path) for path in attachments],
        "role": who.role,
        "role_label": who.label,
        "agency": step.agency,
    }


def _channel(who: Recipients) -> str:
    """``email``, ``webhook`` or ``email+webhook``, by the kinds of address."""
    kinds = {
        "email" if "://" not in a or a.startswith(_EMAIL_SCHEMES) else "webhook"
        for a in who.addresses
    }
    return "+".join(sorted(kinds))


def letter_path(home: Path, directive: str, task_key: str, stage: Stage) -> Path:
    """Where the letter of ``task_key``'s ``stage`` is written."""
    return home / "letters" / directive / f"{task_key.replace('/', '__')}-{stage}.docx"


def addressee(head_title: str | None, agency: str) -> str:
    """``Giám đốc Sở`` + ``Sở Y tế`` -> ``Giám đốc Sở Y tế``; ``Thủ trưởng ...`` without a title."""
    if not head_title:
        return f"Thủ trưởng {agency}"
    title, name = head_title.split(), agency.split()
    shared = range(min(len(title), len(name)), 0, -1)
    overlap = next((n for n in shared if title[-n:] == name[:n]), 0)
    return " ".join(title[: len(title) - overlap] + name)


class LetterWriter:
    """Drafts the letters of one run; directive headers are read once, on first need."""

    def __init__(self, session: Session, book: RecipientBook, *, today: date, home: Path) -> None:
        self.session, self.book, self.today, self.home = session, book, today, home
        self.written: list[Path] = []
        self._headers: dict[str, dict[str, Any]] | None = None

    def draft(
        self, directive: DirectiveRow, calendar: WorkCalendar, agency: str, c: ReminderContext
    ) -> PlannedLetter:
        """The letter for the escalation ``c`` of ``agency``'s task (drawn when it is sent)."""
        header = self._header(directive.id)
        signer = header.get("signer") or {}
        issuer = self.book.agency_name(directive.issuer)
        letter = UrgingLetterInput(
            issuer=issuer,
            issuer_parent=None,
            place=str(header.get("place") or PLACE_BLANK),
            day=self.today,
            agency_name=c.agency_name,
            addressee=addressee(self.book.head_title(agency), c.agency_name),
            directive_number=directive.number,
            directive_title=directive.title,
            assignment_title=c.assignment_title,
            original_due=c.due,
            days_overdue=c.days_overdue,
            new_due=calendar.add_working_days(self.today, LETTER_GRACE_DAYS),
            signature=Signature(str(signer.get("title") or DEFAULT_SIGNER), signer.get("formula")),
            directive_kind=_KINDS.get(str(header.get("type")), "văn bản"),
            directive_issued=directive.issued,
            directive_issuer=issuer,
            period_vietnamese=c.period_vietnamese,
        )
        planned = PlannedLetter(letter_path(self.home, directive.id, c.task_key, c.stage), letter)
        self.written.append(planned.path)
        return planned

    def _header(self, directive: str) -> dict[str, Any]:
        """The ``header`` of each directive's current file (place, type, signer)."""
        if self._headers is None:
            current = and_(
                DirectiveRow.id == DirectiveVersionRow.directive_id,
                DirectiveRow.current_version == DirectiveVersionRow.version,
            )
            query = select(DirectiveVersionRow.directive_id, DirectiveVersionRow.source_text)
            rows = self.session.execute(query.join(DirectiveRow, current))
            self._headers = {d: _header_of(text) for d, text in rows}
        return self._headers.get(directive, {})


def _header_of(text: str) -> dict[str, Any]:
    """The header mapping of a stored directive file; empty if it no longer parses."""
    try:
        data = parse_yaml(text, "directive").data
    except DirectiveFlowError:
        return {}
    header = data.get("header") if isinstance(data, dict) else None
    return header if isinstance(header, dict) else {}


@dataclass(frozen=True)
class PlannedLetter:
    """An urging letter decided at queueing time and drawn at delivery time.

    Drawing a Word document takes ~20 ms: done inside the queueing transaction it would
    hold the store's write lock for minutes on a large backlog. The outbox row carries
    what the letter says; ``engine.outbox`` draws it, outside any transaction, before
    sending (the same path every time, so a retry reuses the file).
    """

    path: Path
    letter: UrgingLetterInput

    def to_json(self) -> dict[str, Any]:
        """What the outbox payload keeps."""
        return {"path": str(self.path), "input": _LETTER.dump_python(self.letter, mode="json")}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlannedLetter:
        """Back from an outbox payload."""
        return cls(Path(data["path"]), _LETTER.validate_python(data["input"]))

    def draw(self) -> Path:
        """Write the letter unless it exists: under a temporary name, then renamed."""
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.partial")
            render_urging_letter(self.letter, partial)
            os.replace(partial, self.path)
        return self.path


_LETTER: TypeAdapter[UrgingLetterInput] = TypeAdapter(UrgingLetterInput)
