"""Database URLs and the messages about them, shared by the engines and the migrations."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from directive_flow.errors import StoreError

__all__ = ["parse_url", "reason", "shown", "unreachable"]

_DRIVERLESS = {"postgresql", "postgres"}


def parse_url(url: str) -> URL:
    """The URL with PostgreSQL pinned to psycopg 3, or a ``StoreError`` if malformed."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"'{url}' is not a database URL (sqlite:///FILE or postgresql://...)"
        ) from None
    if parsed.drivername in _DRIVERLESS:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(f"unsupported database '{parsed.drivername}': use sqlite or postgresql")
    return parsed


def shown(url: URL | str) -> str:
    """The URL with any password hidden, for messages."""
    parsed = url if isinstance(url, URL) else make_url(url)
    return parsed.render_as_string(hide_password=True)


def unreachable(engine: Engine, exc: OperationalError) -> StoreError:
    """The error for a database that cannot be opened or reached."""
    return StoreError(f"cannot reach the database at {shown(engine.url)}: {reason(exc)}")


def reason(exc: OperationalError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return " ".join(text.split())[:300]
