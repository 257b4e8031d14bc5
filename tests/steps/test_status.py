"""Four-way status on a constructed case whose numbers are checked by hand.

tests/fixtures/store/status-directive.yaml, as of 2024-06-30, counted against the
deadline in force:

=====  ============  ==========================  ==============================
task   due           what happens                state on 2024-06-30
=====  ============  ==========================  ==============================
a1     2024-06-10    submitted 06-05             on time
a2     2024-06-10    submitted 06-20             late
a3     2024-07-15    -                           open
a4     2024-06-25    -                           overdue 5 days (1-7)
a5     2024-06-10    -                           overdue 20 (8-30)
a6     2024-04-30    -                           overdue 61 (31-90)
a7     2024-01-31    -                           overdue 151 (>90)
a8     standing      -                           no deadline
a9     2024-06-28    huyen-a submits 06-28;      on time; overdue 2 (1-7)
                     huyen-b nothing
a10    2024-06-30    -                           open (due today)
a11    2024-06-10    submitted 07-05 (later)     overdue 20 (8-30)
a12    2024-06-20    extended to 07-10 on 06-15  open (original basis: overdue 10)
=====  ============  ==========================  ==============================
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event, select
from store_helpers import operator, submit_for

from directive_flow.domain import STATUS_LABELS, Status
from directive_flow.errors import NotFoundError
from directive_flow.steps.extend import decide_extension, request_extension
from directive_flow.steps.register import register_directive
from directive_flow.steps.status import status_report
from directive_flow.store.db import make_engine, session_scope
from directive_flow.store.migrate import ensure_schema
from directive_flow.store.tables import DirectiveRow, TaskRow

CASE = Path(__file__).parent.parent / "fixtures" / "store" / "status-directive.yaml"
D = "store-status-1"
AS_OF = date(2024, 6, 30)


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=3, tzinfo=UTC)


def build_case(engine: Engine, home: Path) -> None:
    with session_scope(engine) as session:
        register_directive(session, path=CASE, actor=operator("a"), as_of=date(2024, 1, 2))
    for key, day in [
        ("a1/so-yt", "2024-06-05"),
        ("a2/so-yt", "2024-06-20"),
        ("a9/ubnd-huyen-a", "2024-06-28"),
        ("a11/so-yt", "2024-07-05"),
    ]:
        with session_scope(engine) as session:
            agency = key.split("/")[1]
            submit_for(
                session, directive=D, task=key, agency=agency, actor=agency, home=home, at=_at(day)
            )
    with session_scope(engine) as session:
        request_extension(
            session,
            directive=D,
            task="a12/so-yt",
            until=date(2024, 7, 10),
            reason="r",
            actor=operator("so-yt"),
            at=_at("2024-06-15"),
        )
        decide_extension(session, directive=D, task="a12/so-yt", approve=True, actor=operator("vp"))


@pytest.fixture
def case(engine: Engine, home: Path) -> Engine:
    build_case(engine, home)
    return engine


def test_counts_per_agency_and_directive(case: Engine) -> None:
    with session_scope(case) as session:
        report = status_report(session, as_of=AS_OF)
    so_yt = report.by_agency["so-yt"]
    assert so_yt.states == {
        "on_time": 1,
        "late": 1,
        "in_progress": 3,
        "overdue": 5,
        "no_deadline": 1,
    }
    assert so_yt.buckets == {"1-7": 1, "8-30": 2, "31-90": 1, ">90": 1}
    assert report.by_agency["ubnd-huyen-a"].states["on_time"] == 1
    assert report.by_agency["ubnd-huyen-b"].states["overdue"] == 1
    total = report.by_directive[D]
    assert total.states == {
        "on_time": 2,
        "late": 1,
        "in_progress": 3,
        "overdue": 6,
        "no_deadline": 1,
    }
    assert total.buckets == {"1-7": 2, "8-30": 2, "31-90": 1, ">90": 1}
    assert total.with_deadline == 12
    assert [total.percent(s) for s in ("on_time", "late", "in_progress", "overdue")] == [
        16.7,
        8.3,
        25.0,
        50.0,
    ]
    assert report.total.states == total.states


def test_counted_against_the_original_deadline(case: Engine) -> None:
    with session_scope(case) as session:
        report = status_report(session, as_of=AS_OF, basis="original", by_directive=False)
    assert report.by_agency["so-yt"].states == {
        "on_time": 1,
        "late": 1,
        "in_progress": 2,
        "overdue": 6,
        "no_deadline": 1,
    }
    assert report.by_agency["so-yt"].buckets == {"1-7": 1, "8-30": 3, "31-90": 1, ">90": 1}
    assert report.by_directive == {}


def test_each_task_with_its_label_and_age(case: Engine) -> None:
    with session_scope(case) as session:
        report = status_report(session, as_of=AS_OF, agency="so-yt", with_tasks=True)
    rows = {t.key: (t.state, t.days_overdue) for t in report.tasks}
    assert rows["a7/so-yt"] == ("overdue", 151)
    assert rows["a10/so-yt"] == ("in_progress", None)
    assert rows["a8/so-yt"] == ("no_deadline", None)
    shown = report.to_json()
    assert shown["tasks"][0]["label"] in STATUS_LABELS.values()
    assert shown["labels"]["overdue"] == "Quá hạn chưa hoàn thành"


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(1, "1-7"), (7, "1-7"), (8, "8-30"), (30, "8-30"), (31, "31-90"), (90, "31-90"), (91, ">90")],
)
def test_overdue_bucket_edges(case: Engine, days: int, bucket: str) -> None:
    with session_scope(case) as session:
        report = status_report(
            session,
            as_of=date(2024, 1, 31) + timedelta(days=days),
            agency="so-yt",
            directive=D,
            with_tasks=True,
        )
    a7 = next(t for t in report.tasks if t.key == "a7/so-yt")
    assert (a7.state, a7.days_overdue) == ("overdue", days)
    assert report.by_agency["so-yt"].buckets[bucket] >= 1


def test_unknown_directive_or_agency(case: Engine) -> None:
    with session_scope(case) as session:
        with pytest.raises(
            NotFoundError, match=r"unknown agency 'so-ytt' \(did you mean 'so-yt'\?\)"
        ):
            status_report(session, as_of=AS_OF, agency="so-ytt")
        with pytest.raises(NotFoundError, match="unknown directive 'store-status-2'"):
            status_report(session, as_of=AS_OF, directive="store-status-2")


def test_the_number_of_queries_does_not_grow_with_tasks(case: Engine, home: Path) -> None:
    def queries() -> int:
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(case, "before_cursor_execute", listener)
        try:
            with session_scope(case) as session:
                status_report(session, as_of=AS_OF, with_tasks=True)
        finally:
            event.remove(case, "before_cursor_execute", listener)
        return len(seen)

    before = queries()
    with session_scope(case) as session:
        register_directive(
            session, path=CASE.parent / "data-directive.yaml", actor=operator("a"), as_of=AS_OF
        )
    assert queries() == before <= 5  # BEGIN (SQLite), two GROUP BYs, blocks, tasks


def test_every_task_is_in_exactly_one_state_on_any_day(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    ensure_schema(engine)
    build_case(engine, tmp_path / "home")
    with session_scope(engine) as session:
        rows = session.scalars(select(TaskRow)).all()

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.dates(min_value=date(2023, 6, 1), max_value=date(2025, 6, 1)),
        st.sampled_from(["extended", "original"]),
    )
    def check(as_of: date, basis: str) -> None:
        with session_scope(engine) as session:
            report = status_report(session, as_of=as_of, basis=basis, with_tasks=True)  # type: ignore[arg-type]
        assert sum(report.total.states.values()) == len(rows) == len(report.tasks)
        assert sum(report.total.buckets.values()) == report.total.states["overdue"]
        by_key = {t.key: t.state for t in report.tasks}
        for row in rows:
            assert by_key[row.key] == _reference(row, as_of, basis)

    check()
    engine.dispose()


def _reference(row: TaskRow, as_of: date, basis: str) -> str:
    deadline = row.due if basis == "extended" else row.original_due
    if deadline is None:
        return "no_deadline"
    done = row.completed_on is not None and row.completed_on <= as_of
    if done:
        assert row.completed_on is not None
        return "on_time" if row.completed_on <= deadline else "late"
    return "in_progress" if as_of <= deadline else "overdue"


def test_states_and_labels_agree() -> None:
    assert set(STATUS_LABELS) == set(Status)


def test_a_registry_counts_its_own_directives_only(registered: Engine, tmp_path: Path) -> None:
    """One province on a shared store: ``registry`` counts its directives as each of them
    counts alone, live or all, and a mistyped registry is refused with a suggestion."""
    valid = Path(__file__).parent.parent / "fixtures" / "valid"
    other = tmp_path / "directive.yaml"
    text = (
        (valid / "directive.yaml")
        .read_text("utf-8")
        .replace("id: test-1-tb-vp", "id: test-2-tb-vp")
    )
    other.write_text(
        text.replace("registry: agencies.yaml", f"registry: {valid / 'agencies.yaml'}")
    )
    with session_scope(registered) as session:
        register_directive(session, path=other, actor=operator(), as_of=date(2024, 7, 1))
        row = session.get_one(DirectiveRow, "test-2-tb-vp")
        row.registry_id = "other-province"  # as if another province's registry held it
    day = date(2024, 7, 20)
    with session_scope(registered) as session:
        for scope in ("live", "all"):
            for registry, directive in (
                ("test-province", "test-1-tb-vp"),
                ("other-province", "test-2-tb-vp"),
            ):
                mine = status_report(session, as_of=day, registry=registry, scope=scope)
                alone = status_report(session, as_of=day, directive=directive)
                assert list(mine.by_directive) == [directive]
                assert mine.by_agency == alone.by_agency
                assert mine.to_json()["registry"] == registry
            both = status_report(session, as_of=day, scope=scope)
            assert sorted(both.by_directive) == ["test-1-tb-vp", "test-2-tb-vp"]
        with pytest.raises(
            NotFoundError,
            match=r"unknown registry 'test-provnce' \(did you mean 'test-province'\?\)",
        ):
            status_report(session, as_of=day, registry="test-provnce")
