"""Deadline phrases -> due forms, one test per form."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from directive_flow.definition.model import Assignment
from directive_flow.draft.deadlines import Context, read_due

CTX = Context(issued=date(2014, 7, 10), meeting=date(2014, 7, 8))


@pytest.mark.parametrize(
    ("text", "due"),
    [
        (
            "báo cáo trước ngày 23/5/2019",
            {"date": date(2019, 5, 23), "as_written": "trước ngày 23/5/2019"},
        ),
        (
            "chậm nhất đến ngày 14/9/2021.",
            {"date": date(2021, 9, 14), "as_written": "chậm nhất đến ngày 14/9/2021"},
        ),
        (
            "trước 14 giờ, ngày 05/12/2017",
            {"date": date(2017, 12, 5), "as_written": "trước 14 giờ, ngày 05/12/2017"},
        ),
        ("trước ngày 20.7.2020", {"date": date(2020, 7, 20), "as_written": "trước ngày 20.7.2020"}),
        ("trước ngày 15-7-2021", {"date": date(2021, 7, 15), "as_written": "trước ngày 15-7-2021"}),
        ("trước ngày 15-12", {"date": date(2014, 12, 15), "as_written": "trước ngày 15-12"}),
        (
            "hoàn thành trước ngày 02 tháng 5 năm 2019",
            {"date": date(2019, 5, 2), "as_written": "trước ngày 02 tháng 5 năm 2019"},
        ),
        (
            "tổ chức vào ngày 02 tháng 5 năm 2019",
            {"date": date(2019, 5, 2), "as_written": "vào ngày 02 tháng 5 năm 2019"},
        ),
        ("trong tháng 8/2014", {"month": "2014-08", "as_written": "trong tháng 8/2014"}),
        ("trong quý III", {"quarter": "2014-Q3", "as_written": "trong quý III"}),
        ("trong quý IV/2015", {"quarter": "2015-Q4", "as_written": "trong quý IV/2015"}),
        ("cuối năm nay", {"month": "2014-12", "as_written": "cuối năm nay"}),
        (
            "trong 30 ngày làm việc kể từ ngày ký",
            {
                "working_days": 30,
                "after": "issued",
                "as_written": "trong 30 ngày làm việc kể từ ngày ký",
            },
        ),
        ("trong 10 ngày", {"days": 10, "after": "issued", "as_written": "trong 10 ngày"}),
        (
            "trong 5 ngày làm việc sau cuộc họp",
            {
                "working_days": 5,
                "after": "meeting",
                "as_written": "trong 5 ngày làm việc sau cuộc họp",
            },
        ),
        ("thường xuyên kiểm tra", {"standing": "thường xuyên"}),
        (
            "trước khi bước vào năm học mới nhằm tuyên truyền",
            {
                "event": "Trước khi bước vào năm học mới",
                "date": None,
                "as_written": "trước khi bước vào năm học mới",
            },
        ),
    ],
)
def test_due_forms(text: str, due: dict[str, Any]) -> None:
    assert read_due(text, CTX).due == due


def test_a_year_already_past_moves_to_next_year() -> None:
    guess = read_due("trước ngày 15-3", CTX)
    assert guess.due == {"date": date(2015, 3, 15), "as_written": "trước ngày 15-3"}
    assert guess.comment == "assumption: the year (2015) is taken from the issue date"


def test_several_dates_take_the_latest_and_mention_the_others() -> None:
    guess = read_due("sơ bộ trước ngày 15/8/2014, chính thức trước ngày 30/8/2014", CTX)
    assert guess.due["date"] == date(2014, 8, 30)
    assert guess.comment == "also mentions: trước ngày 15/8/2014"


def test_recurrence() -> None:
    guess = read_due("theo dõi, đôn đốc; định kỳ 6 tháng tổng hợp, báo cáo UBND tỉnh", CTX)
    assert guess.due is None
    assert guess.recurrence == {
        "every": "half-year",
        "first": "H2-2014",
        "due": {"working_days": 3, "after": "cutoff"},
    }


@pytest.mark.parametrize(
    ("text", "todo"),
    [
        ("khẩn trương triển khai", "'khẩn trương' gives no date: add due"),
        ("triển khai ngay các biện pháp", "'ngay' gives no date: add due"),
        ("bố trí kinh phí theo quy định", "'theo quy định' gives no date: add due"),
        ("nhiệm vụ 6 tháng cuối năm 2014", "the notice gives no deadline for this task: add due"),
        (
            "Căn cứ Quyết định 34/2014/QĐ-TTg, ngày 30/5/2014",
            "the notice gives no deadline for this task: add due",
        ),
        (
            "trước ngày 31/2/2014",
            "'trước ngày 31/2/2014' is not a valid date: check it and add due",
        ),
        ("trước ngày 31/11", "'trước ngày 31/11' is not a valid date: check it and add due"),
    ],
)
def test_no_date(text: str, todo: str) -> None:
    guess = read_due(text, CTX)
    assert (guess.due, guess.recurrence, guess.todo) == (None, None, todo)


@pytest.mark.parametrize(
    "text",
    [
        "trước ngày 23/5/2019",
        "trong tháng 8/2014",
        "trong quý III",
        "trong 30 ngày làm việc",
        "thường xuyên",
        "trong 10 ngày làm việc kể từ ngày 20/12/2014",
    ],
)
def test_every_form_is_valid_in_the_definition_language(text: str) -> None:
    Assignment(
        id="a",
        section="1",
        title="t",
        lead="x",
        deliverable={"type": "action"},
        due=read_due(text, CTX).due,
    )


def test_a_date_before_the_issue_date_is_a_todo() -> None:
    guess = read_due("gửi Sở Kế hoạch và Đầu tư trước ngày 15/3/2014", CTX)
    assert guess.due == {"date": date(2014, 3, 15), "as_written": "trước ngày 15/3/2014"}
    assert guess.todo == (
        "'trước ngày 15/3/2014' is before the issue date (2014-07-10): a past task? check it"
    )


def test_a_month_or_quarter_without_a_year_already_past_is_next_years() -> None:
    december = Context(issued=date(2024, 12, 16))
    assert read_due("trong tháng 01", december).due == {
        "month": "2025-01",
        "as_written": "trong tháng 01",
    }
    assert read_due("trong quý I", december).due == {
        "quarter": "2025-Q1",
        "as_written": "trong quý I",
    }
    assert read_due("Thời gian hoàn thành: Tháng 6/2025", december).due == {
        "month": "2025-06",
        "as_written": "Tháng 6/2025",
    }


def test_days_counted_from_a_written_date_start_there() -> None:
    december = Context(issued=date(2024, 12, 16))
    guess = read_due("hoàn thành trong 10 ngày làm việc kể từ ngày 20/12/2024.", december)
    assert guess.due == {
        "date": date(2025, 1, 6),
        "as_written": "trong 10 ngày làm việc kể từ ngày 20/12/2024",
    }
    assert guess.comment == (
        "assumption: 10 working days after 2024-12-20 on the working-day calendar"
        " (check swapped days)"
    )


def test_days_before_an_event_are_an_event_to_pin() -> None:
    text = "chậm nhất 05 ngày làm việc trước ngày tổ chức Lễ đón Giao thừa, bố trí kinh phí"
    guess = read_due(text, Context(issued=date(2024, 12, 16)))
    written = "05 ngày làm việc trước ngày tổ chức Lễ đón Giao thừa"
    assert guess.due == {"event": written, "date": None, "as_written": written}
    assert guess.todo == "pin the event to a date: the task is due 5 working days before it"


def test_a_recurrence_keeps_its_day_and_flags_dates_beside_it() -> None:
    monthly = read_due("Định kỳ hằng tháng, trước ngày 20 hằng tháng, tổng hợp tình hình", CTX)
    assert monthly.recurrence is not None
    assert monthly.recurrence["due"] == {"days": 6, "after": "cutoff"}
    assert monthly.comment == "assumption: 'trước ngày 20 hằng tháng' is day 20 of each month"
    quarterly = read_due("báo cáo trước ngày 25/12/2014 và định kỳ hằng quý", CTX)
    assert quarterly.todo == (
        "also gives trước ngày 25/12/2014: a one-off task beside the recurrence?"
    )
    early = read_due("báo cáo trước ngày 10 hằng tháng", CTX)
    assert early.todo == "'trước ngày 10 hằng tháng': set the recurrence's due to that day"


def test_as_every_year_is_no_recurrence() -> None:
    guess = read_due("bảo đảm an ninh như hằng năm, trình UBND tỉnh trước ngày 31/12/2014", CTX)
    assert (guess.recurrence, guess.due["date"]) == (None, date(2014, 12, 31))


def test_a_campaign_after_a_clause_about_a_situation_is_due_on_its_last_day() -> None:
    # 'tình hình', 'kết quả' in another clause do not make the campaign a report's period
    text = (
        "Sở Y tế nắm chắc tình hình dịch bệnh, tổ chức chiến dịch tiêm chủng từ ngày "
        "15/12/2014 đến ngày 28/02/2015."
    )
    assert read_due(text, CTX).due == {
        "date": date(2015, 2, 28),
        "as_written": "từ ngày 15/12/2014 đến ngày 28/02/2015",
    }
    period = "Sở Y tế báo cáo kết quả thực hiện từ ngày 01/01/2014 đến ngày 30/6/2014."
    assert read_due(period, CTX).due is None  # the period the report covers
