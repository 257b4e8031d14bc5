"""The urging letter: written, then read back with python-docx."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from docx.document import Document
from report.samples import letter

from directive_flow.report import render_urging_letter
from directive_flow.report.letter import letter_paragraphs


@pytest.fixture
def document(tmp_path: Path) -> Document:
    path = render_urging_letter(letter(), tmp_path / "letters" / "don-doc-so-y-te.docx")
    return docx.Document(str(path))


def cells(document: Document, index: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[index].rows]


def test_heading_block_of_a_cong_van(document: Document) -> None:
    assert cells(document, 0) == [
        [
            "UBND TỈNH KON TUM\nVĂN PHÒNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        ],
        [
            "Số: .../VP-...\nV/v đôn đốc thực hiện nhiệm vụ được giao tại Thông báo số 975/TB-VP",
            "Kon Tum, ngày 05 tháng 8 năm 2014",
        ],
    ]


def test_body_addresses_the_head_quotes_the_task_and_sets_a_new_date(document: Document) -> None:
    assert [p.text for p in document.paragraphs if p.text] == [
        "Kính gửi: Giám đốc Sở Y tế.",
        "Thực hiện Thông báo số 975/TB-VP ngày 10/07/2014 về kết luận của Phó Chủ tịch UBND "
        "tỉnh tại cuộc họp Ban chỉ đạo, Sở Y tế được giao nhiệm vụ: “Cung cấp thông tin, số "
        "liệu để Sở LĐTBXH hoàn thiện báo cáo” (kỳ báo cáo 6 tháng đầu năm 2014); thời hạn "
        "hoàn thành: ngày 15/07/2014.",
        "Đến nay, nhiệm vụ nêu trên đã quá hạn 15 ngày làm việc nhưng Sở Y tế chưa hoàn "
        "thành, chưa gửi kết quả theo yêu cầu.",
        "Để bảo đảm tiến độ thực hiện nhiệm vụ, Văn phòng UBND tỉnh đề nghị Giám đốc Sở Y tế "
        "quan tâm, chỉ đạo khẩn trương hoàn thành nhiệm vụ nêu trên, gửi kết quả về Văn phòng "
        "UBND tỉnh trước ngày 12/08/2014; trường hợp không hoàn thành, đề nghị báo cáo rõ lý do "
        "để tổng hợp, báo cáo Lãnh đạo UBND tỉnh xem xét, xử lý.",
        "Văn phòng UBND tỉnh thông báo để Sở Y tế biết, thực hiện./.",
    ]


def test_recipients_and_signer(document: Document) -> None:
    [[places, signer]] = cells(document, 1)
    assert places == "Nơi nhận:\n- Như trên;\n- Lãnh đạo UBND tỉnh (b/c);\n- Lưu: VT."
    assert signer.split("\n") == [
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        *[""] * 4,
        "Nguyễn Văn A",
    ]


def test_optional_parts_fall_away() -> None:
    plain = letter(
        directive_kind="văn bản",
        directive_issued=None,
        directive_issuer=None,
        period_vietnamese=None,
        directive_title="UBND tỉnh chỉ đạo",
    )
    first = letter_paragraphs(plain)[0]
    assert first.startswith("Thực hiện Văn bản số 975/TB-VP về UBND tỉnh chỉ đạo, Sở Y tế")
    assert "kỳ báo cáo" not in first
    assert plain.subject == "V/v đôn đốc thực hiện nhiệm vụ được giao tại Văn bản số 975/TB-VP"


def test_directive_issuer_is_named_when_given() -> None:
    first = letter_paragraphs(letter(directive_issuer="Văn phòng UBND tỉnh"))[0]
    assert first.startswith(
        "Thực hiện Thông báo số 975/TB-VP ngày 10/07/2014 của Văn phòng UBND tỉnh về kết luận"
    )


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"days_overdue": 0}, "an urging letter needs days_overdue >= 1"),
        ({"new_due": date(2014, 8, 5)}, "the new deadline must fall after the letter's date"),
    ],
)
def test_a_letter_for_a_task_that_is_not_late_is_refused(
    changes: dict[str, object], error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        letter(**changes)
