"""The task list and the review queue follow live work: a directive that closed
(``steps.status``: nothing open, its last deadline and completion more than 90 days ago)
leaves the default lists and comes back with ``scope=all``; pages hold every task exactly
once; page links keep the filter, the scope and the page size."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select, update
from store_helpers import submit_for
from web.conftest import write_directive
from web.portal_helpers import (
    DIRECTIVE,
    DISTRICT_A,
    ISSUER,
    NEEDS_CHROMIUM,
    OPERATOR,
    TASK_A,
    Portal,
    sign_in_page,
)

from directive_flow.domain import Actor, Channel, Status
from directive_flow.settings import get_settings
from directive_flow.steps.common import local_today
from directive_flow.steps.register import register_directive
from directive_flow.steps.reviewqueue import review_queue
from directive_flow.steps.tasklist import URGENCY, Scope, task_page
from directive_flow.store.db import read_scope, session_scope
from directive_flow.store.tables import TaskRow

CLOSED = "web-3-tb-vp"  # the fixture's directive again, its work done 300 days ago


@pytest.fixture
def ended_store(portal_env: int, engine: Engine, tmp_path: Path) -> Engine:
    """The fixture directive (live) and a copy of it that closed: every task completed
    and due 300 days ago, district A's handed in and never decided on; district A has
    handed in its task of the live one too."""
    today = local_today()
    folder = tmp_path / CLOSED
    text = write_directive(folder, today - timedelta(days=395)).read_text("utf-8")
    text = text.replace(f"id: {DIRECTIVE}", f"id: {CLOSED}").replace("1/TB-VP", "3/TB-VP")
    (folder / "directive.yaml").write_text(text, "utf-8")
    with session_scope(engine) as session:
        register_directive(
            session,
            path=folder / "directive.yaml",
            actor=Actor.as_operator("tester", Channel.CLI),
            as_of=today - timedelta(days=400),
        )
    home = get_settings().home
    for directive in (CLOSED, DIRECTIVE):
        with session_scope(engine) as session:
            submit_for(session, directive=directive, task=TASK_A, agency="ubnd-huyen-a",
                       actor="ubnd-huyen-a", home=home, data={"children": 3, "budget": 1})  # fmt: skip
    long_ago = today - timedelta(days=300)
    with session_scope(engine) as session:
        session.execute(
            update(TaskRow)
            .where(TaskRow.directive_id == CLOSED)
            .values(completed_on=long_ago, due=long_ago, original_due=long_ago)
        )
    return engine


@pytest.fixture
def ended(portal: Portal, ended_store: Engine) -> Portal:
    """The portal over ``ended_store``."""
    return portal


def _keys(answer: dict[str, object], name: str = "tasks") -> set[tuple[str, str]]:
    rows = answer[name]
    assert isinstance(rows, list)
    return {(t["directive"], t["task"]) for t in rows}


def _href(page: str, rel: str) -> str:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    assert found, f"no rel={rel} link"
    return html.unescape(found.group(1))


def test_a_closed_directives_tasks_leave_the_list_and_come_back_on_demand(ended: Portal) -> None:
    clerk = ended.sign_in(DISTRICT_A)
    live = clerk.get("/api/tasks").json()
    assert live["scope"] == "live"
    assert _keys(live) == {(DIRECTIVE, TASK_A)}
    every = clerk.get("/api/tasks?scope=all").json()
    assert _keys(every) == {(DIRECTIVE, TASK_A), (CLOSED, TASK_A)}
    assert every["tasks"][0]["directive"] == CLOSED, "newest first: the copy was registered last"
    assert f"/tasks/{CLOSED}/" not in clerk.get("/tasks").text
    archive = clerk.get("/tasks?scope=all").text
    assert f'href="/tasks/{CLOSED}/{TASK_A}"' in archive
    assert "Tất cả, kể cả đã kết thúc" in archive
    assert clerk.get(f"/tasks/{CLOSED}/{TASK_A}").status_code == 200, "its page still opens"


def test_the_review_queue_holds_live_work_and_the_ended_on_demand(ended: Portal) -> None:
    issuer = ended.sign_in(ISSUER)
    live = issuer.get("/api/review").json()
    assert (live["scope"], live["total"]) == ("live", 1)
    assert _keys(live, "submissions") == {(DIRECTIVE, TASK_A)}
    every = issuer.get("/api/review?scope=all").json()
    assert _keys(every, "submissions") == {(DIRECTIVE, TASK_A), (CLOSED, TASK_A)}
    assert CLOSED not in issuer.get("/review").text
    assert f"/tasks/{CLOSED}/{TASK_A}" in issuer.get("/review?scope=all").text


def test_page_links_keep_the_filter_the_scope_and_the_page_size(ended: Portal) -> None:
    operator = ended.sign_in(OPERATOR)
    first = operator.get("/tasks?status=in_progress&per_page=1").text
    assert "trang 1/" in first
    following = _href(first, "next")
    assert following == "/tasks?status=in_progress&page=2&per_page=1"
    second = operator.get(following).text
    assert _href(second, "prev") == "/tasks?status=in_progress&per_page=1"
    shown = [re.findall(r'class="title" href="([^"]+)"', p) for p in (first, second)]
    assert len(shown[0]) == len(shown[1]) == 1
    assert shown[0] != shown[1]
    archive = operator.get("/tasks?scope=all&per_page=2").text
    onward = _href(archive, "next")
    assert re.fullmatch(r"/tasks\?scope=all&after=\d+&per_page=2", onward)
    assert "Về trang đầu" in operator.get(onward).text
    queue = operator.get("/review?scope=all&per_page=1").text
    assert _href(queue, "next") == "/review?scope=all&page=2&per_page=1"


def test_a_mistyped_address_reads_as_the_first_live_page_and_the_api_names_the_parameter(
    ended: Portal,
) -> None:
    clerk = ended.sign_in(DISTRICT_A)
    for asked in ("page=x&scope=nonsense", "status=bogus&per_page=99999", "after=-1&page=0"):
        answer = clerk.get(f"/tasks?{asked}")
        assert answer.status_code == 200, asked
        assert f"/tasks/{CLOSED}/" not in answer.text
    for asked in ("scope=history", "per_page=1000", "page=0", "status=open"):
        refused = clerk.get(f"/api/tasks?{asked}")
        assert refused.status_code == 422, asked
        assert refused.json()["problems"][0]["field"] == f"query.{asked.split('=')[0]}"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    per_page=st.integers(1, 7),
    scope=st.sampled_from(["live", "all"]),
    status=st.sampled_from([None, *URGENCY]),
    agency=st.sampled_from([None, "ubnd-huyen-a", "so-yt"]),
)
def test_pages_hold_every_task_exactly_once_in_the_whole_lists_order(
    ended_store: Engine, per_page: int, scope: Scope, status: Status | None, agency: str | None
) -> None:
    today = local_today()
    with read_scope(ended_store) as session:
        status = status if scope == "live" else None
        whole = task_page(
            session, agency=agency, as_of=today, scope=scope, per_page=None, status=status
        )
        pages = []
        if scope == "live":
            for number in range(1, whole.total // per_page + 3):  # one past the end too
                pages.append(
                    task_page(
                        session,
                        agency=agency,
                        as_of=today,
                        page=number,
                        per_page=per_page,
                        status=status,
                    )
                )
            assert pages[-1].page == pages[-1].pages, "a page past the last is the last"
            pages = pages[: pages[0].pages]
        else:
            after = None
            while True:
                pages.append(
                    task_page(
                        session,
                        agency=agency,
                        as_of=today,
                        scope="all",
                        after=after,
                        per_page=per_page,
                    )
                )
                after = pages[-1].next_after
                if after is None:
                    break
                assert len(pages) <= len(whole.items), "the walk ends"
        walked = [(i.directive, i.task) for p in pages for i in p.items]
        assert walked == [(i.directive, i.task) for i in whole.items]
        assert len(set(walked)) == len(walked) == len(whole.items)
        assert whole.total == (len(whole.items) if scope == "live" else None)
        assert all(len(p.items) <= per_page for p in pages)
        query = select(TaskRow.directive_id, TaskRow.key).where(TaskRow.cancelled.is_(False))
        if agency is not None:
            query = query.where(TaskRow.agency == agency)
        stored = {(d, k) for d, k in session.execute(query)}
        if scope == "all":
            assert set(walked) == stored, "the whole list is every task"
        else:
            assert {d for d, _ in walked} <= {DIRECTIVE}, "the closed directive is left out"
            if status is not None:
                assert all(i.status == status for p in pages for i in p.items)


def test_the_queue_pages_hold_every_submission_once(ended_store: Engine) -> None:
    operator = Actor.as_operator("tester", Channel.PORTAL)
    with read_scope(ended_store) as session:
        whole = review_queue(session, actor=operator, as_of=local_today(), scope="all")
        pages = [
            review_queue(
                session, actor=operator, as_of=local_today(), scope="all", page=n, per_page=1
            )
            for n in (1, 2, 3)
        ]
    assert whole.total == 2
    assert [s.directive for p in pages[:2] for s in p.submissions] == [
        s.directive for s in whole.submissions
    ]
    assert pages[2].page == 2, "a page past the last is the last"


@NEEDS_CHROMIUM
@pytest.mark.parametrize(("width", "height", "mobile"), [(1280, 900, False), (375, 800, True)])
def test_a_paged_list_reads_on_a_desktop_and_on_a_phone(
    ended: Portal, browser: object, width: int, height: int, mobile: bool
) -> None:
    """Two tasks a page (the review queue: one): the tabs, the filter, the count and the
    pager are there and in reach, and nothing makes the page scroll sideways
    (screenshots in /tmp)."""
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile)  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in_page(ended, page, OPERATOR)
    page.goto(f"{ended.url}/tasks?per_page=2")
    assert page.get_by_role("link", name="Trang sau →").is_visible()
    assert "trang 1/3" in page.locator("p.count").inner_text()
    page.get_by_role("link", name="Trang sau →").click()
    page.get_by_text("Trang 2/3", exact=True).wait_for()
    assert page.get_by_role("link", name="← Trang trước").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=f"/tmp/live-lists-tasks-{width}.png", full_page=True)
    page.get_by_role("link", name="Tất cả, kể cả đã kết thúc").click()
    page.get_by_text("Mọi nhiệm vụ đã giao").wait_for()
    page.get_by_role("link", name="Trang sau →").click()
    page.get_by_role("link", name="↞ Về trang đầu").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=f"/tmp/live-lists-archive-{width}.png", full_page=True)
    page.goto(f"{ended.url}/review?scope=all&per_page=1")
    page.get_by_role("link", name="Trang sau →").click()
    page.get_by_role("link", name="← Trang trước").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=f"/tmp/live-lists-review-{width}.png", full_page=True)
    context.close()
