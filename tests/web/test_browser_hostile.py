"""A hostile but ordinary day at the counter, in a real browser (Debian's chromium).

A district clerk types figures the wrong way, attaches an empty file, asks for time with
a day before the deadline, lets the session run out mid-form, signs in again in another
tab and sends the old one; the reviewer returns without a reason and decides on a page a
newer version has made stale; a phone opens the board. Each time: one Vietnamese line on
the field it is about (``aria-describedby``), no English, nothing typed lost, nothing
stored that the person did not mean.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from web.portal_helpers import (
    DIRECTIVE,
    DISTRICT_A,
    FINAL,
    HEALTH,
    LEAD,
    NEEDS_CHROMIUM,
    TASK_A,
    TASK_YT,
    Portal,
    sign_in_page,
)

from directive_flow.steps.common import local_today

pytestmark = NEEDS_CHROMIUM
pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
ENGLISH = ("expected", "refused", "String should", "CSRF", "--until", "is over the")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite: these tests are about pages."""
    return f"sqlite:///{tmp_path / 'store.db'}"


def _signed_in(portal: Portal, browser: object, email: str, **options: object) -> object:
    """A new browser context signed in as ``email`` through the mailed link; its page."""
    context = browser.new_context(locale="vi-VN", **options)  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in_page(portal, page, email)
    return page


def _english_free(text: str) -> None:
    for word in ENGLISH:
        assert word not in text, (word, text)


def _error_of(page: object, label: str) -> str:
    """The error the field labelled ``label`` points at (``aria-describedby``)."""
    field = page.get_by_label(label)  # type: ignore[attr-defined]
    assert field.get_attribute("aria-invalid") == "true", label
    ids = (field.get_attribute("aria-describedby") or "").split()
    errors = [i for i in ids if i.startswith("e-")]
    assert errors, f"{label}: no error tied to the field"
    return str(page.locator(f"#{errors[0]}").inner_text())  # type: ignore[attr-defined]


def test_a_clerks_mistakes_are_one_vietnamese_line_on_their_field(
    portal: Portal, browser: object, tmp_path: Path
) -> None:
    page = _signed_in(portal, browser, DISTRICT_A)
    page.goto(f"{portal.url}/tasks/{DIRECTIVE}/{TASK_A}")  # type: ignore[attr-defined]
    assert page.title().startswith("Cung cấp số liệu để Sở LĐTBXH")  # type: ignore[attr-defined]
    assert page.locator("html").get_attribute("lang") == "vi"  # type: ignore[attr-defined]
    empty = tmp_path / "Báo cáo rỗng.pdf"
    empty.write_bytes(b"")
    page.get_by_label("Số trẻ em được hỗ trợ").fill("1,250")  # type: ignore[attr-defined]
    page.get_by_label("Kinh phí đã chi").fill("12 triệu")  # type: ignore[attr-defined]
    page.get_by_label("Tệp đính kèm").set_input_files(str(empty))  # type: ignore[attr-defined]
    page.get_by_label("Ghi chú").fill("Số liệu của 12 xã")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Nộp", exact=True).focus()  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]  # keyboard only
    page.locator("#form-errors").wait_for()  # type: ignore[attr-defined]
    # what was typed is repeated as typed: '1,250', never the '1.250' the form would take
    assert _error_of(page, "Số trẻ em được hỗ trợ") == "Cần một số nguyên, đã nhập '1,250'."
    assert _error_of(page, "Kinh phí đã chi") == "Cần một số, đã nhập '12 triệu'."
    files = _error_of(page, "Tệp đính kèm")
    assert files.startswith("Báo cáo rỗng.pdf: Tệp rỗng (0 byte)"), files
    _english_free(page.locator("main").inner_text())  # type: ignore[attr-defined]
    assert page.get_by_label("Ghi chú").input_value() == "Số liệu của 12 xã"  # type: ignore[attr-defined]
    page.screenshot(path=tmp_path / "errors.png", full_page=True)  # type: ignore[attr-defined]


def test_an_extension_before_the_deadline_is_refused_on_the_day_field(
    portal: Portal, browser: object
) -> None:
    page = _signed_in(portal, browser, LEAD)
    page.goto(f"{portal.url}/tasks/{DIRECTIVE}/{FINAL}")  # type: ignore[attr-defined]
    asked = local_today() + timedelta(days=3)  # the deadline is a month away
    page.get_by_label("Đề nghị gia hạn đến ngày").fill(asked.isoformat())  # type: ignore[attr-defined]
    page.get_by_label("Lý do", exact=True).fill("Chờ số liệu các huyện")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gửi đề nghị gia hạn").click()  # type: ignore[attr-defined]
    said = _error_of(page, "Đề nghị gia hạn đến ngày")
    assert said.startswith(f"Ngày xin gia hạn đến ({asked:%d/%m/%Y}) phải sau thời hạn"), said
    _english_free(page.locator("main").inner_text())  # type: ignore[attr-defined]
    assert page.get_by_label("Lý do", exact=True).input_value() == "Chờ số liệu các huyện"  # type: ignore[attr-defined]
    page.get_by_label("Đề nghị gia hạn đến ngày").fill("")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Gửi đề nghị gia hạn").click()  # type: ignore[attr-defined]
    assert _error_of(page, "Đề nghị gia hạn đến ngày").startswith("Chưa nhập")


def test_a_session_that_ended_mid_form_says_so_and_keeps_what_was_typed(
    portal: Portal, browser: object
) -> None:
    page = _signed_in(portal, browser, HEALTH)
    task = f"/tasks/{DIRECTIVE}/{TASK_YT}"
    page.goto(f"{portal.url}{task}")  # type: ignore[attr-defined]
    page.get_by_label("Số trẻ em được hỗ trợ").fill("42")  # type: ignore[attr-defined]
    page.get_by_label("Ghi chú").fill("Đã gõ nửa tiếng")  # type: ignore[attr-defined]
    page.context.clear_cookies()  # type: ignore[attr-defined]  # the session is gone
    with page.expect_response(lambda r: r.request.method == "POST") as sent:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Nộp", exact=True).click()  # type: ignore[attr-defined]
    assert sent.value.status == 401
    alert = page.get_by_role("alert").inner_text()  # type: ignore[attr-defined]
    assert "Phiên đăng nhập đã hết hạn" in alert
    shown = page.locator("main").inner_text()  # type: ignore[attr-defined]
    assert "42" in shown
    assert "Đã gõ nửa tiếng" in shown
    assert page.locator("input[name=next]").get_attribute("value") == task  # type: ignore[attr-defined]


def test_a_form_from_a_tab_whose_session_changed_comes_back_with_its_values(
    portal: Portal, browser: object
) -> None:
    page = _signed_in(portal, browser, HEALTH)
    task = f"{portal.url}/tasks/{DIRECTIVE}/{TASK_YT}"
    page.goto(task)  # type: ignore[attr-defined]
    page.get_by_label("Số trẻ em được hỗ trợ").fill("42")  # type: ignore[attr-defined]
    page.get_by_label("Kinh phí đã chi").fill("3,5")  # type: ignore[attr-defined]
    other = page.context.new_page()  # type: ignore[attr-defined]
    sign_in_page(portal, other, HEALTH)  # a new session: the first tab's token is the old one's
    page.get_by_role("button", name="Nộp", exact=True).click()  # type: ignore[attr-defined]
    alert = page.locator("#form-errors").inner_text()  # type: ignore[attr-defined]
    assert "Trang này đã cũ" in alert
    _english_free(alert)
    assert page.get_by_label("Số trẻ em được hỗ trợ").input_value() == "42"  # type: ignore[attr-defined]
    assert "Chưa có phiên bản nào." in page.content()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Nộp", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_text("Đã nộp phiên bản 1.").wait_for()  # type: ignore[attr-defined]


def test_a_reviewers_refusal_is_on_the_submissions_form_with_the_reason_kept(
    portal: Portal, browser: object
) -> None:
    clerk = portal.sign_in(HEALTH)
    assert clerk.submit(TASK_YT, {"children": 4, "budget": 1}).status_code == 201
    page = _signed_in(portal, browser, LEAD)
    page.goto(f"{portal.url}/review")  # type: ignore[attr-defined]
    card = page.locator("article.card", has_text=TASK_YT)  # type: ignore[attr-defined]
    card.get_by_role("button", name="Trả lại").click()
    card = page.locator("article.card", has_text=TASK_YT)  # type: ignore[attr-defined]
    said = _error_of(card, "Lý do (bắt buộc khi trả lại)")
    assert said == f"Trả lại nhiệm vụ {TASK_YT} cần ghi rõ lý do."
    card.get_by_label("Lý do (bắt buộc khi trả lại)").fill("Số liệu chưa khớp với biểu 02")
    assert clerk.submit(TASK_YT, {"children": 5, "budget": 1}).status_code == 201
    card.get_by_role("button", name="Chấp nhận").click()  # the page shows version 1: stale
    card = page.locator("article.card", has_text=TASK_YT)  # type: ignore[attr-defined]
    assert "phiên bản 2 mới hơn phiên bản 1" in _error_of(card, "Lý do (bắt buộc khi trả lại)")
    reason = card.get_by_label("Lý do (bắt buộc khi trả lại)").input_value()
    assert reason == "Số liệu chưa khớp với biểu 02"
    _english_free(page.locator("main").inner_text())  # type: ignore[attr-defined]
    card.get_by_role("button", name="Trả lại").click()
    page.get_by_text("Đã ghi nhận: trả lại phiên bản 2").wait_for()  # type: ignore[attr-defined]


def test_on_a_phone_the_boards_table_scrolls_instead_of_crushing_its_names(
    portal: Portal, browser: object, tmp_path: Path
) -> None:
    page = _signed_in(portal, browser, LEAD, viewport={"width": 375, "height": 740}, is_mobile=True)
    page.goto(f"{portal.url}/directives/{DIRECTIVE}")  # type: ignore[attr-defined]
    page.screenshot(path=tmp_path / "board-phone.png", full_page=True)  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1  # type: ignore[attr-defined]
    name = page.locator("table.counts tbody th").first  # type: ignore[attr-defined]
    box = name.bounding_box()
    assert box is not None
    assert box["width"] >= 100, box  # a name, not a letter a line
    region = page.locator("div.scroll", has=page.locator("table.counts"))  # type: ignore[attr-defined]
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")  # it scrolls sideways
