"""Opening a reporting period registers the stored text again, as of the period's start.

definitions/directives/kontum/2014-1234-ubnd-vx.yaml recurs every half-year from H2-2014
to H2-2016: registered once, every period's tasks exist. The copy used here drops
``last`` (an open recurrence), so registering it as of 28/7/2014 plans H2-2014 only and
each later period's tasks come with ``open_period``: per half-year, 4 goal-leading
agencies and 9 districts report, and Sở LĐTBXH consolidates (14 tasks).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from store_helpers import operator

from directive_flow.errors import UsageError
from directive_flow.steps.open_period import Opened, open_period
from directive_flow.steps.register import mark_replaced, register_directive
from directive_flow.store.db import session_scope
from directive_flow.store.tables import (
    AuditRow,
    DependencyRow,
    DirectiveVersionRow,
    TaskRow,
)

ROOT = Path(__file__).parents[2] / "definitions"
KONTUM = ROOT / "directives" / "kontum" / "2014-1234-ubnd-vx.yaml"
K = "kontum-2014-1234-ubnd-vx"
VALID = Path(__file__).parents[1] / "fixtures" / "valid" / "directive.yaml"
GOALS = ("so-gddt", "so-yt", "ca-tinh", "so-vhttdl")
DISTRICTS = (
    "ubnd-tp-kontum",
    "ubnd-dak-glei",
    "ubnd-ngoc-hoi",
    "ubnd-dak-to",
    "ubnd-kon-plong",
    "ubnd-kon-ray",
    "ubnd-dak-ha",
    "ubnd-sa-thay",
    "ubnd-tu-mo-rong",
)


def period_keys(label: str) -> set[str]:
    return (
        {f"bao-cao-6-thang-nganh/{a}/{label}" for a in GOALS}
        | {f"bao-cao-6-thang-huyen/{d}/{label}" for d in DISTRICTS}
        | {f"tong-hop-bao-cao-6-thang/so-ldtbxh/{label}"}
    )


def open_copy(root: Path, ident: str = K) -> Path:
    """The 1234 file without ``last`` under ``root``, its registry beside it as in the repo."""
    (root / "agencies").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "agencies" / "kontum.yaml", root / "agencies" / "kontum.yaml")
    target = root / "directives" / "kontum" / f"{ident}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = KONTUM.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if line.strip() != "last: H2-2016")
    target.write_text(text.replace(f"id: {K}\n", f"id: {ident}\n"), encoding="utf-8")
    return target


def register(engine: Engine, path: Path) -> None:
    with session_scope(engine) as session:
        register_directive(session, path=path, actor=operator("a"), as_of=date(2014, 7, 28))


def keys(engine: Engine, directive: str = K) -> set[str]:
    with session_scope(engine) as session:
        query = select(TaskRow.key).where(TaskRow.directive_id == directive)
        return set(session.scalars(query))


def count(engine: Engine, table: type[object]) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


@pytest.fixture
def opened_h2_2014(engine: Engine, tmp_path: Path) -> Engine:
    register(engine, open_copy(tmp_path / "definitions"))
    assert {k for k in keys(engine) if k.endswith("-2014") and "/H" in k} == period_keys("H2-2014")
    return engine


def test_opening_a_period_adds_exactly_its_tasks(opened_h2_2014: Engine) -> None:
    engine = opened_h2_2014
    before = keys(engine)
    report = open_period(engine, period="H1-2015", today=date(2015, 1, 5), actor=operator("op"))
    assert (report.period, report.as_of) == ("H1-2015", date(2015, 1, 1))
    [opened] = report.directives
    assert (opened.directive, opened.outcome, opened.error) == (K, "opened", None)
    assert {c.action for c in opened.changes} == {"add"}
    assert set(opened.added) == period_keys("H1-2015")
    assert keys(engine) - before == period_keys("H1-2015")
    assert before <= keys(engine)
    assert count(engine, DirectiveVersionRow) == 1  # the same text: no new version
    with session_scope(engine) as session:
        lead = session.scalars(
            select(TaskRow.id).where(TaskRow.key == "tong-hop-bao-cao-6-thang/so-ldtbxh/H1-2015")
        ).one()
        suppliers = session.scalars(
            select(TaskRow.key)
            .join(DependencyRow, DependencyRow.supplier_id == TaskRow.id)
            .where(DependencyRow.consumer_id == lead)
        ).all()
    assert set(suppliers) == period_keys("H1-2015") - {"tong-hop-bao-cao-6-thang/so-ldtbxh/H1-2015"}


def test_opening_twice_changes_nothing(opened_h2_2014: Engine) -> None:
    engine = opened_h2_2014
    open_period(engine, period="H1-2015", today=date(2015, 1, 5), actor=operator("op"))
    tasks, audits = keys(engine), count(engine, AuditRow)
    again = open_period(engine, period="H1-2015", today=date(2015, 1, 6), actor=operator("op"))
    assert again.directives == (Opened(K, "unchanged"),)
    assert again.added == ()
    assert (keys(engine), count(engine, AuditRow)) == (tasks, audits)
    assert count(engine, DirectiveVersionRow) == 1


def test_an_earlier_period_after_a_later_one_changes_nothing(opened_h2_2014: Engine) -> None:
    engine = opened_h2_2014
    later = open_period(engine, period="H2-2015", today=date(2015, 7, 1), actor=operator("op"))
    assert set(later.directives[0].added) == period_keys("H1-2015") | period_keys("H2-2015")
    tasks = keys(engine)
    earlier = open_period(engine, period="H1-2015", today=date(2015, 7, 1), actor=operator("op"))
    assert earlier.directives == (Opened(K, "unchanged"),)
    assert keys(engine) == tasks


def test_the_default_period_is_the_half_year_containing_today(opened_h2_2014: Engine) -> None:
    report = open_period(opened_h2_2014, today=date(2015, 3, 10), actor=operator("op"))
    assert report.period == "H1-2015"
    assert report.added == tuple(f"{K}:{k}" for k in report.directives[0].added)
    assert len(report.added) == 14


def test_a_recurrence_with_a_last_period_already_has_every_task(engine: Engine) -> None:
    register(engine, KONTUM)
    assert period_keys("H1-2015") <= keys(engine)
    report = open_period(engine, period="H1-2015", today=date(2015, 1, 5), actor=operator("op"))
    assert report.directives == (Opened(K, "unchanged"),)


def test_directives_without_recurrence_are_left_alone(registered: Engine) -> None:
    report = open_period(registered, period="H1-2025", today=date(2025, 1, 2), actor=operator("op"))
    assert report.directives == ()


def test_a_replaced_directive_is_not_opened(opened_h2_2014: Engine) -> None:
    engine = opened_h2_2014
    with session_scope(engine) as session:
        register_directive(session, path=VALID, actor=operator("a"), as_of=date(2024, 7, 1))
        mark_replaced(session, directive=K, by="test-1-tb-vp", actor=operator("a"))
    report = open_period(engine, period="H1-2015", today=date(2015, 1, 5), actor=operator("op"))
    assert report.directives == ()


def test_a_directive_whose_registry_is_gone_fails_alone(engine: Engine, tmp_path: Path) -> None:
    register(engine, open_copy(tmp_path / "a", f"{K}-a"))
    register(engine, open_copy(tmp_path / "b", f"{K}-b"))
    (tmp_path / "a" / "agencies" / "kontum.yaml").unlink()
    report = open_period(engine, period="H1-2015", today=date(2015, 1, 5), actor=operator("op"))
    failed, opened = report.directives
    path = tmp_path / "a" / "directives" / "kontum" / f"{K}-a.yaml"
    assert (failed.directive, failed.outcome, failed.changes) == (f"{K}-a", "failed", ())
    assert failed.error == f"{path}:22:11: registry: no such file '../../agencies/kontum.yaml'"
    assert (opened.directive, opened.outcome, len(opened.added)) == (f"{K}-b", "opened", 14)
    assert report.to_json()["directives"][0] == {
        "directive": f"{K}-a",
        "outcome": "failed",
        "added": [],
        "changes": [],
        "error": failed.error,
    }


def test_a_malformed_period_is_a_usage_error(engine: Engine) -> None:
    with pytest.raises(UsageError, match="period: invalid period label 'H3-2015'"):
        open_period(engine, period="H3-2015", today=date(2015, 1, 5), actor=operator("op"))
