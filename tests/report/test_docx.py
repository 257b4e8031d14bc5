"""The consolidated report as Word: written, then read back with python-docx."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.shared import Pt
from report.samples import DAK_GLEI, KON_TUM, NGOC_HOI, small_report

from directive_flow.report import ReportInput, render_docx, render_markdown
from directive_flow.report.content import Table, report_blocks


def written(report: ReportInput, tmp_path: Path) -> Document:
    path = render_docx(report, tmp_path / "reports" / "bao-cao.docx")
    assert path == tmp_path / "reports" / "bao-cao.docx"
    return docx.Document(str(path))


def cells(document: Document, index: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[index].rows]


def headings(document: Document) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]


def texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


@pytest.fixture
def document(tmp_path: Path) -> Document:
    return written(small_report(), tmp_path)


def test_heading_block_has_issuer_motto_number_and_date(document: Document) -> None:
    assert cells(document, 0) == [
        [
            "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        ],
        ["Số: .../BC-...", "Kon Tum, ngày 20 tháng 7 năm 2014"],
    ]


def test_headings_are_real_word_headings(document: Document) -> None:
    assert headings(document) == [
        ("Heading 1", "BÁO CÁO TỔNG HỢP 6 THÁNG ĐẦU NĂM 2014"),
        ("Heading 2", "I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CỦA CÁC CƠ QUAN"),
        ("Heading 2", "II. SỐ LIỆU TỔNG HỢP"),
        ("Heading 3", "1. Số liệu của từng cơ quan"),
        ("Heading 3", "2. Tổng cộng theo chỉ tiêu"),
        ("Heading 2", "III. CÁC NỘI DUNG CÒN THIẾU"),
    ]


def test_partial_banner_and_missing_list(document: Document) -> None:
    lines = texts(document)
    assert lines[1:3] == ["Hoàn chỉnh báo cáo sơ kết 6 tháng đầu năm", "(bản tổng hợp chưa đầy đủ)"]
    assert lines[-2:] == [f"- {NGOC_HOI}: chưa nộp số liệu", f"- {KON_TUM}: Tỷ lệ hộ nghèo"]


def test_no_banner_when_complete(tmp_path: Path) -> None:
    document = written(small_report(partial=False), tmp_path)
    assert not any("chưa đầy đủ" in line for line in texts(document))


def test_status_table_per_agency_with_totals(document: Document) -> None:
    assert cells(document, 1) == [
        [
            "STT",
            "Cơ quan",
            "Hoàn thành đúng hạn",
            "Hoàn thành quá hạn",
            "Đang thực hiện trong hạn",
            "Quá hạn chưa hoàn thành",
            "Không có thời hạn",
            "Tổng số",
        ],
        ["1", DAK_GLEI, "1", "0", "0", "0", "0", "1"],
        ["2", NGOC_HOI, "0", "0", "0", "1", "0", "1"],
        ["3", KON_TUM, "0", "1", "0", "0", "1", "2"],
        ["", "Tổng cộng", "1", "1", "0", "1", "1", "4"],
    ]


def test_every_figure_shows_its_agency_version_and_time(document: Document) -> None:
    header, *rows = cells(document, 2)
    assert header == ["STT", "Cơ quan", "Chỉ tiêu", "Giá trị", "Đơn vị", "Lần nộp", "Thời điểm nộp"]
    assert rows == [
        ["1", DAK_GLEI, "Số hộ nghèo", "1.234", "hộ", "2", "10/07/2014 10:00"],
        ["2", KON_TUM, "Số hộ nghèo", "20.456", "hộ", "1", "12/07/2014 15:15"],
        ["3", DAK_GLEI, "Kinh phí đã giải ngân", "1.500,5", "triệu đồng", "2", "10/07/2014 10:00"],
        ["4", KON_TUM, "Kinh phí đã giải ngân", "250,25", "triệu đồng", "1", "12/07/2014 15:15"],
        ["5", DAK_GLEI, "Tỷ lệ hộ nghèo", "12,5", "%", "2", "10/07/2014 10:00"],
    ]
    assert len(rows) == len(small_report().figures)


def test_totals_per_numeric_field(document: Document) -> None:
    assert cells(document, 3) == [
        ["STT", "Chỉ tiêu", "Đơn vị", "Tổng cộng", "Số cơ quan có số liệu"],
        ["1", "Số hộ nghèo", "hộ", "21.690", "2"],
        ["2", "Kinh phí đã giải ngân", "triệu đồng", "1.750,75", "2"],
    ]
    assert "Các chỉ tiêu không cộng dồn giữa các cơ quan: Tỷ lệ hộ nghèo." in texts(document)


def test_word_and_markdown_carry_the_same_tables(document: Document) -> None:
    tables = [b for b in report_blocks(small_report()) if isinstance(b, Table)]
    from_blocks = [
        [list(t.header), *map(list, t.rows), *([list(t.total)] if t.total else [])] for t in tables
    ]
    assert [cells(document, n) for n in range(1, len(document.tables))] == from_blocks
    markdown = render_markdown(small_report())
    assert all(cell in markdown for table in from_blocks for row in table for cell in row)


def test_page_and_fonts_follow_decree_30(document: Document) -> None:
    section = document.sections[0]
    sizes = ("page_width", "page_height", "left_margin", "right_margin", "top_margin")
    in_mm = [round(getattr(section, name).mm) for name in (*sizes, "bottom_margin")]
    assert in_mm == [210, 297, 30, 15, 20, 20]  # Word stores twips: compare whole mm
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        assert style.font.name == "Times New Roman"
        assert style.font.size in (Pt(13), Pt(14))
        assert str(style.font.color.rgb) == "000000"
