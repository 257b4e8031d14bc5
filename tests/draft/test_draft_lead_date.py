"""A press copy's issue date from the prose that introduces the document ("Chiều 5/12, ...")."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_flow.draft import draft_notice


def issued(page: str, prose: str) -> date | None:
    """The drafted issue date of a press copy dated ``page`` whose first paragraph is ``prose``."""
    text = (
        f"Báo Đắk Lắk điện tử\nThời sự | Kinh tế | Xã hội\n{page}\n\nTiêu đề bài báo ở đây nhé\n\n"
    )
    header = draft_notice(f"{text}{prose}\n", source_name="p.txt").data["header"]
    return header["issued"].value  # type: ignore[no-any-return]


_NUMBER = "UBND tỉnh ban hành Công văn số 8912/UBND-KGVX về phòng, chống dịch."


@pytest.mark.parametrize(
    ("page", "lead", "expected"),
    [
        ("Thứ Hai, 05/12/2022 - 16:30", "Chiều 5/12,", date(2022, 12, 5)),
        ("Thứ Hai, 05/12/2022 - 16:30", "Sáng ngày 3/12,", date(2022, 12, 3)),
        ("Thứ Hai, 05/12/2022 - 16:30", "Ngày 2-12,", date(2022, 12, 2)),
        ("Thứ Hai, 05/12/2022 - 16:30", "Hôm nay (5/12),", date(2022, 12, 5)),
        ("Thứ Hai, 05/12/2022 - 16:30", "Tối 4.12,", date(2022, 12, 4)),
        ("Thứ Hai, 05/12/2022 - 16:30", "Sáng nay,", date(2022, 12, 5)),
        ("Thứ Hai, 05/12/2022 - 16:30", "Chiều qua,", date(2022, 12, 4)),
        ("Thứ Sáu, 03/01/2025 - 07:45", "Chiều 31/12,", date(2024, 12, 31)),
        ("Thứ Sáu, 03/01/2025 - 07:45", "Ngày 2/1,", date(2025, 1, 2)),
        ("Cập nhật: 12/05/2023 15:10", "Ngày 11/5", date(2023, 5, 11)),
    ],
)
def test_the_day_in_the_prose_is_the_issue_date(page: str, lead: str, expected: date) -> None:
    assert issued(page, f"{lead} {_NUMBER}") == expected


@pytest.mark.parametrize(
    "prose",
    [
        "Năm 2022, UBND tỉnh ban hành Công văn số 8912/UBND-KGVX về phòng, chống dịch.",
        "Theo đó, UBND tỉnh ban hành Công văn số 8912/UBND-KGVX, hạn báo cáo trước ngày 10/12.",
        "Sáng, UBND tỉnh ban hành Công văn số 8912/UBND-KGVX về phòng, chống dịch.",
    ],
)
def test_no_day_introduces_the_document(prose: str) -> None:
    assert issued("Thứ Hai, 05/12/2022 - 16:30", prose) is None


def test_without_a_page_date_today_is_unknown() -> None:
    text = "Tiêu đề bài báo ở đây nhé\n\nHôm nay, UBND tỉnh ban hành Công văn số 8912/UBND-KGVX.\n"
    assert draft_notice(text, source_name="p.txt").data["header"]["issued"].value is None


@settings(max_examples=120, deadline=None)
@given(page=st.dates(date(2015, 1, 1), date(2030, 12, 31)), back=st.integers(0, 300))
def test_a_day_without_a_year_falls_within_the_half_year_before_the_page(
    page: date, back: int
) -> None:
    day = page - timedelta(days=back)
    found = issued(f"{page:%d/%m/%Y} - 08:00", f"Chiều {day.day}/{day.month}, {_NUMBER}")
    if (day.month, day.day) == (2, 29) and found is None:
        return  # a 29 February that the page's year has not
    assert found is not None
    assert page - timedelta(days=366) < found <= page + timedelta(days=183)
    assert (found.month, found.day) == (day.month, day.day)
    if back <= 181:  # further back, the same day of the page's year is within the half year
        assert found == day
