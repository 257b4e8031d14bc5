"""The store's engine, migrations and fault messages, on every backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select, text

from directive_flow.errors import StoreError
from directive_flow.settings import get_settings, reset, settings_from
from directive_flow.store import migrate
from directive_flow.store.db import (
    forget_stores,
    make_engine,
    open_store,
    parse_url,
    session_scope,
)
from directive_flow.store.tables import Base, DirectiveRow


def test_migrations_produce_exactly_the_orm_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_migrations_go_down_and_up_again(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(migrate.config_for(connection), "base")
    assert migrate.upgrade(engine) == (None, migrate.head_revision())
    with engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()


def test_upgrading_to_0003_renames_the_stored_open_state(registered: Engine) -> None:
    migrate.downgrade(registered, "0002")
    with registered.connect() as connection:
        states = set(connection.scalars(text("SELECT DISTINCT state FROM tasks")))
    assert states == {"open"}
    migrate.upgrade(registered)
    with registered.connect() as connection:
        assert set(connection.scalars(text("SELECT DISTINCT state FROM tasks"))) == {"assigned"}
        with pytest.raises(Exception, match=r"(?i)check"):
            connection.execute(text("UPDATE tasks SET state = 'open'"))


def test_upgrading_to_0009_marks_the_steps_the_outbox_holds(registered: Engine) -> None:
    from datetime import UTC, date, datetime

    from store_helpers import queued_flags_disagree

    from directive_flow.steps.remind import queue_reminders

    with session_scope(registered) as session:
        result = queue_reminders(
            session, today=date(2024, 7, 22), at=datetime(2024, 7, 22, 1, tzinfo=UTC)
        )
    migrate.downgrade(registered, "0008")
    migrate.upgrade(registered)
    with registered.connect() as connection:
        queued = connection.scalar(text("SELECT count(*) FROM reminder_steps WHERE queued"))
    assert queued == len(result.send) + len(result.skip) > 0
    assert queued_flags_disagree(registered) == []


def test_an_empty_database_is_migrated_on_first_use(database_url: str) -> None:
    try:
        engine = open_store(database_url)
        with engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
        assert open_store(database_url) is engine
    finally:
        forget_stores()


def test_a_newer_schema_is_refused(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    with pytest.raises(StoreError, match=r"schema \(ffff9999\) is newer than this directive-flow"):
        migrate.ensure_schema(engine)
    with pytest.raises(StoreError, match="newer"):
        migrate.upgrade(engine)


def test_an_older_schema_asks_for_db_upgrade(database_url: str) -> None:
    from alembic import command

    engine = make_engine(database_url)
    with engine.begin() as connection:
        command.upgrade(migrate.config_for(connection), "0001")
    head = migrate.head_revision()
    assert head != "0001"
    with pytest.raises(
        StoreError,
        match=rf"at schema 0001, this directive-flow needs {head}: run 'directive-flow db upgrade'",
    ):
        migrate.ensure_schema(engine)
    engine.dispose()


def test_foreign_tables_without_a_version_are_refused(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE something_else (id INTEGER)"))
    with pytest.raises(StoreError, match="has tables but no directive-flow schema version"):
        migrate.ensure_schema(engine)
    engine.dispose()


def test_a_transaction_that_raises_leaves_no_rows(engine: Engine) -> None:
    def half_way() -> None:
        with session_scope(engine) as session:
            session.add(DirectiveRow(id="d", number="1", title="t", issuer="vp", current_version=1))
            session.flush()
            raise RuntimeError("half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        half_way()
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(DirectiveRow)) == 0


def test_unreachable_postgresql_is_a_clear_error() -> None:
    engine = make_engine("postgresql://postgres:secret@127.0.0.1:1/nowhere")
    with pytest.raises(StoreError) as caught:
        migrate.ensure_schema(engine)
    message = str(caught.value)
    assert message.startswith(
        "cannot reach the database at postgresql+psycopg://postgres:***@127.0.0.1:1/nowhere: "
    )
    assert "secret" not in message


def test_unopenable_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    with pytest.raises(
        StoreError, match=r"cannot reach the database at sqlite:///.*a-folder\.db: "
    ):
        migrate.ensure_schema(make_engine(f"sqlite:///{folder}"))


def test_sqlite_under_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder for"):
        make_engine(f"sqlite:///{blocker / 'sub' / 'store.db'}")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "'not a url' is not a database URL"),
        ("mysql://x@y/z", "unsupported database 'mysql': use sqlite or postgresql"),
    ],
)
def test_bad_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        parse_url(url)


def test_postgresql_urls_use_psycopg() -> None:
    assert parse_url("postgresql://u@h/d").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u@h/d").drivername == "postgresql+psycopg"


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = settings_from({"DIRECTIVE_FLOW_HOME": str(tmp_path)})
    assert settings.home == tmp_path
    assert settings.database_url == f"sqlite:///{tmp_path / 'directive-flow.db'}"
    assert settings.attachments == tmp_path / "attachments"
    url = "postgresql+psycopg://u@h/d"
    assert settings_from({"DIRECTIVE_FLOW_DATABASE_URL": url}).database_url == url
    assert settings_from({}).home == Path.home() / ".directive-flow"


def test_settings_are_cached_until_cleared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path / "one"))
    reset()
    first = get_settings()
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path / "two"))
    assert get_settings() is first
    reset()
    assert get_settings().home == tmp_path / "two"
    reset()
