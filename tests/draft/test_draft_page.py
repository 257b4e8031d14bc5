"""Press and portal copies: page clutter dropped, header facts read from the prose."""

from __future__ import annotations

from datetime import date

import pytest

from directive_flow.draft import draft_notice
from directive_flow.draft.clutter import is_page, strip_page
from directive_flow.draft.text import clean, join, raw_lines

PAGE = """Trang chủ | Tin tức | Văn bản | Liên hệ
Đăng nhập | Đăng ký
Zalo  Facebook
Thứ Năm, 06/10/2022 09:15
Quảng Trị khắc phục hậu quả mưa lũ trên các tuyến giao thông
HỒNG ANH |
(QTO)- Ngày 5/10, UBND tỉnh ban hành Công văn số 4410 /UBND-KT về việc khắc phục mưa lũ.

UBND tỉnh giao Sở Giao thông vận tải sửa chữa các tuyến đường trước ngày 20/10/2022.

Xem nội dung chi tiết:
- Công văn 4410/UBND-KT.pdf
Nguồn: Văn phòng UBND tỉnh
Hồng Anh
TAGS: mưa lũ  giao thông
Tin liên quan
- Giao Sở Y tế kiểm tra các bệnh viện.
"""


def _texts(text: str) -> list[str]:
    lines, _ = strip_page(raw_lines(text))
    return [line.text for line in join(lines)]


def test_page_clutter_is_dropped_and_the_page_date_kept() -> None:
    lines, page_date = strip_page(raw_lines(PAGE))
    assert page_date == date(2022, 10, 6)
    assert [line.text for line in join(lines)] == [
        "Quảng Trị khắc phục hậu quả mưa lũ trên các tuyến giao thông",
        "Ngày 5/10, UBND tỉnh ban hành Công văn số 4410 /UBND-KT về việc khắc phục mưa lũ.",
        "UBND tỉnh giao Sở Giao thông vận tải sửa chữa các tuyến đường trước ngày 20/10/2022.",
    ]


def test_a_formal_notice_is_not_a_page() -> None:
    assert not is_page(raw_lines("ỦY BAN NHÂN DÂN\nSố: 5/UBND-VX\nNguyễn Văn A\n"))
    assert is_page(raw_lines(PAGE))


def test_a_page_drafts_to_the_letter_it_reports() -> None:
    draft = draft_notice(PAGE, source_name="page.txt")
    header = draft.data["header"]
    assert (header["number"].value, header["issued"].value, header["type"].value) == (
        "4410/UBND-KT",
        date(2022, 10, 5),
        "cong-van",
    )
    assert "place" not in header
    assert [(t.lead.value, t.due.due["date"]) for t in draft.tasks] == [
        ("so-gtvt", date(2022, 10, 20))
    ]


@pytest.mark.parametrize(
    ("prose", "number", "issued"),
    [
        (
            "UBND tỉnh Cà Mau vừa ban hành Công văn số 1188/UBND-NNTN ngày 13/3/2023 về việc phòng chống sạt lở.",
            "1188/UBND-NNTN",
            date(2023, 3, 13),
        ),
        (
            "UBND tỉnh vừa ban hành văn bản (số 4816/UBND-VX ngày 09/8/2019) chỉ đạo chấn chỉnh du lịch.",
            "4816/UBND-VX",
            date(2019, 8, 9),
        ),
        (
            "UBND tỉnh vừa ban hành công văn (số 2715/UBND-NC) chỉ đạo bảo đảm an ninh.",
            "2715/UBND-NC",
            None,
        ),
        (
            "Nội dung chỉ đạo.\n(Theo Công văn số 418/UBND-VX, ngày 02/3/2022)",
            "418/UBND-VX",
            date(2022, 3, 2),
        ),
        (
            "Căn cứ Công văn số 11/BYT-DP ngày 01/3/2022 của Bộ Y tế, ngày 3/9 UBND tỉnh ban hành"
            " Công văn số 1207/UBND-KT.",
            "1207/UBND-KT",
            None,
        ),
    ],
)
def test_header_facts_in_prose(prose: str, number: str, issued: date | None) -> None:
    header = draft_notice(prose, source_name="p.txt").data["header"]
    assert (header["number"].value, header["issued"].value) == (number, issued)


def test_a_date_without_a_year_takes_the_page_year() -> None:
    page = (
        "Thứ Tư, 24/01/2024, 08:12\nNgày 23/1, UBND tỉnh ban hành Công văn số 402/UBND-KT về Tết.\n"
    )
    assert draft_notice(page, source_name="p.txt").data["header"]["issued"].value == date(
        2024, 1, 23
    )


def test_clean_is_unchanged_for_formal_text() -> None:
    assert [line.text for line in clean("Số: 1/TB-VP\n\nTrang chủ | Tin tức | Liên hệ\n")] == [
        "Số: 1/TB-VP",
        "Trang chủ | Tin tức | Liên hệ",
    ]


def test_a_deadline_is_not_the_meeting_date() -> None:
    text = (
        "Ngày 5/10/2022, UBND tỉnh ban hành Công văn số 4410/UBND-KT.\n\n"
        "Sở Y tế chủ trì, phối hợp với các đơn vị, báo cáo trước ngày 12-10-2022.\n"
    )
    assert "meeting_date" not in draft_notice(text, source_name="p.txt").data["header"]


def test_a_cited_document_date_is_not_the_meeting_date() -> None:
    text = (
        "Số: 3320/UBND-TH\nLào Cai, ngày 19 tháng 7 năm 2023\nV/v đôn đốc\n\n"
        "Tại Văn bản số 2104/UBND-TH ngày 10/5/2023, UBND tỉnh đã giao Sở Công Thương chủ trì.\n"
    )
    assert "meeting_date" not in draft_notice(text, source_name="p.txt").data["header"]


def test_the_signer_title_follows_both_formula_lines() -> None:
    text = "Số: 1/VP-KT\nV/v thử\n\nNơi nhận:\n- Lưu: VT.\n\nTL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\nTrần Thị Hà\n"
    signer = draft_notice(text, source_name="p.txt").data["header"]["signer"]
    assert (signer["name"].value, signer["title"].value) == ("Trần Thị Hà", "Phó chánh văn phòng")
