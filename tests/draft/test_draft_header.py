"""Header fields: number, kind, issuer, place and date, title, meeting, chair, signer, recipients."""

from __future__ import annotations

from datetime import date

import pytest

from directive_flow.draft.header import read_header
from directive_flow.draft.owners import Owners
from directive_flow.draft.text import clean

NOTICE = """ỦY BAN NHÂN DÂN TỈNH KON TUM
VĂN PHÒNG
Số: 975/TB - VP

Kon Tum, ngày 10 tháng 7 năm 2014
THÔNG BÁO
Kết luận của đồng chí Lê Thị Kim Đơn - Phó Chủ tịch UBND tỉnh tại cuộc họp Ban chỉ đạo

Ngày 8/7/2014, tại Văn phòng UBND tỉnh, Đồng chí Lê Thị Kim Đơn - Phó Chủ tịch UBND tỉnh (Trưởng ban) đã chủ trì cuộc họp.
1. Giao Sở Y tế:
Tổ chức hội thảo.
Nơi nhận:
- Chủ tịch UBND tỉnh (B/cáo);
- Lưu VT, VX2.
KT. CHÁNH VĂN PHÒNG
PHÓ VĂN PHÒNG

Nguyễn Đình Cầu
"""


def test_reference_style_header(owners: Owners) -> None:
    header = read_header(clean(NOTICE), owners)
    assert header.number == "975/TB-VP"
    assert header.kind == "thong-bao"
    assert header.issuer is not None
    assert header.issuer.code == "vp-ubnd"
    assert (header.place, header.issued) == ("Kon Tum", date(2014, 7, 10))
    assert (
        header.title
        == "Kết luận của đồng chí Lê Thị Kim Đơn - Phó Chủ tịch UBND tỉnh tại cuộc họp Ban chỉ đạo"
    )
    assert header.meeting == date(2014, 7, 8)
    assert header.chair == "Lê Thị Kim Đơn - Phó Chủ tịch UBND tỉnh"
    assert (header.formula, header.signer_title, header.signer) == (
        "KT. CHÁNH VĂN PHÒNG",
        "Phó văn phòng",
        "Nguyễn Đình Cầu",
    )
    assert header.recipients == ["Chủ tịch UBND tỉnh (B/cáo);", "Lưu VT, VX2."]
    assert header.body == (6, 9)


@pytest.mark.parametrize(
    ("line", "number", "kind"),
    [
        ("Số: 846 /UBND-TH", "846/UBND-TH", None),
        ("Số 12/CT-UBND", "12/CT-UBND", "chi-thi"),
        ("Số: 45/KH - UBND", "45/KH-UBND", "ke-hoach"),
        ("Số: 7/QĐ-UBND", "7/QĐ-UBND", "quyet-dinh"),
    ],
)
def test_number_tolerates_spaces(owners: Owners, line: str, number: str, kind: str | None) -> None:
    header = read_header(clean(f"{line}\nXin chào"), owners)
    assert (header.number, header.kind or None) == (number, kind or "cong-van")


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("CHỈ THỊ", "chi-thi"),
        ("KẾ HOẠCH", "ke-hoach"),
        ("QUYẾT ĐỊNH", "quyet-dinh"),
        ("CÔNG VĂN", "cong-van"),
    ],
)
def test_kind_from_the_title_word(owners: Owners, title: str, kind: str) -> None:
    header = read_header(clean(f"Số: 5/UBND\n{title}\nVề việc thử"), owners)
    assert (header.kind, header.title) == (kind, "Về việc thử")


def test_official_letter_subject_and_addressees(owners: Owners) -> None:
    text = "Số: 846 /UBND-TH\nV/v báo cáo biên chế\nKon Tum, ngày 01 tháng 8 năm 2014\n\nKính gửi:\n- Sở Nội vụ;\n- Sở Y tế.\n\nĐề nghị Sở Nội vụ báo cáo."
    header = read_header(clean(text), owners)
    assert header.title == "V/v báo cáo biên chế"
    assert header.issuer is not None
    assert header.issuer.code == "ubnd-tinh"
    assert header.addressees == ["Sở Nội vụ;", "Sở Y tế."]
    assert header.issued == date(2014, 8, 1)


@pytest.mark.parametrize(
    ("text", "formula", "title"),
    [
        ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nĐào Xuân Quí", "TM. ỦY BAN NHÂN DÂN", "Chủ tịch"),
        ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nLê Văn Thắng", "TL. CHỦ TỊCH", "Chánh văn phòng"),
        ("GIÁM ĐỐC\nNguyễn Văn A", None, "Giám đốc"),
    ],
)
def test_signing_formulas(owners: Owners, text: str, formula: str | None, title: str) -> None:
    header = read_header(clean(f"Số: 1/TB-VP\nNơi nhận:\n- Lưu VT.\n{text}"), owners)
    assert (header.formula, header.signer_title, header.signer) == (
        formula,
        title,
        text.split("\n")[-1],
    )
