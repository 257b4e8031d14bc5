"""Every template renders, and text from people or definitions is escaped where it lands."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import docx
import pytest
from report.samples import DAK_GLEI, HOUSEHOLDS, at, figure, letter, small_report

from directive_flow.domain import Recipient, Stage
from directive_flow.notify import ReminderContext, render_reminder
from directive_flow.report import render_docx, render_markdown, render_urging_letter
from directive_flow.texts import markdown_text, template_names, xml_text

HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "[bấm vào đây](javascript:alert(1))",
    "![](http://evil.example/track.png)",
    "| cột | giả |",
    "**đậm** _nghiêng_ `mã`",
]


def test_every_template_is_one_we_know_of() -> None:
    assert template_names() == [
        "dashboard.md.j2",
        "inbox-refusal.txt.j2",
        "letter.j2",
        "reminder-body.txt.j2",
        "reminder-subject.txt.j2",
        "report.j2",
    ]


@pytest.mark.parametrize(
    "stage", ["before-3", "due", "overdue-1", "escalate-head", "escalate-leader"]
)
@pytest.mark.parametrize("recipient", list(Recipient))
def test_every_reminder_stage_renders_for_every_recipient(stage: str, recipient: Recipient) -> None:
    context = ReminderContext(
        directive_number="975/TB-VP",
        directive_title="Kết luận",
        assignment_title="Hoàn chỉnh báo cáo",
        agency_name="Sở Y tế",
        due=date(2015, 6, 30),
        stage=Stage.parse(stage),
        recipient=recipient,
        task_key="a/so-yt",
        days_overdue=0 if Stage.parse(stage).warns else 4,
        link="http://127.0.0.1:8200/t/abc",
    )
    text = render_reminder(context)
    assert "\n" not in text.subject
    assert text.subject.startswith("[directive-flow] 975/TB-VP - ")
    assert text.body.startswith("Kính gửi: ")
    assert "http://127.0.0.1:8200/t/abc" in text.body
    assert text.body.endswith(f"bước nhắc: {stage}.\n")


def _as_html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


@pytest.mark.parametrize("payload", HOSTILE)
def test_markdown_escaping_leaves_no_link_image_html_or_table(payload: str) -> None:
    shown = markdown_text(payload)
    assert "<" not in shown
    assert "](" not in shown.replace("\\](", "")
    assert "|" not in shown.replace("\\|", "")
    assert "**" not in shown.replace("\\*", "")


@pytest.mark.parametrize("payload", HOSTILE)
def test_submitted_text_in_a_report_stays_text(payload: str, tmp_path: Path) -> None:
    report = small_report(
        figures=[figure(dataclasses.replace(HOUSEHOLDS), 3, f"{DAK_GLEI} {payload}", 1, at(10, 3))]
    )
    html = _as_html(render_markdown(report))  # as a Markdown viewer (Prefect's UI) shows it
    assert "<img" not in html
    assert "<a " not in html
    assert "onerror" not in html or "&lt;img" in html
    assert f"{DAK_GLEI} " in html
    render_docx(report, tmp_path / "r.docx")  # and Word takes it


def test_word_takes_what_word_users_paste(tmp_path: Path) -> None:
    title = "Dòng một\vdòng hai\x0cba\x00"
    assert xml_text(title) == "Dòng một\ndòng hai\nba"
    report = small_report(task=dataclasses.replace(small_report().task, assignment_title=title))
    path = render_docx(report, tmp_path / "r.docx")
    assert "dòng hai" in "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    render_urging_letter(letter(assignment_title=title), tmp_path / "l.docx")
