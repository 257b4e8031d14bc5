"""Reads never take SQLite's write lock, and a read-only store can still be read."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from store_helpers import DIRECTIVE, operator, submit_as_owner

from directive_flow.cli.main import main
from directive_flow.errors import StoreError
from directive_flow.settings import reset
from directive_flow.steps.register import register_directive
from directive_flow.steps.status import status_report
from directive_flow.store import db
from directive_flow.store.db import forget_stores, make_engine, open_reader, read_scope
from directive_flow.store.migrate import ensure_schema, head_revision
from directive_flow.store.tables import SubmissionRow

VALID = Path(__file__).parents[1] / "fixtures" / "valid" / "directive.yaml"
WAIT_S = 20  # generous: the test fails on a writer that waits for the reader, not on speed


def _submissions(engine: Engine) -> int:
    with read_scope(engine) as session:
        return int(session.scalar(select(func.count()).select_from(SubmissionRow)) or 0)


def test_a_submission_commits_while_a_long_read_holds_its_transaction(
    registered: Engine, tmp_path: Path
) -> None:
    """Real threads on a real file (SQLite) or server: the writer neither waits for the
    reader nor fails, and the reader keeps the snapshot it started with."""
    inside, written = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def long_read() -> None:
        with read_scope(registered) as session:
            seen["before"] = status_report(session, as_of=date(2024, 7, 20)).total.states
            inside.set()
            seen["writer_done_inside"] = written.wait(WAIT_S)
            seen["after"] = status_report(session, as_of=date(2024, 7, 20)).total.states

    reader = threading.Thread(target=long_read)
    reader.start()
    assert inside.wait(WAIT_S)
    at = datetime(2024, 7, 10, 3, tzinfo=UTC)
    submit_as_owner(registered, "supply-data/so-yt", data={"children": 4}, at=at, home=tmp_path)
    written.set()
    reader.join(WAIT_S)
    assert seen["writer_done_inside"] is True, "the submission committed during the read"
    assert seen["after"] == seen["before"], "the read saw one snapshot"
    assert _submissions(registered) == 1


def test_a_write_inside_a_read_is_refused(registered: Engine) -> None:
    with pytest.raises(Exception, match=r"(?i)read-?only"), read_scope(registered) as session:
        session.execute(text("DELETE FROM audit_events"))
    with read_scope(registered) as session:
        assert session.scalar(text("SELECT count(*) FROM audit_events"))


def test_a_writer_after_a_reader_on_the_same_connection_can_write(registered: Engine) -> None:
    for done in range(3):  # the pooled connection changes kind each time
        assert _submissions(registered) == done
        figures = {"children": done}  # new figures each time: a repeat is no new version
        submit_as_owner(registered, "supply-data/so-yt", data=figures, at=datetime.now(UTC))
    assert _submissions(registered) == 3


@pytest.fixture
def read_only_copy(tmp_path: Path) -> str:
    """A registered SQLite store, copied and opened through a ``mode=ro`` URL (read-only
    files are a SQLite matter: on PostgreSQL a read-only role does the same)."""
    source = tmp_path / "store.db"
    engine = make_engine(f"sqlite:///{source}")
    ensure_schema(engine)
    with db.session_scope(engine) as session:
        register_directive(session, path=VALID, actor=operator(), as_of=date(2024, 7, 1))
    engine.dispose()
    copy = tmp_path / "copy" / "store.db"
    copy.parent.mkdir()
    shutil.copy(source, copy)
    return f"sqlite:///file:{copy}?mode=ro&uri=true"


def test_status_and_history_work_on_a_read_only_store(
    read_only_copy: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIRECTIVE_FLOW_DATABASE_URL", read_only_copy)
    reset()
    try:
        assert main(["status", "--as-of", "2024-07-20", "--format", "json"]) == 0
        assert '"scope": "live"' in capsys.readouterr().out
        assert main(["history", DIRECTIVE, "supply-data/so-yt"]) == 0
        assert "task-add" in capsys.readouterr().out
        with (
            pytest.raises(StoreError, match="readonly"),
            db.session_scope(open_reader(read_only_copy)) as session,
        ):
            session.execute(text("DELETE FROM audit_events"))
    finally:
        forget_stores()
        reset()


def test_a_file_this_process_cannot_write_is_opened_read_only(
    read_only_copy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = read_only_copy.removeprefix("sqlite:///file:").split("?")[0]
    os.chmod(path, 0o444)  # as root the mode alone does not stop a write: ask as a user would
    monkeypatch.setattr(db.os, "access", lambda p, mode: os.fspath(p) != path)
    try:
        engine = open_reader(f"sqlite:///{path}")
        assert "mode=ro" in str(engine.url)
        with read_scope(engine) as session:
            assert (
                session.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
            )
    finally:
        forget_stores()


def test_the_fast_schema_check_agrees_with_alembic() -> None:
    assert db._head_of_files() == head_revision()
