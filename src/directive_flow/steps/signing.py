"""The portal's signing key and the signatures made with it (sessions, CSRF, deep links).

The key is ``DIRECTIVE_FLOW_SECRET_KEY`` when set; otherwise one is generated on first
use and kept in the store (``portal_keys``), so every worker and machine sharing the
store signs and verifies alike, and a restart keeps sessions and links valid. Two
workers starting together insert at most one key: the insert does nothing on conflict
and both read the row that won.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from directive_flow.settings import Settings
from directive_flow.steps.common import utc_now
from directive_flow.store.tables import PortalKeyRow

__all__ = ["KEY_NAME", "digest", "sign", "signing_key", "verify"]

KEY_NAME = "signing"
_KEY_BYTES = 32


def signing_key(session: Session, settings: Settings) -> bytes:
    """The key from settings, or the one generated once and kept in the store."""
    if settings.secret_key is not None:
        return hashlib.sha256(settings.secret_key.get_secret_value().encode()).digest()
    stored = session.scalar(select(PortalKeyRow.secret).where(PortalKeyRow.name == KEY_NAME))
    if stored is None:
        stored = _generate(session)
    return bytes.fromhex(stored)


def _generate(session: Session) -> str:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {"name": KEY_NAME, "secret": secrets.token_hex(_KEY_BYTES), "created_at": utc_now()}
    session.execute(insert(PortalKeyRow).values(values).on_conflict_do_nothing())
    return session.scalars(select(PortalKeyRow.secret).where(PortalKeyRow.name == KEY_NAME)).one()


def sign(key: bytes, purpose: str, text: str) -> str:
    """An HMAC-SHA256 of ``text`` for ``purpose`` (a signature made for one use is not
    valid for another), base64url without padding."""
    mac = hmac.new(key, f"{purpose}\n{text}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def verify(key: bytes, purpose: str, text: str, signature: str) -> bool:
    """True when ``signature`` is :func:`sign`'s for ``text``; constant-time."""
    return hmac.compare_digest(sign(key, purpose, text), signature)


def digest(token: str) -> str:
    """The sha256 of a token, as stored: a leaked table gives no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()
