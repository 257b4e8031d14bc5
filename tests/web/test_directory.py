"""The directives list at years' scale: live ones by default, all on demand, searched
without accents, a page at a time; each reader sees only the directives they may follow."""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from web.conftest import write_directive
from web.portal_helpers import DIRECTIVE, DISTRICT_A, OPERATOR, OUTSIDER, Portal

from directive_flow.domain import Actor, Channel
from directive_flow.steps.common import local_today
from directive_flow.steps.directory import directory
from directive_flow.steps.register import register_directive
from directive_flow.store.db import session_scope
from directive_flow.store.tables import TaskRow

TITLES = {  # id -> (title, issued days ago); web-1-tb-vp is the fixture's, 5 days ago
    "web-2-tb-vp": ("Báo cáo tình hình trẻ em có hoàn cảnh đặc biệt", 3),
    "web-3-tb-vp": ("Kế hoạch rà soát hộ nghèo năm trước", 400),  # every task done long ago
    "web-4-tb-vp": ("Tư liệu: chỉ đạo đã lưu trữ", 900),  # historical
}


@pytest.fixture
def listed(portal: Portal, engine: Engine, tmp_path: Path) -> Portal:
    """The fixture directive and three more: live, ended, historical."""
    today = local_today()
    actor = Actor.as_operator("tester", Channel.CLI)
    for directive, (title, ago) in TITLES.items():
        folder = tmp_path / directive
        text = write_directive(folder, today - timedelta(days=ago - 5)).read_text("utf-8")
        text = text.replace(f"id: {DIRECTIVE}", f"id: {directive}")
        text = text.replace("number: 1/TB-VP", f"number: {directive.split('-')[1]}/TB-VP")
        title_line = next(line for line in text.splitlines() if line.startswith("  title:"))
        (folder / "directive.yaml").write_text(text.replace(title_line, f'  title: "{title}"'))
        with session_scope(engine) as session:
            register_directive(
                session,
                path=folder / "directive.yaml",
                actor=actor,
                as_of=today - timedelta(days=ago),
                historical=directive == "web-4-tb-vp" or None,
            )
    long_ago = today - timedelta(days=300)
    with session_scope(engine) as session:
        session.execute(
            update(TaskRow)
            .where(TaskRow.directive_id == "web-3-tb-vp")
            .values(completed_on=long_ago, due=long_ago)
        )
    return portal


def _ids(answer: dict[str, object]) -> list[str]:
    return [d["id"] for d in answer["directives"]]  # type: ignore[attr-defined, index]


def test_live_by_default_newest_first_and_everything_on_demand(listed: Portal) -> None:
    operator = listed.sign_in(OPERATOR)
    live = operator.get("/api/directives").json()
    assert _ids(live) == ["web-2-tb-vp", DIRECTIVE]  # issued 3 and 5 days ago
    assert (live["scope"], live["total"], live["page"], live["pages"]) == ("live", 2, 1, 1)
    every = operator.get("/api/directives?scope=all").json()
    assert _ids(every) == ["web-2-tb-vp", DIRECTIVE, "web-3-tb-vp", "web-4-tb-vp"]
    flags = {d["id"]: (d["live"], d["historical"]) for d in every["directives"]}
    assert flags["web-3-tb-vp"] == (False, False)
    assert flags["web-4-tb-vp"] == (False, True)
    assert flags[DIRECTIVE] == (True, False)


@pytest.mark.parametrize(
    ("query", "scope", "found"),
    [
        ("bao cao tre em", "live", ["web-2-tb-vp"]),
        ("BÁO CÁO", "live", ["web-2-tb-vp"]),
        (unicodedata.normalize("NFD", "hoàn cảnh"), "live", ["web-2-tb-vp"]),
        ("ke hoach", "live", []),  # ended: not among the live ones
        ("ke hoach", "all", ["web-3-tb-vp"]),
        ("3/TB-VP", "all", ["web-3-tb-vp"]),
        ("web-4", "all", ["web-4-tb-vp"]),
        ("  thử   nghiệm  ", "live", [DIRECTIVE]),
        ("bao cao kế hoạch", "all", []),  # every word must match
    ],
)
def test_search_ignores_accents_case_and_spacing(
    listed: Portal, query: str, scope: str, found: list[str]
) -> None:
    operator = listed.sign_in(OPERATOR)
    answer = operator.client.get("/api/directives", params={"q": query, "scope": scope})
    assert answer.status_code == 200, answer.text
    assert _ids(answer.json()) == found


def test_pages_cover_the_list_once_and_a_page_past_the_end_is_the_last(
    listed: Portal, engine: Engine
) -> None:
    operator = Actor.as_operator("tester", Channel.CLI)
    with session_scope(engine) as session:
        whole = directory(session, operator, as_of=local_today(), scope="all", per_page=100)
        for per_page in (1, 2, 3):
            pages = [
                directory(
                    session, operator, as_of=local_today(), scope="all", page=n, per_page=per_page
                )
                for n in range(1, whole.total // per_page + 2)
            ]
            seen = [e.id for p in pages for e in p.entries]
            assert seen[: whole.total] == [e.id for e in whole.entries]
            assert pages[-1].page == pages[-1].pages  # past the end: the last page again
    client = listed.sign_in(OPERATOR)
    second = client.get("/api/directives?scope=all&per_page=1&page=2").json()
    assert (_ids(second), second["pages"]) == ([DIRECTIVE], 4)


@pytest.mark.parametrize("asked", ["page=0", "per_page=1000", "scope=history", "page=x"])
def test_the_api_refuses_a_bad_page_with_the_parameter_named(listed: Portal, asked: str) -> None:
    answer = listed.sign_in(OPERATOR).get(f"/api/directives?{asked}")
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["field"] == f"query.{asked.split('=')[0]}"


def test_readers_see_only_the_directives_they_may_follow(listed: Portal) -> None:
    district = listed.sign_in(DISTRICT_A).get("/api/directives?scope=all").json()
    assert set(_ids(district)) == {"web-2-tb-vp", DIRECTIVE, "web-3-tb-vp", "web-4-tb-vp"}
    outsider = listed.sign_in(OUTSIDER)
    assert outsider.get("/api/directives?scope=all").json()["total"] == 0
    page = outsider.get("/directives?scope=all&q=ke+hoach")
    assert "Không có văn bản nào khớp “ke hoach”" in page.text


def test_the_page_pages_and_searches_and_forgives_a_mistyped_address(listed: Portal) -> None:
    operator = listed.sign_in(OPERATOR)
    live = operator.get("/directives").text
    assert "2 văn bản." in live
    assert "web-3-tb-vp" not in live
    ended = operator.get("/directives?scope=all&q=ke%20hoach").text
    assert "web-3-tb-vp" in ended
    assert "đã kết thúc" in ended
    assert "1 văn bản khớp" in ended
    historical = operator.get("/directives?scope=all&q=web-4").text
    assert "tư liệu, không nhắc việc" in historical
    mistyped = operator.get("/directives?page=abc&scope=nonsense")
    assert mistyped.status_code == 200
    assert "2 văn bản." in mistyped.text
    hostile = operator.client.get("/directives", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in hostile
    assert "&lt;script&gt;" in hostile
