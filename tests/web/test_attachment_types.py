"""Documents only, through the real portal: a program renamed .pdf is refused on the files'
field in Vietnamese, the typed values kept, nothing stored (no row, no file); over HTTP and
in a real browser (Debian's chromium)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from web.portal_helpers import (
    DIRECTIVE,
    DISTRICT_A,
    HEALTH,
    NEEDS_CHROMIUM,
    TASK_A,
    TASK_YT,
    Portal,
    sign_in_page,
)

from directive_flow.settings import DEFAULT_ATTACHMENT_TYPES, get_settings

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48) + b"PE\x00\x00"
REFUSED = (
    "báo-cáo.pdf: Nội dung tệp là một chương trình Windows, không phải tài liệu: không nhận "
    "tệp này, dù tệp mang tên gì."
)
FIGURES = {"children": "1.250", "budget": "12,5", "note": "Số liệu của 12 xã"}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite: these tests are about the form."""
    return f"sqlite:///{tmp_path / 'store.db'}"


def _kept_files() -> list[Path]:
    return [p for p in (get_settings().home / "attachments").rglob("*") if p.is_file()]


def test_a_program_renamed_pdf_is_refused_on_the_files_field_and_nothing_is_stored(
    portal: Portal,
) -> None:
    clerk = portal.sign_in(HEALTH)
    form = {"csrf_token": clerk.me["csrf_token"], **FIGURES}
    url = f"/tasks/{DIRECTIVE}/{TASK_YT}/submissions"
    files = [
        ("attachments", ("bien-ban.pdf", b"%PDF-1.4 bien ban", "application/pdf")),
        ("attachments", ("báo-cáo.pdf", EXE, "application/pdf")),
    ]
    answer = clerk.client.post(url, data=form, files=files)
    assert answer.status_code == 422
    page = html.unescape(answer.text)
    [error] = re.findall(r'<p class="error" id="e-attachments">(.*?)</p>', page)
    assert error == REFUSED
    assert 'aria-invalid="true"' in re.search(r'<input id="f-attachments"[^>]*>', page)[0]  # type: ignore[index]
    assert 'value="1.250"' in page
    assert 'value="12,5"' in page
    assert "Số liệu của 12 xã</textarea>" in page
    assert "the content is" not in page  # no English reaches the clerk
    assert clerk.get(f"/api/tasks/{DIRECTIVE}/{TASK_YT}").json()["versions"] == []
    assert _kept_files() == []  # not even the good PDF beside it
    done = clerk.client.post(url, data=form, files=[files[0]])
    assert done.status_code == 303, done.text
    assert len(_kept_files()) == 1


def test_each_refusal_names_its_file_and_a_type_in_capitals_is_that_type(portal: Portal) -> None:
    clerk = portal.sign_in(HEALTH)
    form = {"csrf_token": clerk.me["csrf_token"], **FIGURES}
    url = f"/tasks/{DIRECTIVE}/{TASK_YT}/submissions"
    files = [
        ("attachments", ("cai-dat.exe", EXE, "application/octet-stream")),
        ("attachments", ("so-lieu.xlsx", b"<html><table>", "application/vnd.ms-excel")),
        ("attachments", ("BIEN-BAN.PDF", b"%PDF-1.7", "application/pdf")),
    ]
    answer = clerk.client.post(url, data=form, files=files)
    assert answer.status_code == 422
    page = html.unescape(answer.text)
    [error] = re.findall(r'<p class="error" id="e-attachments">(.*?)</p>', page)
    assert error == (
        "cai-dat.exe: Nội dung tệp là một chương trình Windows, không phải tài liệu: không "
        "nhận tệp này, dù tệp mang tên gì. so-lieu.xlsx: Nội dung tệp không phải tệp .xlsx "
        "thật: hãy đính kèm đúng tệp, hoặc mở tệp rồi lưu lại dạng .xlsx."
    )
    assert "BIEN-BAN.PDF" not in error
    assert clerk.client.post(url, data=form, files=[files[2]]).status_code == 303


def test_the_form_says_which_types_it_takes(portal: Portal) -> None:
    clerk = portal.sign_in(HEALTH)
    page = html.unescape(clerk.get(f"/tasks/{DIRECTIVE}/{TASK_YT}").text)
    types = ",".join(f".{t}" for t in DEFAULT_ATTACHMENT_TYPES)
    assert f'accept="{types}"' in page  # the file picker offers documents first
    assert f"các loại tệp {', '.join(DEFAULT_ATTACHMENT_TYPES)}." in page


@NEEDS_CHROMIUM
def test_in_a_browser_an_exe_renamed_pdf_is_one_vietnamese_line_on_the_files_field(
    portal: Portal, browser: object, tmp_path: Path
) -> None:
    pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
    context = browser.new_context(locale="vi-VN")  # type: ignore[attr-defined]
    page = context.new_page()
    sign_in_page(portal, page, DISTRICT_A)
    page.goto(f"{portal.url}/tasks/{DIRECTIVE}/{TASK_A}")
    disguised = tmp_path / "báo-cáo.pdf"
    disguised.write_bytes(EXE)
    page.get_by_label("Số trẻ em được hỗ trợ").fill("1.250")
    page.get_by_label("Kinh phí đã chi").fill("12,5")
    page.get_by_label("Tệp đính kèm").set_input_files(str(disguised))
    page.get_by_label("Ghi chú").fill("Số liệu của 12 xã")
    page.get_by_role("button", name="Nộp", exact=True).click()
    page.locator("#form-errors").wait_for()
    field = page.get_by_label("Tệp đính kèm")
    assert field.get_attribute("aria-invalid") == "true"
    assert "e-attachments" in (field.get_attribute("aria-describedby") or "").split()
    assert page.locator("#e-attachments").inner_text() == REFUSED
    assert page.get_by_label("Số trẻ em được hỗ trợ").input_value() == "1.250"
    assert page.get_by_label("Kinh phí đã chi").input_value() == "12,5"
    assert page.get_by_label("Ghi chú").input_value() == "Số liệu của 12 xã"
    assert "the content is" not in page.locator("main").inner_text()
    page.locator("#f-attachments").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/directive-flow-exe-renamed-pdf.png", full_page=True)
    assert _kept_files() == []
    context.close()
