"""Engines and transactions.

``make_engine(url)`` builds an engine for SQLite (the embedded default) or PostgreSQL
(psycopg 3). SQLite runs in WAL mode with a 30 s busy timeout and foreign keys on.

Two kinds of transaction:

- ``session_scope(engine)`` writes. On SQLite it takes the write lock when it begins
  (``BEGIN IMMEDIATE``), so two processes writing at once queue instead of failing
  half-way with "database is locked".
- ``write_connection(engine)`` is the same write transaction on a Core connection (no
  ORM session), for hot loops of prepared statements.
- ``read_scope(engine)`` only reads. On SQLite it is a plain deferred ``BEGIN`` on a
  connection set to ``PRAGMA query_only``: it never takes the write lock, and in WAL mode
  a writer never waits for it (nor it for a writer); it reads one consistent snapshot.
  On PostgreSQL it is a ``READ ONLY``, ``REPEATABLE READ`` transaction (one snapshot
  too, so a report's queries agree). A write inside it fails.

``open_store(url)`` is what commands call: an engine whose schema is checked (and
created, on an empty database) once per process. ``open_reader(url)`` is what read-only
commands call: the same, except that a SQLite file this process may not write (or a
``mode=ro`` URL) is opened read-only, its schema checked but never migrated.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from directive_flow.errors import StoreError
from directive_flow.settings import on_reset
from directive_flow.store.urls import parse_url, reason, shown, unreachable

__all__ = [
    "BUSY_TIMEOUT_S",
    "QUERY_ONLY",
    "forget_stores",
    "make_engine",
    "open_reader",
    "open_store",
    "parse_url",
    "read_scope",
    "session_scope",
    "shown",
    "unreachable",
    "write_connection",
]

BUSY_TIMEOUT_S = 30
PG_CONNECT_TIMEOUT_S = 10
READ = "directive_flow_read"  # execution option: this connection's transactions only read
QUERY_ONLY = "directive_flow_query_only"  # pooled connection info: PRAGMA query_only is on
_READ_ONLY_FILE = "directive_flow_read_only_file"  # pooled connection info: opened mode=ro
_opened: dict[tuple[str, bool], Engine] = {}
_VERSIONS = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r'^revision: str = "([^"]+)"', re.MULTILINE)
_DOWN = re.compile(r'^down_revision: [^=]+= "([^"]+)"', re.MULTILINE)


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """An engine for ``url``; connects lazily. ``read_only`` opens a SQLite file read-only."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(_read_only_url(parsed) if read_only else parsed)
    return create_engine(
        parsed, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S}, pool_pre_ping=True
    )


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:" and not _is_uri(url):
        _make_parent(Path(url.database))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_on_connect(read_only=_opens_read_only(url)))
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _is_uri(url: URL) -> bool:
    return str(url.query.get("uri", "")).lower() in ("true", "1")


def _opens_read_only(url: URL) -> bool:
    return _is_uri(url) and url.query.get("mode") == "ro"


def _read_only_url(url: URL) -> URL:
    """``file:PATH?mode=ro&uri=true``: SQLite opens the file without ever writing it."""
    if _opens_read_only(url) or not url.database or url.database == ":memory:":
        return url
    path = Path(url.database).resolve()
    query = {"mode": "ro", "uri": "true"}
    if _frozen(path):
        query["immutable"] = "1"
    return url.set(database=f"file:{path.as_posix()}").update_query_dict(query)


def _frozen(path: Path) -> bool:
    """A file nobody can be writing: no write-ahead log beside it and a folder no one here
    may create one in (a read-only copy or mount). SQLite could not even open its shared
    memory file there, so it is told the file is immutable."""
    wal = path.with_name(path.name + "-wal")
    return not wal.exists() and not os.access(path.parent, os.W_OK)


def _make_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder for {path}: {exc.strerror}") from None


def _sqlite_on_connect(*, read_only: bool) -> Any:
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        # The driver's own transaction handling is off so that ours (see the begin hook) rules.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not read_only:  # a read-only file keeps the journal mode it was written with
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        record.info[QUERY_ONLY] = record.info[_READ_ONLY_FILE] = read_only
        cursor.close()

    return on_connect


def _sqlite_on_begin(connection: Connection) -> None:
    """Readers begin deferred (no lock until they read, never the write lock); writers
    take the write lock at once. ``query_only`` is switched only when a pooled connection
    changes kind, so a run of transactions of one kind pays nothing for it."""
    info = connection.connection.info
    reading = bool(connection.get_execution_options().get(READ) or info.get(_READ_ONLY_FILE))
    if reading != info.get(QUERY_ONLY, False):
        connection.exec_driver_sql(f"PRAGMA query_only={'ON' if reading else 'OFF'}")
        info[QUERY_ONLY] = reading
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back if it raises."""
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    except OperationalError as exc:
        raise StoreError(f"database error at {shown(engine.url)}: {reason(exc)}") from None


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """``session_scope`` without the ORM: one write transaction on a Core connection, for
    a hot loop of prepared statements (delivery records each message this way)."""
    try:
        with engine.begin() as connection:
            yield connection
    except OperationalError as exc:
        raise StoreError(f"database error at {shown(engine.url)}: {reason(exc)}") from None


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """One read-only transaction (see the module docstring); a write in it fails."""
    options: dict[str, Any] = {READ: True}
    if engine.dialect.name == "postgresql":  # one snapshot for every statement of the read
        options |= {"postgresql_readonly": True, "isolation_level": "REPEATABLE READ"}
    reader = engine.execution_options(**options)
    try:
        with Session(reader, expire_on_commit=False, autoflush=False) as session, session.begin():
            yield session
    except OperationalError as exc:
        raise StoreError(f"database error at {shown(engine.url)}: {reason(exc)}") from None


def open_store(url: str) -> Engine:
    """An engine with a checked schema, migrated first if the database is empty."""
    key = (url, False)
    if key not in _opened:
        engine = make_engine(url)
        if not _at_head(engine):  # Alembic (~0.3 s to import) only when there is work
            from directive_flow.store.migrate import ensure_schema

            ensure_schema(engine)
        _opened[key] = engine
    return _opened[key]


def open_reader(url: str) -> Engine:
    """An engine to read with (``read_scope``): ``open_store``'s, unless the store is a
    SQLite file this process cannot write, which is opened read-only and only checked."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or not _unwritable(parsed):
        return open_store(url)
    key = (url, True)
    if key not in _opened:
        engine = make_engine(url, read_only=True)
        _check_schema(engine)
        _opened[key] = engine
    return _opened[key]


def _at_head(engine: Engine) -> bool:
    """True when the store's schema version is the newest migration file's: the common
    case, read with one query and no Alembic. Anything else (no version table, an older
    or unknown version, an unreachable server) is left to ``migrate.ensure_schema``."""
    try:
        with engine.connect().execution_options(**{READ: True}) as connection:
            current = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            versions = [row[0] for row in current]
    except DBAPIError:
        return False
    return versions == [_head_of_files()]


def _head_of_files() -> str | None:
    """The revision no migration file names as its ``down_revision``."""
    revisions: dict[str, str | None] = {}
    for path in _VERSIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        ident, down = _REVISION.search(source), _DOWN.search(source)
        if ident:
            revisions[ident[1]] = down[1] if down else None
    heads = set(revisions) - {d for d in revisions.values() if d}
    return heads.pop() if len(heads) == 1 else None


def _unwritable(url: URL) -> bool:
    if _opens_read_only(url):
        return True
    database = url.database or ""
    if _is_uri(url) or database in ("", ":memory:") or not Path(database).exists():
        return False
    return not os.access(database, os.W_OK)


def _check_schema(engine: Engine) -> None:
    """A read-only store must already be at this code's schema: nothing can migrate it."""
    from directive_flow.store.migrate import current_revision, head_revision

    try:
        with engine.connect() as connection:
            current = current_revision(connection)
    except OperationalError as exc:
        raise unreachable(engine, exc) from None
    if current != head_revision():
        raise StoreError(
            f"the read-only database at {shown(engine.url)} is at schema "
            f"{current or 'empty'}, this directive-flow needs {head_revision()}"
        )


@on_reset
def forget_stores() -> None:
    """Dispose of the engines ``open_store`` keeps (tests, and after ``db upgrade``)."""
    for engine in _opened.values():
        engine.dispose()
    _opened.clear()
