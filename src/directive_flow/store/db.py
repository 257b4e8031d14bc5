"""Engines and transactions.

``make_engine(url)`` builds an engine for SQLite (the embedded default) or PostgreSQL
(psycopg 3). SQLite runs in WAL mode with a 30 s busy timeout, foreign keys on, and
takes the write lock when a transaction begins (``BEGIN IMMEDIATE``) so two processes
writing at once queue instead of failing half-way with "database is locked".

``open_store(url)`` is what commands call: an engine whose schema is checked (and
created, on an empty database) once per process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from directive_flow.errors import StoreError
from directive_flow.settings import on_reset
from directive_flow.store.urls import parse_url, reason, shown, unreachable

__all__ = [
    "BUSY_TIMEOUT_S",
    "forget_stores",
    "make_engine",
    "open_store",
    "parse_url",
    "session_scope",
    "shown",
    "unreachable",
]

BUSY_TIMEOUT_S = 30
PG_CONNECT_TIMEOUT_S = 10
_opened: dict[str, Engine] = {}


def make_engine(url: str) -> Engine:
    """An engine for ``url``; connects lazily."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return create_engine(
        parsed, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S}, pool_pre_ping=True
    )


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        _make_parent(Path(url.database))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder for {path}: {exc.strerror}") from None


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is turned off so ours (BEGIN IMMEDIATE) rules.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    except OperationalError as exc:
        raise StoreError(f"database error at {shown(engine.url)}: {reason(exc)}") from None


def open_store(url: str) -> Engine:
    """An engine with a checked schema, migrated first if the database is empty."""
    if url not in _opened:
        from directive_flow.store.migrate import ensure_schema

        engine = make_engine(url)
        ensure_schema(engine)
        _opened[url] = engine
    return _opened[url]


@on_reset
def forget_stores() -> None:
    """Dispose of the engines ``open_store`` keeps (tests, and after ``db upgrade``)."""
    for engine in _opened.values():
        engine.dispose()
    _opened.clear()
