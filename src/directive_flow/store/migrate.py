"""Alembic, run from code: the migration scripts ship inside the package.

``ensure_schema`` is called on first use: an empty database is migrated to the head
revision; a database at an older revision asks for ``directive-flow db upgrade``; one
at a revision this code does not know (written by a newer directive-flow) is refused.
The check and the migration run in one transaction under a lock (SQLite's write lock,
a PostgreSQL advisory lock) so two processes starting together do not race.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import OperationalError

from directive_flow.errors import StoreError
from directive_flow.store.urls import shown, unreachable

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_LOCK = 0x6466_6D69  # "dfmi": serialises schema checks across processes


def config_for(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged scripts, bound to ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision this code knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config_for()).get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def known_revisions() -> set[str]:
    """Every revision this code knows."""
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(config_for()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None: not a migrated database)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Migrate to ``revision``; returns (before, after)."""
    with _locked(engine) as connection:
        before = current_revision(connection)
        _check_not_newer(before)
        _run_upgrade(connection, revision)
        after = current_revision(connection)
    return before, after or "base"


def current(engine: Engine) -> str | None:
    """The revision the database is at, read under the schema lock (None: empty)."""
    with _locked(engine) as connection:
        return current_revision(connection)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate down to ``revision`` (tests, and an operator undoing an upgrade)."""
    from alembic import command

    with _locked(engine) as connection:
        command.downgrade(config_for(connection), revision)


def ensure_schema(engine: Engine) -> None:
    """Migrate an empty database; refuse an older or newer schema with a clear message."""
    with _locked(engine) as connection:
        current = current_revision(connection)
        if current is None:
            if _has_tables(connection):
                raise StoreError(
                    f"{_where(engine)} has tables but no directive-flow schema version; "
                    "point DIRECTIVE_FLOW_DATABASE_URL at an empty or directive-flow database"
                )
            _run_upgrade(connection, "head")
            return
        _check_not_newer(current)
        if current != head_revision():
            raise StoreError(
                f"{_where(engine)} is at schema {current}, this directive-flow needs "
                f"{head_revision()}: run 'directive-flow db upgrade'"
            )


def _check_not_newer(current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise StoreError(
            f"the database schema ({current}) is newer than this directive-flow "
            f"(knows up to {head_revision()}): upgrade directive-flow"
        )


def _run_upgrade(connection: Connection, revision: str) -> None:
    from alembic import command

    command.upgrade(config_for(connection), revision)


def _has_tables(connection: Connection) -> bool:
    return bool(inspect(connection).get_table_names())


def _where(engine: Engine) -> str:
    return f"the database at {shown(engine.url)}"


class _locked:
    """A connection in a transaction that holds the schema lock; commits on success."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.connection: Connection | None = None

    def __enter__(self) -> Connection:
        try:
            self.connection = self.engine.connect()
            self._sqlite_foreign_keys(on=False)
            self.connection.begin()
            if self.engine.dialect.name == "postgresql":
                self.connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        except OperationalError as exc:
            self._close()
            raise unreachable(self.engine, exc) from None
        return self.connection

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        assert self.connection is not None
        if kind is None:
            self._check_foreign_keys()
            self.connection.commit()
        self._close()

    def _sqlite_foreign_keys(self, *, on: bool) -> None:
        """SQLite batch migrations copy a table, drop the old one and rename the copy: with
        rows pointing at it and foreign keys on, the drop fails. The pragma only works
        outside a transaction, so it goes straight to the driver (which autocommits)."""
        if self.connection is not None and self.engine.dialect.name == "sqlite":
            driver = self.connection.connection.driver_connection
            assert driver is not None
            driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")

    def _check_foreign_keys(self) -> None:
        """Before committing a migration on SQLite, every row must still point somewhere."""
        assert self.connection is not None
        if self.engine.dialect.name == "sqlite":
            broken = self.connection.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:
                raise StoreError(f"a migration left a dangling reference: {tuple(broken)}")

    def _close(self) -> None:
        if self.connection is not None:
            self._sqlite_foreign_keys(on=True)
            self.connection.close()
