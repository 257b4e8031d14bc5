"""Pages that only read never wait for a writer: their session check and their route read
in read-only transactions. Last-seen is the one write, at most once a minute."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select, text, update
from web.portal_helpers import DIRECTIVE, HEALTH, LEAD, TASK_YT, Portal

from directive_flow.store.db import session_scope
from directive_flow.store.tables import Base, PortalSessionRow

pytestmark = pytest.mark.serial  # times each page: alone, not beside other tests

READS = [
    "/api/session",
    "/api/tasks",
    "/tasks",
    f"/api/tasks/{DIRECTIVE}/{TASK_YT}",
    f"/tasks/{DIRECTIVE}/{TASK_YT}",
]
LEAD_READS = [
    "/api/review",
    "/review",
    "/api/directives",
    f"/api/directives/{DIRECTIVE}",
    f"/api/directives/{DIRECTIVE}/status",
    f"/directives/{DIRECTIVE}",
    f"/directives/{DIRECTIVE}/timeline.svg",
]


@contextmanager
def writer_holding_the_store(engine: Engine) -> Iterator[None]:
    """Another process's long write: SQLite's write lock, or on PostgreSQL every table
    locked against writes (``EXCLUSIVE`` lets reads through and blocks every write)."""
    if engine.dialect.name == "sqlite":
        assert engine.url.database
        other = sqlite3.connect(engine.url.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    with engine.connect() as other:
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        other.execute(text(f"LOCK TABLE {names} IN EXCLUSIVE MODE"))
        yield
        other.rollback()


def test_reading_pages_never_wait_for_a_writer(portal: Portal, engine: Engine) -> None:
    clerk, lead = portal.sign_in(HEALTH), portal.sign_in(LEAD)
    clerk.client.timeout = lead.client.timeout = 5  # a wait on the lock would be seconds
    with writer_holding_the_store(engine):
        for who, paths in ((clerk, READS), (lead, READS[:3] + LEAD_READS)):
            for path in paths:
                start = time.monotonic()
                answer = who.get(path)
                assert answer.status_code == 200, (path, answer.text[:300])
                assert time.monotonic() - start < 2, path


def _last_seen(engine: Engine) -> datetime:
    with session_scope(engine) as db:
        seen = db.scalars(select(PortalSessionRow.last_seen_at)).one()
    return seen.replace(tzinfo=UTC) if seen.tzinfo is None else seen


def _set_last_seen(engine: Engine, moment: datetime) -> None:
    with session_scope(engine) as db:
        db.execute(update(PortalSessionRow).values(last_seen_at=moment))


def test_last_seen_is_written_once_a_minute_not_on_every_request(
    portal: Portal, engine: Engine
) -> None:
    clerk = portal.sign_in(HEALTH)
    recent = datetime.now(UTC) - timedelta(seconds=20)
    _set_last_seen(engine, recent)
    assert clerk.get("/api/tasks").status_code == 200
    assert _last_seen(engine) == recent  # read only: no write for a fresh session

    stale = datetime.now(UTC) - timedelta(minutes=5)  # past a minute, short of idle
    _set_last_seen(engine, stale)
    before = datetime.now(UTC)
    assert clerk.get("/api/tasks").status_code == 200
    assert _last_seen(engine) >= before - timedelta(seconds=1)  # refreshed: idle restarts


@pytest.mark.parametrize("minutes", [59, 61])
def test_a_session_used_within_the_idle_time_lives_on(
    portal: Portal, engine: Engine, minutes: int
) -> None:
    clerk = portal.sign_in(HEALTH)
    _set_last_seen(engine, datetime.now(UTC) - timedelta(minutes=minutes))
    alive = clerk.get("/api/session").status_code == 200
    assert alive is (minutes < 60)
    if alive:  # that request counted as use: the session is not idle any more
        assert _last_seen(engine) > datetime.now(UTC) - timedelta(minutes=1)
