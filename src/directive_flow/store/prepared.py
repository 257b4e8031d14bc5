"""Statements compiled once and run on the driver's connection: for loops of tiny writes.

Delivery records every message in its own transaction, about a thousand a second, and
the record must cost less than the SMTP exchange beside it. Through a Core connection
each transaction paid ~0.26 ms of CPU on SQLite (pool checkout, events, result objects,
the begin hook) for two one-row statements; run on the driver's own connection, with
the SQL and the parameters' order worked out once, the same transaction costs ~0.1 ms
(2026-12-03, ``steps.deliver``). The statements stay SQLAlchemy statements: compiled
for the engine's dialect, their parameters converted by the columns' own types
(``UtcDateTime``, ``EnumText``), so what is written is what the ORM would write.

- ``prepare(statement, dialect)``: the compiled statement;
- ``DriverWriter(engine)``: one driver connection held for a run of write transactions
  (``with writer.transaction() as run: run(prepared, values)``), begun as
  ``session_scope`` begins them (``BEGIN IMMEDIATE`` on SQLite), failures raised as
  ``StoreError``; or of single statements, each its own transaction
  (``writer.once(prepared, values)``). Not for sharing between threads at once.

The held connection runs in the driver's autocommit mode and its transactions are begun
and ended by statements: a statement alone then costs one exchange with the server. On
PostgreSQL, psycopg's own transactions send ``BEGIN`` as an exchange of its own, so a
record of two statements was four exchanges (and four wake-ups of the server process on
a machine it shares with the sender); one statement in autocommit is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from directive_flow.errors import StoreError
from directive_flow.store.db import QUERY_ONLY
from directive_flow.store.urls import shown

__all__ = ["DriverWriter", "Prepared", "Run", "prepare"]

Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class Prepared:
    """A statement's SQL for one dialect, and how values become its parameters."""

    sql: str
    fixed: Mapping[str, Any]  # the statement's own values (``.values(status=...)``), converted
    order: tuple[str, ...] | None  # positional parameter names (SQLite's ``?``), or None
    processors: Mapping[str, Processor]

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        """The driver's parameters for ``values`` (by bind name), converted by type."""
        merged = dict(self.fixed)
        for name, value in values.items():
            convert = self.processors.get(name)
            merged[name] = value if convert is None else convert(value)
        return [merged[name] for name in self.order] if self.order is not None else merged


def prepare(statement: ClauseElement, dialect: Dialect) -> Prepared:
    """``statement`` compiled for ``dialect``: its SQL and its parameters' types (the
    dialect's own, as SQLAlchemy binds them: SQLite keeps moments as text)."""
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    processors: dict[str, Processor] = {}
    fixed: dict[str, Any] = {}
    for bind, name in compiled.bind_names.items():  # each parameter under its name in the SQL
        if bind.expanding:
            raise ValueError("an IN of many values changes its SQL with their number")
        convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            processors[name] = convert
        if not bind.required:
            fixed[name] = bind.value if convert is None else convert(bind.value)
    order = compiled.positiontup
    return Prepared(compiled.string, fixed, tuple(order) if order else None, processors)


Run = Callable[[Prepared, Mapping[str, Any]], Any]  # executes; returns the driver's cursor


class DriverWriter:
    """One driver connection of ``engine``'s pool, held for many short write transactions."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._errors: tuple[type[Exception], ...] = (engine.dialect.loaded_dbapi.Error,)
        self._held: PoolProxiedConnection | None = None

    def prepare(self, statement: ClauseElement) -> Prepared:
        """``statement`` compiled for this writer's database."""
        return prepare(statement, self._engine.dialect)

    @contextmanager
    def transaction(self) -> Iterator[Run]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        driver = self._connection().driver_connection
        assert driver is not None
        try:
            cursor = driver.cursor()
            cursor.execute("BEGIN IMMEDIATE" if self._sqlite else "BEGIN")

            def run(prepared: Prepared, values: Mapping[str, Any]) -> Any:
                cursor.execute(prepared.sql, prepared.parameters(values))
                return cursor

            yield run
            cursor.execute("COMMIT")
        except self._errors as exc:
            self._rollback()
            raise self._failure(exc) from None
        except BaseException:
            self._rollback()
            raise

    def once(self, prepared: Prepared, values: Mapping[str, Any]) -> list[Any]:
        """Run one statement as a transaction of its own; the rows it returns."""
        driver = self._connection().driver_connection
        assert driver is not None
        try:
            cursor = driver.cursor()
            cursor.execute(prepared.sql, prepared.parameters(values))
            return cursor.fetchall() if cursor.description is not None else []
        except self._errors as exc:
            self._rollback()
            raise self._failure(exc) from None

    def _failure(self, exc: Exception) -> StoreError:
        """The driver's error as one located line."""
        where = shown(self._engine.url)
        return StoreError(f"database error at {where}: {' '.join(str(exc).split())}")

    def close(self) -> None:
        """Give the connection back to the pool (which resets it), in the driver's own
        transaction mode again."""
        held, self._held = self._held, None
        if held is None:
            return
        if not self._sqlite:
            try:
                held.driver_connection.autocommit = False  # type: ignore[union-attr]
            except self._errors:
                held.invalidate()
        held.close()

    def __enter__(self) -> DriverWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _connection(self) -> PoolProxiedConnection:
        """The held connection, taken from the pool on first use, writable."""
        if self._held is None:
            held = self._engine.raw_connection()
            if self._sqlite and held.info.get(QUERY_ONLY):  # last used by a reader
                held.driver_connection.execute("PRAGMA query_only=OFF")  # type: ignore[union-attr]
                held.info[QUERY_ONLY] = False
            if not self._sqlite:  # SQLite's are off already (see store.db)
                held.driver_connection.autocommit = True  # type: ignore[union-attr]
            self._held = held
        return self._held

    def _rollback(self) -> None:
        """Undo the open transaction; a connection that cannot is dropped, not reused."""
        held = self._held
        if held is None:
            return
        try:
            driver = held.driver_connection
            assert driver is not None
            if self._sqlite:
                begun = driver.in_transaction
            else:  # psycopg: INTRANS, or INERROR after a failed statement
                begun = driver.info.transaction_status.name != "IDLE"
            if begun:
                driver.execute("ROLLBACK")
        except self._errors:
            held.invalidate()
            self._held = None
