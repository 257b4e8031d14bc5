"""One message to deliver, and the Message-ID its idempotency key gives it.

The key is the outbox's unique key (task x stage x period). The Message-ID is derived
from it and the installation's name (``DIRECTIVE_FLOW_INSTANCE``, the ID's right part), so a
message resent after a crash between "sent" and "recorded" carries the same Message-ID
and a mail client or a receiving script can recognise the repeat, while a staging
installation never sends the IDs production sends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["MESSAGE_ID_DOMAIN", "Message", "message_id"]

MESSAGE_ID_DOMAIN = "directive-flow"
_DIGEST_CHARS = 32  # 128 bits of SHA-256: collisions are out of the question


def message_id(key: str, instance: str = MESSAGE_ID_DOMAIN) -> str:
    """The RFC 5322 Message-ID for an idempotency key: ``<{sha256(key)[:32]}@{instance}>``."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]
    return f"<{digest}@{instance}>"


@dataclass(frozen=True)
class Message:
    """A message for one or more recipients: e-mail addresses or Apprise URLs.

    ``recipients`` and ``attachments`` accept any sequence and are stored as tuples.
    ``instance`` is the installation's name in the Message-ID; delivery sets it from
    :class:`~directive_flow.notify.channels.DeliverySettings`.
    """

    key: str
    subject: str
    body: str
    recipients: Sequence[str]
    attachments: Sequence[Path] = field(default=())
    instance: str = MESSAGE_ID_DOMAIN

    def __post_init__(self) -> None:
        """Store tuples; reject an empty key, no recipients or a multi-line subject."""
        object.__setattr__(self, "recipients", tuple(self.recipients))
        object.__setattr__(self, "attachments", tuple(Path(p) for p in self.attachments))
        if not self.key.strip():
            raise ValueError("a message needs a non-empty key")
        if not self.recipients:
            raise ValueError(f"message {self.key!r} has no recipients")
        if "\n" in self.subject or "\r" in self.subject:
            raise ValueError(f"message {self.key!r}: the subject must be one line")

    @property
    def message_id(self) -> str:
        """The Message-ID every delivery of this message carries."""
        return message_id(self.key, self.instance)
