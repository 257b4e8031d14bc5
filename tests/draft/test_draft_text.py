"""Decoding and cleaning: encodings, HTML, broken lines, page markers, original line numbers."""

from __future__ import annotations

import pytest

from directive_flow.draft.document import DraftError, Line
from directive_flow.draft.text import MAX_BYTES, check_text, clean, decode

TEXT = "Số: 975/TB-VP\nKon Tum, ngày 10 tháng 7 năm 2014"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        "\ufeff".encode("utf-16-be") + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_decode_unicode_encodings(data: bytes) -> None:
    assert decode(data).lstrip("\ufeff") == TEXT


def test_decode_cp1258_fallback_then_nfc() -> None:
    data = "S\u01a1\u0309 Y t\u00ea\u0301".encode("cp1258")  # cp1258 writes tones apart
    assert [line.text for line in clean(decode(data))] == ["Sở Y tế"]


def test_decode_refuses_binary_and_large() -> None:
    with pytest.raises(DraftError, match=r"^binary file, not notice text \(it holds NUL bytes\)"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(DraftError, match=r"^notice is too large \(2,000,001 bytes"):
        decode(b"a" * (MAX_BYTES + 1))
    with pytest.raises(DraftError, match="too many control characters"):
        check_text("".join(chr(i % 31 + 1) for i in range(500)))


def test_clean_keeps_original_line_numbers_and_drops_blanks() -> None:
    assert clean("\n\nSố: 1/TB-VP\n\n\nTHÔNG BÁO\r\n") == [
        Line("Số: 1/TB-VP", 3, 3),
        Line("THÔNG BÁO", 6, 6),
    ]


def test_clean_joins_scanned_lines_and_drops_page_markers() -> None:
    text = "- Chỉ đạo kiểm lâm tăng cường tuần tra tại các khu\nrừng trọng điểm;\n- 2 -\nTrang 2/3\n- Hướng dẫn"
    assert clean(text) == [
        Line("- Chỉ đạo kiểm lâm tăng cường tuần tra tại các khu rừng trọng điểm;", 1, 2),
        Line("- Hướng dẫn", 5, 5),
    ]


def test_clean_page_break_bullet_continues_the_sentence() -> None:
    text = "Chương trình (*Ban hành kèm theo Quyết định số 136/QĐ - UBND ngày*\n\n• 06/3/2013 của UBND tỉnh)."
    assert clean(text) == [
        Line(
            "Chương trình (Ban hành kèm theo Quyết định số 136/QĐ - UBND ngày 06/3/2013 của UBND tỉnh).",
            1,
            3,
        )
    ]


def test_clean_soft_bullet_that_starts_an_item_becomes_a_dash() -> None:
    assert clean("1. Giao Sở Y tế:\n• Tổ chức hội thảo.")[1] == Line("- Tổ chức hội thảo.", 2, 2)


def test_clean_does_not_join_headings_numbers_or_signatures() -> None:
    text = "Số: 1/TB-VP\nKon Tum, ngày 1 tháng 7 năm 2014\nTHÔNG BÁO\nKết luận\nKT. CHÁNH VĂN PHÒNG\nPHÓ VĂN PHÒNG"
    assert [line.text for line in clean(text)] == text.split("\n")


def test_clean_html_breaks_blocks_and_maps_source_lines() -> None:
    html = (
        "<html><body>\n<p>Số: 1/TB-VP</p>\n<p>1. Giao Sở&nbsp;Y tế:<br>\nTổ chức <b>hội thảo</b>.</p>"
        "\n<script>var x = '<p>';</script></body></html>"
    )
    assert clean(html) == [
        Line("Số: 1/TB-VP", 2, 2),
        Line("1. Giao Sở Y tế:", 3, 3),
        Line("Tổ chức hội thảo.", 4, 4),
    ]
