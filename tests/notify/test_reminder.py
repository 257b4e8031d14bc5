"""The Vietnamese reminder texts, stage by stage."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from directive_flow.domain import Recipient, Stage
from directive_flow.notify import ReminderContext, reminder_key, reminder_message, render_reminder

BASE = ReminderContext(
    directive_number="975/TB-VP",
    directive_title="Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp Ban chỉ đạo",
    assignment_title="Hoàn chỉnh báo cáo sơ kết 6 tháng đầu năm",
    agency_name="Sở Y tế",
    due=date(2015, 6, 30),
    stage=Stage.parse("before-3"),
    recipient=Recipient("owner"),
    task_key="finalize-report/so-yte/H1-2015",
    period_label="H1-2015",
    period_vietnamese="6 tháng đầu năm 2015",
)
TITLE = "“Hoàn chỉnh báo cáo sơ kết 6 tháng đầu năm”"


def ctx(**changes: Any) -> ReminderContext:
    """BASE with ``changes``; stages and roles may be written as their names."""
    if isinstance(changes.get("stage"), str):
        changes["stage"] = Stage.parse(changes["stage"])
    if isinstance(changes.get("recipient"), str):
        changes["recipient"] = Recipient(changes["recipient"])
    return dataclasses.replace(BASE, **changes)


def test_before_n_whole_text() -> None:
    text = render_reminder(BASE)
    assert text.subject == (
        "[directive-flow] 975/TB-VP - Nhắc việc: còn 3 ngày làm việc đến hạn ngày 30/06/2015: "
        + TITLE
    )
    assert text.body == (
        "Kính gửi: Sở Y tế (đầu mối của cơ quan),\n"
        "\n"
        "Thực hiện văn bản số 975/TB-VP (Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp "
        "Ban chỉ đạo), Sở Y tế được giao nhiệm vụ:\n"
        f"    {TITLE}\n"
        "Kỳ báo cáo: 6 tháng đầu năm 2015 (H1-2015).\n"
        "Thời hạn hoàn thành: ngày 30/06/2015.\n"
        "\n"
        "Nhiệm vụ còn 3 ngày làm việc nữa đến hạn (ngày 30/06/2015). Đề nghị quý cơ quan "
        "khẩn trương triển khai, hoàn thành và gửi kết quả đúng thời hạn.\n"
        "\n"
        "Trân trọng.\n"
        "\n"
        "--\n"
        "Thư nhắc việc tự động của hệ thống theo dõi thực hiện nhiệm vụ (directive-flow).\n"
        "Mã nhiệm vụ: finalize-report/so-yte/H1-2015 - bước nhắc: before-3.\n"
    )


@pytest.mark.parametrize(
    ("changes", "headline"),
    [
        ({"stage": "due"}, f"Nhắc việc: nhiệm vụ đến hạn hôm nay, ngày 30/06/2015: {TITLE}"),
        (
            {"stage": "overdue-2", "days_overdue": 10},
            f"Đôn đốc: nhiệm vụ {TITLE} đã quá hạn 10 ngày làm việc (thời hạn: ngày 30/06/2015)",
        ),
        (
            {"stage": "escalate-head", "recipient": "head", "days_overdue": 5},
            f"Đôn đốc (gửi Thủ trưởng cơ quan): Sở Y tế chưa hoàn thành nhiệm vụ {TITLE}, "
            "đã quá hạn 5 ngày làm việc (thời hạn: ngày 30/06/2015)",
        ),
        (
            {"stage": "escalate-leader", "recipient": "leader", "days_overdue": 15},
            f"Báo cáo tình hình chậm thực hiện: Sở Y tế chưa hoàn thành nhiệm vụ {TITLE}, "
            "đã quá hạn 15 ngày làm việc (thời hạn: ngày 30/06/2015)",
        ),
    ],
)
def test_subject_per_stage(changes: dict[str, Any], headline: str) -> None:
    assert render_reminder(ctx(**changes)).subject == f"[directive-flow] 975/TB-VP - {headline}"


@pytest.mark.parametrize(
    ("recipient", "salutation"),
    [
        ("owner", "Kính gửi: Sở Y tế (đầu mối của cơ quan),"),
        ("head", "Kính gửi: Thủ trưởng Sở Y tế,"),
        ("leader", "Kính gửi: Lãnh đạo UBND tỉnh phụ trách,"),
    ],
)
def test_salutation_follows_the_recipient(recipient: str, salutation: str) -> None:
    body = render_reminder(ctx(recipient=recipient)).body
    assert body.splitlines()[0] == salutation


def test_escalation_bodies_ask_the_right_person() -> None:
    head = render_reminder(
        ctx(stage=Stage.parse("escalate-head"), recipient=Recipient("head"), days_overdue=5)
    ).body
    leader = render_reminder(
        ctx(stage=Stage.parse("escalate-leader"), recipient=Recipient("leader"), days_overdue=9)
    )
    assert "Đề nghị Thủ trưởng cơ quan quan tâm chỉ đạo hoàn thành ngay" in head
    assert "Kính báo cáo Lãnh đạo UBND tỉnh xem xét, chỉ đạo." in leader.body


def test_a_task_without_period_omits_the_period_line() -> None:
    body = render_reminder(ctx(period_label=None, period_vietnamese=None)).body
    assert "Kỳ báo cáo" not in body
    assert "Thời hạn hoàn thành: ngày 30/06/2015." in body


def test_titles_copied_with_line_breaks_stay_on_one_subject_line() -> None:
    text = render_reminder(ctx(assignment_title="Hoàn chỉnh\n  báo cáo", stage=Stage.parse("due")))
    assert "\n" not in text.subject
    assert text.subject.endswith("“Hoàn chỉnh báo cáo”")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"stage": "before-0"}, "unknown reminder stage 'before-0'"),
        ({"stage": "late"}, "unknown reminder stage 'late'"),
        ({"stage": "overdue-1"}, "stage overdue-1 needs days_overdue >= 1"),
        ({"stage": "due@2015-06-30"}, "stage due@2015-06-30 was filed away"),
        ({"recipient": "clerk"}, "'clerk' is not a valid Recipient"),
    ],
)
def test_invalid_context_is_a_programming_error(changes: dict[str, Any], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        ctx(**changes)


def test_reminder_message_keys_on_task_and_stage(tmp_path: Path) -> None:
    letter = tmp_path / "don-doc.docx"
    message = reminder_message(ctx(), ["a@soyte.vn"], attachments=[letter])
    assert message.key == reminder_key(BASE) == "reminder/finalize-report/so-yte/H1-2015/before-3"
    assert message.recipients == ("a@soyte.vn",)
    assert message.attachments == (letter,)
    assert reminder_message(ctx(), ["a@soyte.vn"], key="outbox/42").key == "outbox/42"


def test_a_warning_sent_late_says_how_many_days_are_really_left() -> None:
    text = render_reminder(ctx(sent_on=date(2015, 6, 29), days_left=1))
    assert "còn 1 ngày làm việc đến hạn ngày 30/06/2015" in text.subject


def test_a_warning_sent_on_the_deadline_says_today() -> None:
    text = render_reminder(ctx(sent_on=date(2015, 6, 30), days_left=0))
    assert "đến hạn hôm nay, ngày 30/06/2015" in text.subject


def test_a_warning_sent_after_the_deadline_does_not_say_today() -> None:
    text = render_reminder(ctx(stage=Stage.parse("due"), sent_on=date(2015, 7, 2)))
    assert "đã đến hạn ngày 30/06/2015" in text.subject
    assert "hôm nay" not in text.subject + text.body
    assert "đã qua" in text.body
