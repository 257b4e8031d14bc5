"""The classes of deadline misses found by the fresh4 split: days and months counted from
the day a decision takes effect ('kể từ ngày Quyết định này có hiệu lực', when its last
article names that day), months after the notice's own day ('Sau 06 tháng kể từ ...'),
two months with their years ('trong tháng 12/2026 và tháng 01/2027'), and an urgent
letter's hours ('trước 16 giờ 00 ngày 05/12/2026', 'trước 10h00 ngày 06/12')."""

from __future__ import annotations

from datetime import date

from directive_flow.draft import draft_notice
from directive_flow.draft.deadlines import Context, effective_date, read_due

HEAD = "Số: 2240/QĐ-UBND\nĐồng Tháp, ngày 10 tháng 12 năm 2026\n\nQUYẾT ĐỊNH\nBan hành\n\n"
IN_FORCE = "Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2027.\n"
ISSUED = date(2026, 12, 10)


def dues(text: str) -> list[object]:
    return [t.due.due for t in draft_notice(HEAD + text, source_name="n.txt").tasks]


def day_of(due: object) -> str:
    assert isinstance(due, dict)
    return str(due["date"])


def test_days_count_from_the_day_the_decision_takes_effect() -> None:
    text = (
        "Điều 2.\n1. Trong thời hạn 20 ngày kể từ ngày Quyết định này có hiệu lực, Sở Nội vụ"
        " hướng dẫn cập nhật quy trình.\n"
        "2. Văn phòng UBND tỉnh tổ chức tập huấn trong 10 ngày làm việc kể từ ngày Quyết định"
        " này có hiệu lực.\n" + IN_FORCE
    )
    first, second = dues(text)
    assert day_of(first) == "2027-01-21"
    assert day_of(second) == "2027-01-15"  # 1 January is a holiday


def test_without_a_day_of_effect_they_count_from_the_issue_date() -> None:
    text = (
        "Điều 2. Sở Nội vụ hướng dẫn cập nhật quy trình trong 20 ngày kể từ ngày Quyết định"
        " có hiệu lực.\nĐiều 3. Quyết định này có hiệu lực kể từ ngày ký.\n"
    )
    (due,) = dues(text)
    assert isinstance(due, dict)
    assert (due["days"], due["after"]) == (20, "issued")


def test_the_day_of_effect_is_read_from_the_last_article() -> None:
    assert effective_date([IN_FORCE], ISSUED) == date(2027, 1, 1)
    assert effective_date(["có hiệu lực từ ngày 15/01/2027."], ISSUED) == date(2027, 1, 15)
    assert effective_date(["Quyết định này có hiệu lực kể từ ngày ký."], ISSUED) is None


def test_months_after_the_day_of_effect_or_the_issue_date() -> None:
    effective = Context(ISSUED, effective=date(2027, 1, 1))
    due = read_due("Sau 06 tháng kể từ ngày Quy chế có hiệu lực, Sở Nội vụ đánh giá", effective)
    assert day_of(due.due) == "2027-07-01"
    due = read_due("Sau 03 tháng kể từ ngày ký, Sở Nội vụ đánh giá", Context(ISSUED))
    assert day_of(due.due) == "2027-03-10"
    due = read_due("chậm nhất 02 tháng kể từ ngày 31/12/2026", Context(ISSUED))
    assert day_of(due.due) == "2027-03-01"  # 28 February 2027, a Sunday
    due = read_due("trong 02 tháng kể từ ngày kết thúc đợt tiêm", Context(ISSUED))
    assert due.due["date"] is None  # another start: an event to pin
    assert due.todo


def test_months_without_a_start_are_no_offset() -> None:
    assert read_due("hoàn thành trong 6 tháng đầu năm 2027", Context(ISSUED)).due is None


def test_two_months_with_their_years_are_due_in_the_last() -> None:
    due = read_due("tuyên truyền trong tháng 12/2026 và tháng 01/2027.", Context(ISSUED))
    assert due.due["month"] == "2027-01"
    due = read_due("tuyên truyền trong tháng 11/2026 và tháng 12.", Context(ISSUED))
    assert due.due["month"] == "2026-12"
    due = read_due("tuyên truyền trong tháng 12/2026 và tháng 01.", Context(ISSUED))
    assert due.due["month"] == "2027-01"
    assert read_due("trong tháng 8/2027", Context(ISSUED)).due["month"] == "2027-08"


def test_an_urgent_letters_hours() -> None:
    ctx = Context(date(2026, 12, 4))
    for text, day in (
        ("báo cáo trước 16 giờ 00 ngày 05/12/2026.", "2026-12-05"),
        ("di dời trước 10h00 ngày 06/12/2026.", "2026-12-06"),
        ("báo cáo trước 15 giờ 30 phút, ngày 06/12/2026.", "2026-12-06"),
        ("báo cáo UBND tỉnh trước 17h ngày 07/12/2026.", "2026-12-07"),
        ("hoàn thành trước 09 giờ ngày 05/12.", "2026-12-05"),
    ):
        assert day_of(read_due(text, ctx).due) == day, text
