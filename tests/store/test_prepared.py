"""Statements compiled once and run on the driver's connection write what Core writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, bindparam, insert, select, text, update

from directive_flow.domain import Channel
from directive_flow.errors import StoreError
from directive_flow.store.db import read_scope, write_connection
from directive_flow.store.prepared import DriverWriter, Run, prepare
from directive_flow.store.tables import AuditRow, Base

_AUDIT = Base.metadata.tables[AuditRow.__tablename__]
_INSERT = insert(_AUDIT).values(
    at=bindparam("b_at"),
    actor=bindparam("b_actor"),
    via=bindparam("b_via"),
    action="bench",  # values of the statement's own, one converted by its type
    after={"cố định": [1, "một"]},
    before=bindparam("b_before"),
)
_RAW = "SELECT at, via, action, before, after FROM audit_events WHERE actor = :actor"
_ZONES = st.sampled_from([UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5))])


def _stored(engine: Engine, actor: str) -> list[Any]:
    """The row as the database holds it (no type conversion on the way back)."""
    with engine.connect() as connection:
        return list(connection.execute(text(_RAW), {"actor": actor}).one())


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    at=st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=_ZONES),
    via=st.sampled_from(list(Channel)),
    before=st.none() | st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5)),
)
def test_a_prepared_write_stores_what_core_stores(
    engine: Engine, at: datetime, via: Channel, before: dict[str, Any] | None
) -> None:
    values = {"b_at": at, "b_via": via, "b_before": before}
    with write_connection(engine) as connection:
        connection.execute(_AUDIT.delete())  # the example before's rows
        connection.execute(_INSERT, {**values, "b_actor": "core"})
    with DriverWriter(engine) as writer, writer.transaction() as run:
        run(writer.prepare(_INSERT), {**values, "b_actor": "driver"})
    core, driver = _stored(engine, "core"), _stored(engine, "driver")
    assert driver == core  # same text on SQLite (moments in UTC), same values on PostgreSQL
    with read_scope(engine) as session:
        read = session.scalars(select(AuditRow).where(AuditRow.actor == "driver")).all()
    assert [(r.at, r.via, r.before, r.after) for r in read] == [
        (at, via, before, {"cố định": [1, "một"]})
    ]


def _audit(writer: DriverWriter, actor: str, then: Callable[[Run], object] = bool) -> None:
    """One transaction: an audit row by ``actor``, then ``then``."""
    at = datetime(2025, 1, 2, tzinfo=UTC)
    with writer.transaction() as run:
        run(
            writer.prepare(_INSERT),
            {"b_at": at, "b_actor": actor, "b_via": "cli", "b_before": None},
        )
        then(run)


def _actors(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(select(_AUDIT.c.actor)).scalars())


def test_a_failed_statement_rolls_its_transaction_back_and_the_writer_goes_on(
    engine: Engine,
) -> None:
    wrong = update(_AUDIT).values(task_id=bindparam("b_task"))  # no such task: a foreign key
    with DriverWriter(engine) as writer:
        prepared = writer.prepare(wrong)
        refused = r"^database error at .*(FOREIGN KEY|foreign key)"
        with pytest.raises(StoreError, match=refused):
            _audit(writer, "lost", lambda run: run(prepared, {"b_task": 999_999}))
        _audit(writer, "kept")
    assert _actors(engine) == ["kept"]  # nothing of the failed transaction, the next one whole


def _fail(run: Run) -> None:
    raise RuntimeError("half-way")


def test_an_exception_in_the_block_leaves_nothing(engine: Engine) -> None:
    with DriverWriter(engine) as writer, pytest.raises(RuntimeError, match="half-way"):
        _audit(writer, "lost", _fail)
    assert _actors(engine) == []


def test_a_connection_last_used_for_reading_is_made_writable(tmp_path: Any) -> None:
    from directive_flow.store.db import make_engine
    from directive_flow.store.migrate import ensure_schema

    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    ensure_schema(engine)
    with read_scope(engine) as session:  # the pool's one connection now reads only
        session.execute(select(_AUDIT.c.id)).all()
    with DriverWriter(engine) as writer:
        _audit(writer, "w")
    assert _actors(engine) == ["w"]
    engine.dispose()


def test_an_in_of_many_values_is_refused(engine: Engine) -> None:
    listed = select(_AUDIT.c.id).where(_AUDIT.c.id.in_(bindparam("ids", expanding=True)))
    with pytest.raises(ValueError, match="IN of many values"):
        prepare(listed, engine.dialect)


def test_a_statement_alone_is_its_own_transaction(engine: Engine) -> None:
    at = datetime(2025, 1, 2, tzinfo=UTC)
    added = insert(_AUDIT).values(at=at, actor=bindparam("b_actor"), via="cli", action="bench")
    with DriverWriter(engine) as writer:
        assert writer.once(writer.prepare(added.returning(_AUDIT.c.actor)), {"b_actor": "a"}) == [
            ("a",)
        ]
        renamed = update(_AUDIT).where(_AUDIT.c.actor == "a").values(actor=bindparam("b_to"))
        assert writer.once(writer.prepare(renamed), {"b_to": "b"}) == []  # no rows returned
        with pytest.raises(StoreError, match=r"^database error at "):
            writer.once(writer.prepare(added), {"b_actor": None})  # actor is NOT NULL
        _audit(writer, "c")  # the writer goes on
    assert sorted(_actors(engine)) == ["b", "c"]  # each committed as it ran


def test_the_connection_goes_back_to_the_pool_with_its_transactions_as_before(
    engine: Engine,
) -> None:
    """The writer's autocommit mode ends with it: a Core transaction rolled back on the
    pool's connection afterwards leaves nothing."""
    with DriverWriter(engine) as writer:
        _audit(writer, "w")
    at = datetime(2025, 1, 2, tzinfo=UTC)
    with engine.connect() as connection:
        connection.execute(insert(_AUDIT).values(at=at, actor="undone", via="cli", action="x"))
        connection.rollback()
    assert _actors(engine) == ["w"]
