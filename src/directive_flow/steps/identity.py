"""Who is signed in to the portal: the registry's contacts, one-time links, sessions.

There are no accounts to administer. The people are the contacts of the agency
registries (``agencies.contacts``) and the configured operators
(``DIRECTIVE_FLOW_OPERATORS``). A person asks for a link by typing an address;
:func:`request_sign_in` issues one one-time token per agency the address speaks for
(none for an unknown address: the caller answers the same either way). Following the
link (:func:`redeem_sign_in`) opens a session; :func:`resume` finds it again on every
request. Tokens and sessions are kept only as their sha256.

Lifetimes: a sign-in link ``SIGN_IN_TTL``; a session ends after ``SESSION_IDLE``
without a request, and at the latest ``SESSION_MAX`` after it opened; last-seen is
written at most every ``LAST_SEEN_EVERY`` so that reading does not become writing.
An operator may end every session of a contact (:func:`revoke_contact`).
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from directive_flow.domain import Actor, Channel
from directive_flow.errors import ForbiddenError, RefusedError
from directive_flow.steps.common import record
from directive_flow.steps.signing import digest
from directive_flow.store.tables import AgencyRow, PortalSessionRow, SignInTokenRow

__all__ = [
    "LAST_SEEN_EVERY",
    "SESSION_IDLE",
    "SESSION_MAX",
    "SIGN_IN_TTL",
    "Contact",
    "Identity",
    "Opened",
    "Resumed",
    "SignInLink",
    "contacts_for",
    "normal_email",
    "open_session",
    "redeem_sign_in",
    "request_sign_in",
    "resume",
    "revoke_contact",
    "sign_out",
    "touch",
]

SIGN_IN_TTL = timedelta(minutes=15)
SESSION_IDLE = timedelta(minutes=60)
SESSION_MAX = timedelta(hours=12)
LAST_SEEN_EVERY = timedelta(seconds=60)
_TOKEN_BYTES = 32


def normal_email(text: str) -> str:
    """An address as compared: NFC, trimmed, case- and accent-insensitive."""
    folded = unicodedata.normalize("NFKD", text.strip().replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Contact:
    """One way an address may sign in: for an agency, as an operator, or both."""

    email: str
    agency: str | None
    agency_name: str | None
    name: str | None
    operator: bool


def contacts_for(session: Session, email: str, operators: Collection[str]) -> list[Contact]:
    """Every agency ``email`` is a registered contact of, and the operator role if it has it."""
    wanted = normal_email(email)
    operator = wanted in {normal_email(o) for o in operators}
    found: list[Contact] = []
    for row in session.scalars(select(AgencyRow).order_by(AgencyRow.code)):
        for person in row.contacts or ():
            if isinstance(person, dict) and normal_email(str(person.get("email") or "")) == wanted:
                found.append(Contact(wanted, row.code, row.name, person.get("name"), operator))
                break
    if operator and not found:
        found.append(Contact(wanted, None, None, None, True))
    return found


@dataclass(frozen=True)
class SignInLink:
    """A one-time token to mail to ``contact`` (the only time the token is seen)."""

    contact: Contact
    token: str


def request_sign_in(
    session: Session, *, email: str, operators: Collection[str], address: str | None, now: datetime
) -> list[SignInLink]:
    """One one-time token per way ``email`` may sign in; none for an unknown address."""
    links = []
    for contact in contacts_for(session, email, operators):
        token = secrets.token_urlsafe(_TOKEN_BYTES)
        session.add(
            SignInTokenRow(
                token_hash=digest(token),
                email=contact.email,
                agency=contact.agency,
                created_at=now,
                expires_at=now + SIGN_IN_TTL,
                address=address,
            )
        )
        links.append(SignInLink(contact, token))
    return links


@dataclass(frozen=True)
class Identity:
    """A session's holder: who, for which agency, with which reach.

    A session opened by a reminder's deep link has no e-mail and reaches one task only
    (``directive``, ``task``).
    """

    session_id: int
    name: str
    email: str | None
    agency: str | None
    operator: bool
    directive: str | None = None
    task: str | None = None
    agency_name: str | None = None  # as the registry names it, for people to read

    @property
    def limited(self) -> bool:
        """True for a deep-link session, limited to one task."""
        return self.task is not None

    def actor(self, address: str | None) -> Actor:
        """The actor the steps see for this person, from ``address``."""
        return Actor(self.name, Channel.PORTAL, self.agency, self.operator, address)

    def check_writes(self) -> None:
        """Refuse a write from a deep-link session: a reminder's link names no person (it
        may have been forwarded), and every write must say who made it."""
        if self.task is not None:
            raise ForbiddenError(
                "a reminder's link opens its task to read; sign in with your e-mail address "
                "to hand in or ask for more time (every write names the person)"
            )

    def check_reach(self, directive: str, task: str | None = None) -> None:
        """Refuse what a deep-link session was not opened for."""
        if self.task is not None and (directive, task) != (self.directive, self.task):
            raise ForbiddenError(
                f"this link opens task '{self.task}' of '{self.directive}' only; sign in "
                "with your e-mail address for the rest"
            )


@dataclass(frozen=True)
class Opened:
    """A new session: its token (for the cookie, seen only now) and its holder."""

    token: str
    identity: Identity


def redeem_sign_in(
    session: Session, *, token: str, operators: Collection[str], address: str | None, now: datetime
) -> Opened:
    """Use a one-time token once: a session for its contact, or ``ForbiddenError``."""
    query = select(SignInTokenRow).where(SignInTokenRow.token_hash == digest(token))
    row = session.scalars(query.with_for_update()).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise ForbiddenError("this sign-in link is unknown, already used or expired")
    row.used_at = now
    still = [c for c in contacts_for(session, row.email, operators) if c.agency == row.agency]
    if not still:
        raise ForbiddenError(f"{row.email} is no longer a contact of '{row.agency}'")
    contact = still[0]
    return open_session(
        session,
        name=contact.email,
        email=contact.email,
        agency=contact.agency,
        operator=contact.operator,
        address=address,
        now=now,
    )


def open_session(
    session: Session,
    *,
    name: str,
    email: str | None,
    agency: str | None,
    operator: bool,
    address: str | None,
    now: datetime,
    directive: str | None = None,
    task: str | None = None,
) -> Opened:
    """A fresh session (never one a browser brought along: no session fixation)."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    row = PortalSessionRow(
        token_hash=digest(token),
        name=name[:80],
        email=email,
        agency=agency,
        operator=operator,
        directive_id=directive,
        task_key=task,
        created_at=now,
        last_seen_at=now,
        expires_at=now + SESSION_MAX,
        address=address,
    )
    session.add(row)
    session.flush()
    return Opened(token, _identity(session, row, operator))


@dataclass(frozen=True)
class Resumed:
    """A live session found again, and whether its last-seen is due to be written."""

    identity: Identity
    stale: bool


def resume(
    session: Session, *, token: str, operators: Collection[str], now: datetime
) -> Resumed | None:
    """The live session of ``token``; None if gone or idle. Only reads (a read transaction
    serves it): when its last-seen is older than ``LAST_SEEN_EVERY`` the answer says so,
    and the caller writes it with :func:`touch`."""
    query = select(PortalSessionRow).where(PortalSessionRow.token_hash == digest(token))
    row = session.scalars(query).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if row.last_seen_at + SESSION_IDLE <= now:
        return None
    # Operators are the configured ones now: removing an address ends its rights at once.
    still_operator = row.operator and normal_email(row.email or "") in {
        normal_email(o) for o in operators
    }
    return Resumed(
        _identity(session, row, still_operator), now - row.last_seen_at >= LAST_SEEN_EVERY
    )


def touch(session: Session, *, session_id: int, now: datetime) -> None:
    """Write a session's last-seen (at most every ``LAST_SEEN_EVERY``: see :func:`resume`)."""
    session.execute(
        update(PortalSessionRow)
        .where(PortalSessionRow.id == session_id, PortalSessionRow.last_seen_at < now)
        .values(last_seen_at=now)
    )


def _identity(session: Session, row: PortalSessionRow, operator: bool) -> Identity:
    agency = session.get(AgencyRow, row.agency) if row.agency else None
    return Identity(
        row.id,
        row.name,
        row.email,
        row.agency,
        operator,
        row.directive_id,
        row.task_key,
        agency.name if agency else None,
    )


def sign_out(session: Session, *, identity: Identity, now: datetime) -> None:
    """End the session ``identity`` holds."""
    row = session.get(PortalSessionRow, identity.session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = now


def revoke_contact(session: Session, *, email: str, actor: Actor, now: datetime) -> int:
    """End every session and unused sign-in link of ``email`` (operators only); the count."""
    if not actor.operator:
        raise ForbiddenError(f"{actor.name} may not end other people's sessions")
    wanted = normal_email(email)
    if not wanted or "@" not in wanted:
        raise RefusedError("revoke refused:", [f"email: not an e-mail address: {email!r}"])
    live = (PortalSessionRow.email == wanted, PortalSessionRow.revoked_at.is_(None))
    ended = session.execute(
        update(PortalSessionRow).where(*live).values(revoked_at=now).returning(PortalSessionRow.id),
        execution_options={"synchronize_session": False},
    ).all()
    unused = (SignInTokenRow.email == wanted, SignInTokenRow.used_at.is_(None))
    session.execute(
        update(SignInTokenRow).where(*unused).values(used_at=now),
        execution_options={"synchronize_session": False},
    )
    record(session, actor=actor, action="sessions-revoke", at=now, after={"email": wanted})
    return len(ended)
