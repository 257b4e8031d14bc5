"""Dashboards on a constructed case whose numbers are checked by hand.

tests/fixtures/valid/directive.yaml, issued Monday 1/7/2024, as of 5/8/2024:

==========================  ==========  ======================  =========================
task                        due         what happens            state on 2024-08-05
==========================  ==========  ======================  =========================
supply-data/so-yt           2024-07-15  submitted 07-10         on time
supply-data/ubnd-huyen-a    2024-07-15  submitted 07-20         late
supply-data/ubnd-huyen-b    2024-07-15  -                       overdue 21 days
finalize-report/so-ldtbxh   2024-07-31  -                       overdue 5 days
standing/so-yt              standing    -                       no deadline
==========================  ==========  ======================  =========================

Progress: 2 completed of 4 with a deadline = 50 %. Per agency: Sở LĐTBXH 0 %, Sở Y tế
100 % (its standing duty is apart), district A 100 %, district B 0 %.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine
from store_helpers import operator, submit_for

from directive_flow.errors import NotFoundError
from directive_flow.steps.dashboard import COLUMNS, OverdueTask, artifact_key, dashboard
from directive_flow.steps.register import register_directive
from directive_flow.store.db import session_scope

D = "test-1-tb-vp"
STATUS = Path(__file__).parents[1] / "fixtures" / "store" / "status-directive.yaml"


@pytest.fixture
def case(registered: Engine, home: Path) -> Engine:
    for agency, day in (("so-yt", 10), ("ubnd-huyen-a", 20)):
        with session_scope(registered) as session:
            submit_for(
                session,
                directive=D,
                task=f"supply-data/{agency}",
                agency=agency,
                actor=agency,
                home=home,
                data={"children": 1},
                at=datetime(2024, 7, day, 3, tzinfo=UTC),
            )
    return registered


def test_an_agency_with_no_deadlined_task_has_no_rate(engine: Engine, tmp_path: Path) -> None:
    """Sở Y tế with its standing duty only: "—", not 0 % (nothing of it could be late)."""
    valid = Path(__file__).parents[1] / "fixtures" / "valid"
    for name in ("agencies.yaml", "directive.yaml"):
        text = (valid / name).read_text("utf-8")
        (tmp_path / name).write_text(
            text.replace("lead: suppliers\n", "lead: suppliers\n    excluding: [so-yt]\n"), "utf-8"
        )
    with session_scope(engine) as session:
        register_directive(
            session, path=tmp_path / "directive.yaml", actor=operator("t"), as_of=date(2024, 7, 1)
        )
    with session_scope(engine) as session:
        [board] = dashboard(session, as_of=date(2024, 8, 5))
    rates = {r["Cơ quan"]: r["Tỉ lệ hoàn thành (%)"] for r in board.rows}
    assert rates == {
        "Sở Lao động - Thương binh và Xã hội": 0.0,
        "Sở Y tế": "—",
        "UBND huyện A": 0.0,
        "UBND huyện B": 0.0,
    }
    assert board.progress == 0.0  # the directive's own rate stays a number


def test_columns_are_the_vietnamese_labels() -> None:
    assert COLUMNS == (
        "Cơ quan",
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Quá hạn chưa hoàn thành",
        "Không có thời hạn",
        "Tỉ lệ hoàn thành (%)",
    )


def row(agency: str, *counts: int, rate: float) -> dict[str, str | int | float]:
    return dict(zip(COLUMNS, (agency, *counts, rate), strict=True))


def test_the_hand_checked_case(case: Engine) -> None:
    with session_scope(case) as session:
        [board] = dashboard(session, as_of=date(2024, 8, 5))
    assert (board.id, board.number, board.title, board.progress) == (
        D,
        "1/TB-VP",
        "Thông báo thử nghiệm",
        50.0,
    )
    assert board.rows == (
        row("Sở Lao động - Thương binh và Xã hội", 0, 0, 0, 1, 0, rate=0.0),
        row("Sở Y tế", 1, 0, 0, 0, 1, rate=100.0),
        row("UBND huyện A", 0, 1, 0, 0, 0, rate=100.0),
        row("UBND huyện B", 0, 0, 0, 1, 0, rate=0.0),
    )
    assert board.total == row("Tổng cộng", 1, 1, 0, 2, 1, rate=50.0)
    assert board.overdue == (
        OverdueTask("supply-data/ubnd-huyen-b", "UBND huyện B", date(2024, 7, 15), 21),
        OverdueTask(
            "finalize-report/so-ldtbxh", "Sở Lao động - Thương binh và Xã hội", date(2024, 7, 31), 5
        ),
    )
    assert board.markdown == (
        "## 1/TB-VP: Thông báo thử nghiệm\n"
        "\n"
        "Tình hình đến ngày 05/08/2024: đã hoàn thành 2/4 nhiệm vụ có thời hạn (50%).\n"
        "\n"
        "- Hoàn thành đúng hạn: 1\n"
        "- Hoàn thành quá hạn: 1\n"
        "- Đang thực hiện trong hạn: 0\n"
        "- Quá hạn chưa hoàn thành: 2\n"
        "- Không có thời hạn: 1\n"
        "\n"
        "### Nhiệm vụ quá hạn chưa hoàn thành (2)\n"
        "\n"
        "- supply-data/ubnd-huyen-b (UBND huyện B): quá hạn 21 ngày (hạn 15/07/2024)\n"
        "- finalize-report/so-ldtbxh (Sở Lao động - Thương binh và Xã hội): quá hạn 5 ngày"
        " (hạn 31/07/2024)\n"
        "\n"
        "[Xem bảng theo dõi trên cổng thông tin](http://127.0.0.1:8200/directives/test-1-tb-vp)\n"
    )
    assert board.key == "directive-test-1-tb-vp"


def test_the_summary_links_to_the_board_on_the_configured_portal(
    case: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from directive_flow.settings import reset

    monkeypatch.setenv("DIRECTIVE_FLOW_PORTAL_URL", "https://congviec.kontum.gov.vn/cong/")
    reset()
    try:
        with session_scope(case) as session:
            [board] = dashboard(session, as_of=date(2024, 8, 5))
    finally:
        monkeypatch.undo()
        reset()
    link = "(https://congviec.kontum.gov.vn/cong/directives/test-1-tb-vp)"
    assert board.markdown.endswith(f"[Xem bảng theo dõi trên cổng thông tin]{link}\n")


def test_earlier_nothing_is_overdue(case: Engine) -> None:
    with session_scope(case) as session:
        [board] = dashboard(session, as_of=date(2024, 7, 12), directive=D)
    assert board.progress == 25.0  # so-yt only, of 4
    assert board.overdue == ()
    assert "### Nhiệm vụ quá hạn chưa hoàn thành (0)\n\nKhông có nhiệm vụ quá hạn.\n" in (
        board.markdown
    )
    assert "(25%)" in board.markdown


def test_every_directive_in_id_order_or_only_the_one_asked(case: Engine) -> None:
    with session_scope(case) as session:
        register_directive(session, path=STATUS, actor=operator("a"), as_of=date(2024, 1, 2))
    with session_scope(case) as session:
        boards = dashboard(session, as_of=date(2024, 8, 5))
        assert [b.id for b in boards] == ["store-status-1", D]
        assert [b.id for b in dashboard(session, as_of=date(2024, 8, 5), directive=D)] == [D]
        with pytest.raises(NotFoundError, match="unknown directive 'test-1'"):
            dashboard(session, as_of=date(2024, 8, 5), directive="test-1")


def test_a_directive_without_deadlines_has_zero_progress(engine: Engine) -> None:
    with session_scope(engine) as session:
        assert dashboard(session, as_of=date(2024, 8, 5)) == []


@pytest.mark.parametrize(
    ("ident", "kind", "key"),
    [
        ("kontum-2014-975-tb-vp", None, "directive-kontum-2014-975-tb-vp"),
        ("KonTum_975/TB-VP", "progress", "directive-kontum-975-tb-vp-progress"),
        ("Đắk Hà--2014", "Bảng", "directive-dak-ha-2014-bang"),
        ("***", None, "directive"),
    ],
)
def test_artifact_keys(ident: str, kind: str | None, key: str) -> None:
    assert artifact_key(ident, kind=kind) == key


@given(st.text(max_size=40), st.one_of(st.none(), st.text(max_size=10)))
def test_artifact_keys_follow_prefects_rule(ident: str, kind: str | None) -> None:
    key = artifact_key(ident, kind=kind)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key)
