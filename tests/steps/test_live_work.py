"""Live work and history: status counts live directives by default, dashboards publish
what changed, and neither sends more statements as history grows.

The cast (tests/fixtures): ``test-1-tb-vp`` (issued 1/7/2024, last deadline 31/7/2024)
with every task submitted on 10/7/2024, so it closes 90 days after 31/7, on 30/10/2024;
``store-status-1`` (tasks open since June 2024, live whatever the day); ``store-data-1``
registered as historical (never live).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, insert, select
from store_helpers import operator, submit_for

from directive_flow.steps.dashboard import changed_dashboards, dashboard, record_publications
from directive_flow.steps.register import register_directive
from directive_flow.steps.status import ARCHIVE_AFTER_DAYS, live_directive_ids, status_report
from directive_flow.store.db import read_scope, session_scope
from directive_flow.store.tables import AuditRow, DashboardRow, DirectiveRow, TaskRow

FIXTURES = Path(__file__).parents[1] / "fixtures"
CLOSED, OPEN, HISTORICAL = "test-1-tb-vp", "store-status-1", "store-data-1"
SUBMITTED = datetime(2024, 7, 10, 3, tzinfo=UTC)
CLOSES = date(2024, 7, 31) + timedelta(days=ARCHIVE_AFTER_DAYS + 1)
TASKS = [
    "supply-data/so-yt",
    "supply-data/ubnd-huyen-a",
    "supply-data/ubnd-huyen-b",
    "finalize-report/so-ldtbxh",
    "standing/so-yt",
]


@pytest.fixture
def cast(engine: Engine, home: Path) -> Engine:
    with session_scope(engine) as session:
        for path, day in (("valid/directive.yaml", date(2024, 7, 1)),
                          ("store/status-directive.yaml", date(2024, 1, 2))):  # fmt: skip
            register_directive(session, path=FIXTURES / path, actor=operator(), as_of=day)
        register_directive(
            session,
            path=FIXTURES / "store" / "data-directive.yaml",
            actor=operator(),
            historical=True,
        )
    for task in TASKS:
        agency = task.split("/")[1]
        data = {"children": 1} if task.startswith("supply") else None
        with session_scope(engine) as session:
            submit_for(session, directive=CLOSED, task=task, agency=agency, actor=agency,
                       home=home, data=data, at=SUBMITTED)  # fmt: skip
    return engine


def _live(engine: Engine, day: date) -> set[str]:
    with read_scope(engine) as session:
        return set(live_directive_ids(session, day))


def test_a_directive_closes_ninety_days_after_its_last_deadline_with_nothing_open(
    cast: Engine,
) -> None:
    assert _live(cast, CLOSES - timedelta(days=1)) == {CLOSED, OPEN}
    assert _live(cast, CLOSES) == {OPEN}, "historical directives are never live"


def test_status_counts_live_work_by_default_and_history_on_demand(cast: Engine) -> None:
    with read_scope(cast) as session:
        live = status_report(session, as_of=CLOSES, scope="live")
        every = status_report(session, as_of=CLOSES, scope="all")
        named = status_report(session, as_of=CLOSES, directive=CLOSED, scope="live")
    assert (live.scope, set(live.by_directive)) == ("live", {OPEN})
    assert set(every.by_directive) == {CLOSED, OPEN, HISTORICAL}
    assert named.scope == "all", "a named directive is shown whatever its state"
    assert (named.total.states["on_time"], named.total.states["no_deadline"]) == (4, 1)


def test_a_return_brings_a_closed_directive_back(cast: Engine) -> None:
    with session_scope(cast) as session:
        mine = (TaskRow.directive_id == CLOSED, TaskRow.key == TASKS[0])
        session.scalars(select(TaskRow).where(*mine)).one().completed_on = None  # a return
    assert CLOSED in _live(cast, CLOSES)


def _statements(engine: Engine, work: object) -> int:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with read_scope(engine) as session:
            work(session)  # type: ignore[operator]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def _add_history(engine: Engine, directives: int) -> None:
    """Closed directives of years past, ten completed tasks each, straight into the store."""
    day = date(2019, 3, 1)
    with engine.begin() as connection:
        connection.execute(insert(DirectiveRow), [
            {"id": f"old-{i}", "number": f"{i}/TB", "title": "t", "issuer": "vp-ubnd",
             "current_version": 1} for i in range(directives)])  # fmt: skip
        connection.execute(insert(TaskRow), [
            {"directive_id": f"old-{i}", "key": f"a{j}/so-yt", "assignment": f"a{j}",
             "agency": "so-yt", "title": "t", "deliverable": {}, "due": day,
             "original_due": day, "completed_on": day, "state": "accepted"}
            for i in range(directives) for j in range(10)])  # fmt: skip
        connection.execute(insert(AuditRow), [
            {"at": SUBMITTED, "actor": "x", "action": "submit", "directive_id": f"old-{i}"}
            for i in range(directives)])  # fmt: skip


def test_status_statements_do_not_grow_with_history(cast: Engine) -> None:
    def live_status(session: object) -> None:
        status_report(session, as_of=CLOSES, scope="live", with_tasks=True)  # type: ignore[arg-type]

    before = _statements(cast, live_status)
    _add_history(cast, 50)
    # SQLite: the query_only switch and BEGIN; then live ids (2), agencies, directives,
    # blocks, tasks.
    assert _statements(cast, live_status) == before <= 8


def _publish(engine: Engine, day: date, *, recheck: bool = False) -> list[str]:
    with read_scope(engine) as session:
        boards = changed_dashboards(session, as_of=day, recheck_live=recheck)
    with session_scope(engine) as session:
        record_publications(session, boards)
    return [b.id for b in boards]


def test_dashboards_publish_only_what_changed(cast: Engine, home: Path) -> None:
    day = date(2024, 8, 5)
    assert _publish(cast, day) == [HISTORICAL, OPEN, CLOSED], "never published"
    assert _publish(cast, day) == []
    assert _publish(cast, day, recheck=True) == [], "rebuilt, the same: not published"
    with session_scope(cast) as session:
        submit_for(session, directive=OPEN, task="a3/so-yt", agency="so-yt", actor="so-yt",
                   home=home, at=datetime(2024, 8, 5, 3, tzinfo=UTC))  # fmt: skip
    assert _publish(cast, day) == [OPEN], "a write to it"
    assert _publish(cast, day + timedelta(days=1)) == [], "no deadline or bracket crossed"
    with read_scope(cast) as session:
        crossing = session.get_one(DashboardRow, OPEN).next_change
    assert crossing == date(2024, 9, 9), "a5 and a11, due 10/6, pass 90 days overdue"
    assert _publish(cast, crossing) == [OPEN]
    assert _publish(cast, CLOSES) == [OPEN], "the closed one did not change with the day"


def test_a_closed_directive_is_there_on_demand(cast: Engine) -> None:
    _publish(cast, CLOSES)
    with read_scope(cast) as session:
        [board] = dashboard(session, as_of=CLOSES, directive=CLOSED)
    assert board.progress == 100.0


def test_finding_what_changed_does_not_grow_with_history(cast: Engine) -> None:
    day = date(2024, 8, 5)

    def changed(session: object) -> None:
        assert changed_dashboards(session, as_of=day) == []  # type: ignore[arg-type]

    _publish(cast, day)
    before = _statements(cast, changed)
    _add_history(cast, 40)
    assert len(_publish(cast, day)) == 40, "the history's boards, once"
    assert _statements(cast, changed) == before
