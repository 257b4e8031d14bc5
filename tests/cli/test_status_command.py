"""``status`` for people: live work by default, 120 columns with a legend, summarised."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from store_helpers import operator, submit_for

from directive_flow.cli.main import main
from directive_flow.settings import get_settings, reset
from directive_flow.steps.register import register_directive
from directive_flow.store.db import forget_stores, open_store, session_scope
from directive_flow.store.testing import reset_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLOSED, OPEN = "test-1-tb-vp", "store-status-1"
CLOSED_ON = "2024-10-30"  # 91 days after test-1-tb-vp's last deadline, everything submitted


@pytest.fixture(params=["sqlite", "postgresql"], autouse=True)
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path / "home"))
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        reset_database(url)
        monkeypatch.setenv("DIRECTIVE_FLOW_DATABASE_URL", url)
    else:
        monkeypatch.delenv("DIRECTIVE_FLOW_DATABASE_URL", raising=False)
    reset()
    engine = open_store(get_settings().database_url)
    with session_scope(engine) as session:
        for path, day in (("valid/directive.yaml", date(2024, 7, 1)),
                          ("store/status-directive.yaml", date(2024, 1, 2))):  # fmt: skip
            register_directive(session, path=FIXTURES / path, actor=operator(), as_of=day)
    for task in ("supply-data/so-yt", "supply-data/ubnd-huyen-a", "supply-data/ubnd-huyen-b",
                 "finalize-report/so-ldtbxh", "standing/so-yt"):  # fmt: skip
        agency = task.split("/")[1]
        with session_scope(engine) as session:
            submit_for(session, directive=CLOSED, task=task, agency=agency, actor=agency,
                       home=tmp_path, data={"children": 1} if "supply" in task else None,
                       at=datetime(2024, 7, 10, 3, tzinfo=UTC))  # fmt: skip
    yield
    forget_stores()
    reset()


def _status(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(["status", "--as-of", CLOSED_ON, *argv]) == 0
    return capsys.readouterr().out.splitlines()


def _directives(lines: list[str]) -> set[str]:
    return {line.split()[0] for line in lines if line.startswith(("test-1", "store-"))}


def test_live_work_by_default_history_with_all(capsys: pytest.CaptureFixture[str]) -> None:
    live = _status(capsys)
    assert live[0].endswith(": 1 văn bản đang theo dõi (--all: cả đã đóng)")
    assert _directives(live) == {OPEN}
    assert _directives(_status(capsys, "--all")) == {OPEN, CLOSED}
    named = _status(capsys, CLOSED)
    assert "finalize-report/so-ldtbxh" in "\n".join(named), "a closed directive on demand"


def test_a_registry_narrows_to_its_directives_and_a_typo_is_named(
    capsys: pytest.CaptureFixture[str],
) -> None:
    mine = _status(capsys, "--registry", "test-province", "--all")
    assert mine[0].startswith(
        "Tình hình thực hiện ngày 30/10/2024 (tính theo gia hạn), danh mục test-province"
    )
    assert _directives(mine) == {OPEN, CLOSED}
    shown = json.loads(
        "\n".join(_status(capsys, "--registry", "test-province", "--format", "json"))
    )
    assert (shown["registry"], list(shown["by_directive"])) == ("test-province", [OPEN])
    assert main(["status", "--registry", "test-provinc"]) == 1
    assert capsys.readouterr().err == (
        "directive-flow: lỗi: Không có danh mục cơ quan test-provinc (có phải 'test-province'?).\n"
    )


def test_fits_120_columns_with_a_legend_and_wide_shows_every_column(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = _status(capsys, "--all")
    assert max(map(len, lines)) <= 120
    header = next(line for line in lines if line.startswith("cơ quan"))
    columns = [c.strip() for c in header.split("  ") if c.strip()]
    assert columns == ["cơ quan", "Đúng hạn", "Trễ hạn", "Trong hạn", "Quá hạn", "Không hạn",
                       "QH >30 ngày"]  # fmt: skip
    legend = " ".join(lines[lines.index(next(x for x in lines if x.startswith("Chú giải"))) :])
    assert "Đúng hạn = hoàn thành đúng hạn" in legend
    assert "Quá hạn = quá hạn chưa hoàn thành" in legend
    wide = next(x for x in _status(capsys, "--all", "--wide") if x.startswith("cơ quan"))
    assert "Quá hạn chưa hoàn thành" in wide
    assert "quá hạn 1-7 ngày" in wide


def test_long_tables_are_summarised(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _status(capsys, "--all", "--limit", "1")
    assert len(_directives(lines)) == 1
    assert "… và 1 văn bản khác (--limit 0: tất cả; --format csv: từng dòng)" in lines
    assert len(_directives(_status(capsys, "--all", "--limit", "0"))) == 2


def test_live_status_counts_the_notifications_of_live_directives_and_all_counts_every_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An archived directive's reminders leave the live status's notifications (its cost
    then follows live work, not the outbox's years) and stay in ``--all``'s."""
    from sqlalchemy import insert, select

    from directive_flow.steps.remind import queue_reminders
    from directive_flow.store.tables import OutboxRow, TaskRow

    engine = open_store(get_settings().database_url)
    with session_scope(engine) as session:
        queued = queue_reminders(session, today=date.fromisoformat(CLOSED_ON))
        model = session.scalars(select(OutboxRow)).first()
        assert model is not None
        assert sum(queued.written.values()) > 0
        closed = session.scalars(select(TaskRow.id).where(TaskRow.directive_id == CLOSED)).first()
        copy = {c.key: getattr(model, c.key) for c in OutboxRow.__table__.columns if c.key != "id"}
        session.execute(insert(OutboxRow), [{**copy, "key": "closed/1", "task_id": closed}])

    def rows(*extra: str) -> int:
        assert main(["status", "--as-of", CLOSED_ON, "--format", "json", *extra]) == 0
        return sum(json.loads(capsys.readouterr().out)["notifications"]["counts"].values())

    written = sum(queued.written.values())
    assert rows() == written
    assert rows("--all") == written + 1
    assert rows(CLOSED) == 1
