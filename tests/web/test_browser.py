"""End to end in a real browser: Debian's chromium driven by Playwright.

A supplier signs in through the link in the mailbox, submits the form with a mistake,
sees the error beside the field with every value kept, corrects it; the reviewer signs
in and accepts; the board changes; the consolidating agency builds and downloads the
report. Screenshots go to the test's own folder (printed), for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from web.portal_helpers import (
    DIRECTIVE,
    DISTRICT_A,
    DISTRICT_B,
    HEALTH,
    LEAD,
    NEEDS_CHROMIUM,
    TASK_YT,
    Portal,
    sign_in_page,
)

pytestmark = NEEDS_CHROMIUM
pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite: the browser test is about pages, the API tests cover both stores."""
    return f"sqlite:///{tmp_path / 'store.db'}"


def test_a_supplier_hands_in_the_reviewer_accepts_and_the_report_downloads(
    portal: Portal, browser: object, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    print(f"\nscreenshots: {shots}")
    reviewer = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    review = reviewer.new_page()
    sign_in_page(portal, review, LEAD)
    review.goto(f"{portal.url}/directives/{DIRECTIVE}")
    before = review.locator("#progress").get_attribute("value")
    review.screenshot(path=shots / "00-board-before.png", full_page=True)

    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="vi-VN")  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in_page(portal, page, HEALTH)
    page.screenshot(path=shots / "01-tasks.png", full_page=True)
    page.get_by_role("link", name="Cung cấp số liệu để Sở LĐTBXH hoàn thiện báo cáo").click()
    page.get_by_label("Số trẻ em được hỗ trợ").fill("mười hai")
    page.get_by_label("Kinh phí đã chi").fill("1.250,5")
    page.get_by_label("Đánh giá chung").fill("Đã rà soát đủ các xã")
    page.get_by_role("button", name="Nộp", exact=True).click()
    error = page.locator("#e-children")
    assert "Cần một số nguyên" in error.inner_text()
    assert page.get_by_label("Kinh phí đã chi").input_value() == "1.250,5"
    assert page.get_by_label("Đánh giá chung").input_value() == "Đã rà soát đủ các xã"
    page.screenshot(path=shots / "02-form-error.png", full_page=True)
    page.get_by_label("Số trẻ em được hỗ trợ").fill("1.200")
    page.get_by_role("button", name="Nộp", exact=True).click()
    page.get_by_text("Đã nộp phiên bản 1.").wait_for()
    page.screenshot(path=shots / "03-submitted.png", full_page=True)
    for email, task in (
        (DISTRICT_A, "supply-data/ubnd-huyen-a"),
        (DISTRICT_B, "supply-data/ubnd-huyen-b"),
    ):
        assert portal.sign_in(email).submit(task, {"children": 10, "budget": 2}).status_code == 201

    review.get_by_role("link", name="Xét duyệt").click()
    review.screenshot(path=shots / "04-review.png", full_page=True)
    for _ in range(3):
        review.get_by_role("button", name="Chấp nhận").first.click()
        review.get_by_text("Đã ghi nhận: chấp nhận phiên bản 1").wait_for()
    assert "Không có kết quả nào chờ bạn xét duyệt." in review.content()
    review.goto(f"{portal.url}/directives/{DIRECTIVE}")
    review.get_by_role("button", name="Lập báo cáo tổng hợp").click()
    review.get_by_text("Đã lập báo cáo tổng hợp.").wait_for()
    after = review.locator("#progress").get_attribute("value")
    assert float(after or 0) > float(before or 0)
    review.screenshot(path=shots / "05-board.png", full_page=True)
    with review.expect_download() as download:
        review.get_by_role("link", name="Word").first.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".docx"
    assert saved.read_bytes()[:2] == b"PK"

    mobile = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)  # type: ignore[attr-defined]
    phone = mobile.new_page()
    sign_in_page(portal, phone, HEALTH)
    phone.goto(f"{portal.url}/tasks/{DIRECTIVE}/{TASK_YT}")
    phone.screenshot(path=shots / "06-mobile-task.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    for ctx in (context, reviewer, mobile):
        ctx.close()


def test_one_long_unbroken_word_never_makes_a_phone_scroll_sideways(
    portal: Portal, browser: object
) -> None:
    word = "Báocáochitiếtkếtquảthựchiệnnhiệmvụ" * 4  # 136 letters, no space to break at
    clerk = portal.sign_in(HEALTH)
    assert clerk.submit(TASK_YT, {"children": 4, "budget": 1.5, "remarks": word}).status_code == 201
    phone = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)  # type: ignore[attr-defined]
    for email, path in ((HEALTH, f"/tasks/{DIRECTIVE}/{TASK_YT}"), (LEAD, "/review")):
        page = phone.new_page()
        sign_in_page(portal, page, email)
        page.goto(f"{portal.url}{path}")
        assert word in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1, path
        page.close()
    phone.close()
