"""Who receives a reminder stage, from the agency registry kept in the store.

- ``owner``: the agency's contacts that are not its head (all its contacts if none);
- ``head``: the contacts marked ``head: true`` (all its contacts if none);
- ``leader``: the directive's ``leader`` contact (the committee leader in charge).

Each contact gives its e-mail address and its ``notify`` Apprise URLs. A stage nobody can
receive is not dropped: ``engine.remind`` writes it to the outbox as ``failed`` with
:func:`no_contact` as the reason, so it shows in the status.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directive_flow.domain import Recipient
from directive_flow.store.tables import AgencyRow, DirectiveRow

__all__ = ["RecipientBook", "Recipients", "contact_addresses", "no_contact", "recipients_for"]

Contact = Mapping[str, Any]


@dataclass(frozen=True)
class Recipients:
    """The addresses (e-mail or Apprise URLs) of one role, with its Vietnamese label."""

    role: Recipient
    label: str
    addresses: tuple[str, ...]

    @property
    def reachable(self) -> bool:
        """True when there is at least one address to send to."""
        return bool(self.addresses)


def contact_addresses(contacts: Iterable[Contact]) -> tuple[str, ...]:
    """Every contact's e-mail then its notification URLs, each once, in order."""
    found: list[str] = []
    for contact in contacts:
        if contact.get("email"):
            found.append(str(contact["email"]))
        found.extend(str(url) for url in contact.get("notify") or ())
    return tuple(dict.fromkeys(found))


def recipients_for(
    role: Recipient, *, contacts: Sequence[Contact], leader: Contact | None
) -> Recipients:
    """Who receives a stage addressed to ``role`` (``owner``, ``head`` or ``leader``)."""
    role = Recipient(role)  # a role read from elsewhere as text is checked here
    if role == Recipient.LEADER:
        addresses = contact_addresses([leader] if leader else [])
    else:
        wanted = [c for c in contacts if bool(c.get("head")) == (role == Recipient.HEAD)]
        addresses = contact_addresses(wanted) or contact_addresses(contacts)
    return Recipients(role, role.label, addresses)


def no_contact(agency: str, role: Recipient) -> str:
    """The outbox's ``last_error`` for a stage nobody can receive."""
    return f"no contact for {agency} ({role})"


@dataclass
class RecipientBook:
    """Agencies and directive leaders loaded once per run; look-ups are cached."""

    agencies: Mapping[str, AgencyRow]
    leaders: Mapping[str, Contact | None]
    _cache: dict[tuple[str, str, Recipient], Recipients] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, directives: Iterable[DirectiveRow]) -> RecipientBook:
        """Every agency (a registry is small: one query) and the leaders of ``directives``."""
        agencies = {row.code: row for row in session.scalars(select(AgencyRow))}
        return cls(agencies, {row.id: row.leader for row in directives})

    def agency_name(self, code: str) -> str:
        """The agency's official name, or its code when the registry lacks it."""
        row = self.agencies.get(code)
        return row.name if row is not None else code

    def head_title(self, code: str) -> str | None:
        """The title of the agency's head (``Giám đốc Sở``), if the registry gives it."""
        row = self.agencies.get(code)
        return row.head_title if row is not None else None

    def lookup(self, *, directive: str, agency: str, role: Recipient) -> Recipients:
        """Who receives ``role``'s reminders of ``agency``'s task in ``directive``."""
        cache_key = (directive if role == Recipient.LEADER else "", agency, role)
        if cache_key not in self._cache:
            row = self.agencies.get(agency)
            contacts = list(row.contacts or []) if row is not None else []
            leader = self.leaders.get(directive)
            self._cache[cache_key] = recipients_for(role, contacts=contacts, leader=leader)
        return self._cache[cache_key]
