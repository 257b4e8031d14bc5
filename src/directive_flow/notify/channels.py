"""Delivering messages: e-mail over SMTP, every other channel through Apprise.

A recipient is one of

- an e-mail address (``van.thu@soyte.kontum.gov.vn``): sent through the server of
  ``DeliverySettings.smtp_url``;
- a ``mailto://`` or ``mailtos://`` URL: sent through the server that URL names, to its
  ``to=`` / ``cc=`` / ``bcc=`` addresses;
- any other Apprise URL (``json://host:port/path``, ...): sent by Apprise.

E-mail goes through the standard library (see :mod:`directive_flow.notify.smtp` for why)
and carries ``Message-ID: <sha256(key)[:32]@INSTANCE>`` (``DeliverySettings.instance``).
A refused or failed delivery is a :class:`DeliveryResult` with the error text, never an
exception. ``deliver_many`` keeps one SMTP connection per server for the whole batch.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from directive_flow.notify.mailbox import MAILBOX_SENDER, MAILBOX_SERVER, write_eml
from directive_flow.notify.message import MESSAGE_ID_DOMAIN, Message
from directive_flow.notify.services import send_to_service
from directive_flow.notify.smtp import (
    WITHHELD,
    Gate,
    SmtpPool,
    SmtpRoute,
    email_bytes,
    parse_mail_url,
)

if TYPE_CHECKING:
    from directive_flow.settings import Settings

__all__ = [
    "DeliveryResult",
    "DeliverySettings",
    "RecipientOutcome",
    "Sender",
    "deliver",
    "deliver_many",
    "sending",
]

_EMAIL = re.compile(r"^[^@\s/:]+@[^@\s/]+\.[^@\s/]+$")
_MAIL_SCHEMES = ("mailto://", "mailtos://")
_SECRET_IN_URL = re.compile(r"(?<=://)([^:/?#@\s]*):[^@/?#\s]*@")
REDIRECT_NOTE = "[Thử nghiệm: thư này được chuyển hướng; người nhận gốc: {recipients}]"


class DeliverySettings(BaseModel):
    """How messages leave: the SMTP server, and the staging redirect."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    smtp_url: SecretStr | None = Field(
        None,
        description="Apprise e-mail URL of the outgoing server for plain addresses, e.g. "
        "mailtos://user:pass@smtp.example.vn?from=nhacviec@example.vn or, without TLS, "
        "mailto://127.0.0.1:2525?from=nhacviec@example.vn&mode=insecure. Its server, login "
        "and sender are used; its to=, cc= and bcc= are not.",
    )
    redirect_all_to: str | None = Field(
        None,
        description="Staging: send every message to this one address or Apprise URL instead; "
        "the original recipients are noted at the top of the body.",
    )
    sender_name: str | None = Field(
        None, description="Display name on e-mail, e.g. 'Văn phòng UBND tỉnh Kon Tum'."
    )
    timeout: float = Field(15.0, gt=0, description="Seconds to wait for a server.")
    mailbox: Path | None = Field(
        None,
        description="Without an SMTP server, plain addresses are delivered here instead: one "
        "``.eml`` file per message, named by its Message-ID (a resend overwrites it).",
    )
    sender: str = Field(MAILBOX_SENDER, description="The From address of mailbox messages.")
    instance: str = Field(
        MESSAGE_ID_DOMAIN,
        description="This installation's name, the right part of every Message-ID "
        "(DIRECTIVE_FLOW_INSTANCE): staging and production never send the same ID.",
    )

    @classmethod
    def from_settings(cls, settings: Settings) -> DeliverySettings:
        """How the process's settings say messages leave."""
        return cls(
            smtp_url=settings.smtp_url,
            redirect_all_to=settings.redirect_all_to,
            mailbox=settings.mailbox,
            instance=settings.instance,
        )


@dataclass(frozen=True)
class RecipientOutcome:
    """What happened for one recipient: delivered (``error is None``) or why not."""

    recipient: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the channel accepted the message for this recipient."""
        return self.error is None


@dataclass(frozen=True)
class DeliveryResult:
    """The outcome of delivering one message, recipient by recipient."""

    key: str
    message_id: str
    outcomes: tuple[RecipientOutcome, ...]
    redirected: bool = False

    @property
    def ok(self) -> bool:
        """True when every recipient's channel accepted the message."""
        return all(o.ok for o in self.outcomes)

    @property
    def failed(self) -> tuple[str, ...]:
        """The recipients to retry (resend with the same key: same Message-ID)."""
        return tuple(o.recipient for o in self.outcomes if not o.ok)

    @property
    def error(self) -> str | None:
        """Every failure on one line, secrets in URLs masked; ``None`` when all went."""
        errors = [f"{redact(o.recipient)}: {o.error}" for o in self.outcomes if not o.ok]
        return "; ".join(errors) or None


def deliver(message: Message, *, settings: DeliverySettings) -> DeliveryResult:
    """Deliver one message to all its recipients."""
    return deliver_many([message], settings)[0]


def deliver_many(messages: Iterable[Message], settings: DeliverySettings) -> list[DeliveryResult]:
    """Deliver messages in order, over one SMTP connection per server for the whole batch;
    each one's ``MAIL`` goes as soon as the one before is taken."""
    last = len(messages) - 1 if isinstance(messages, Sequence) else -1  # -1: not known
    with sending(settings) as send:
        return [send(message, more=i != last) for i, message in enumerate(messages)]


class Sender(Protocol):
    """Delivers one message; ``gate``, if given, is asked once before anything is handed
    over for good (an SMTP end of data, a mailbox file, an Apprise call): when it says
    no, nothing goes and every recipient gets ``WITHHELD``. ``more``: another message is
    likely to follow, so an SMTP connection starts it (its ``MAIL``) as soon as this one
    is taken."""

    def __call__(
        self, message: Message, gate: Gate | None = None, *, more: bool = False
    ) -> DeliveryResult: ...


@contextmanager
def sending(settings: DeliverySettings) -> Iterator[Sender]:
    """A function that delivers one message, its SMTP connections kept open until the end.

    For a caller that records each message the moment it went (the outbox): its gate
    lets it record the message before while this one is on its way.
    """
    with SmtpPool(timeout=settings.timeout) as pool:

        def send(
            message: Message, gate: Gate | None = None, *, more: bool = False
        ) -> DeliveryResult:
            return _deliver_one(message, settings, _Turn(pool, _once(gate), more))

        yield send


def _once(gate: Gate | None) -> Gate | None:
    """``gate`` asked at most once (a message may go by several channels)."""
    if gate is None:
        return None
    answers: list[bool] = []

    def ask() -> bool:
        if not answers:
            answers.append(gate())
        return answers[0]

    return ask


def _withheld(gate: Gate | None) -> bool:
    """True when ``gate`` says the message may not go."""
    return gate is not None and not gate()


def redact(recipient: str) -> str:
    """A recipient fit for logs: the password in ``scheme://user:pass@`` replaced by ``***``."""
    return _SECRET_IN_URL.sub(r"\1:***@", recipient)


@dataclass(frozen=True)
class _Turn:
    """One message's way out: the open connections, its gate, whether more will follow."""

    pool: SmtpPool
    gate: Gate | None
    more: bool


def _deliver_one(message: Message, settings: DeliverySettings, turn: _Turn) -> DeliveryResult:
    """Route every recipient of one message and collect the outcomes in recipient order."""
    message = dataclasses.replace(message, instance=settings.instance)
    recipients, body = _addressing(message, settings)
    plain = [r for r in recipients if _EMAIL.match(r)]
    errors = _send_plain(message, plain, body, settings, turn) if plain else {}
    for url in (r for r in recipients if not _EMAIL.match(r)):
        errors[url] = _send_url(message, url, body, settings, turn)
    outcomes = tuple(RecipientOutcome(r, errors.get(r)) for r in recipients)
    redirected = settings.redirect_all_to is not None
    return DeliveryResult(message.key, message.message_id, outcomes, redirected)


def _addressing(message: Message, settings: DeliverySettings) -> tuple[tuple[str, ...], str]:
    """The recipients and body to use: as given, or redirected with the originals noted."""
    recipients = tuple(dict.fromkeys(message.recipients))  # once each, in order
    if settings.redirect_all_to is None:
        return recipients, message.body
    note = REDIRECT_NOTE.format(recipients=", ".join(redact(r) for r in recipients))
    return (settings.redirect_all_to,), f"{note}\n\n{message.body}"


def _send_plain(
    message: Message,
    addresses: list[str],
    body: str,
    settings: DeliverySettings,
    turn: _Turn,
) -> dict[str, str | None]:
    """Plain addresses go in one e-mail through the configured server."""
    if settings.smtp_url is None:
        if settings.mailbox is None:
            return dict.fromkeys(addresses, "no SMTP server configured (DIRECTIVE_FLOW_SMTP_URL)")
        if _withheld(turn.gate):
            return dict.fromkeys(addresses, WITHHELD)
        return _to_mailbox(message, addresses, body, settings)
    try:
        configured = parse_mail_url(settings.smtp_url.get_secret_value())
    except ValueError as exc:
        return dict.fromkeys(addresses, f"DIRECTIVE_FLOW_SMTP_URL: {exc}")
    name = settings.sender_name or configured.sender_name
    route = SmtpRoute(configured.server, configured.sender, name, to=tuple(addresses))
    errors = _send_email(message, route, body, turn)
    return {address: errors.get(address) for address in addresses}


def _to_mailbox(
    message: Message, addresses: list[str], body: str, settings: DeliverySettings
) -> dict[str, str | None]:
    """Write the e-mail the server would have been given, as ``<mailbox>/<id>.eml``."""
    assert settings.mailbox is not None
    route = SmtpRoute(MAILBOX_SERVER, settings.sender, settings.sender_name, to=tuple(addresses))
    try:
        data = email_bytes(message, route=route, body=body)
        write_eml(data, settings.mailbox, message_id=message.message_id)
    except OSError as exc:
        return dict.fromkeys(addresses, f"cannot write to the mailbox: {exc}")
    return dict.fromkeys(addresses)


def _send_url(
    message: Message,
    url: str,
    body: str,
    settings: DeliverySettings,
    turn: _Turn,
) -> str | None:
    """A ``mailto://`` URL goes through its own server; any other URL through Apprise."""
    if not url.startswith(_MAIL_SCHEMES):
        if "://" not in url:
            return "neither an e-mail address nor a notification URL"
        if _withheld(turn.gate):
            return WITHHELD
        return send_to_service(url, message, body=body, timeout=settings.timeout)
    try:
        route = parse_mail_url(url)
    except ValueError as exc:
        return str(exc)
    if settings.sender_name:
        route = dataclasses.replace(route, sender_name=settings.sender_name)
    return _joined(_send_email(message, route, body, turn).values())


def _send_email(message: Message, route: SmtpRoute, body: str, turn: _Turn) -> dict[str, str]:
    """Build and send one e-mail; an unreadable attachment fails every address."""
    try:
        data = email_bytes(message, route=route, body=body)
    except OSError as exc:
        return dict.fromkeys(route.envelope, f"cannot read attachment: {exc}")
    return turn.pool.send(route, data, turn.gate, more=turn.more)


def _joined(errors: Iterable[str]) -> str | None:
    """Errors of the addresses behind one URL, as one text; ``None`` when there are none."""
    unique = list(dict.fromkeys(errors))
    return "; ".join(unique) or None
