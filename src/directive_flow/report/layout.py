"""Word layout shared by reports and letters, after Decree 30/2020/NĐ-CP (appendix I).

A4 portrait; margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman,
13 pt body; the heading block of two columns: the issuing body on the left over the
number, the national motto on the right over the place and date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from directive_flow.texts import xml_text

__all__ = [
    "MOTTO",
    "NATION",
    "Line",
    "add_paragraph",
    "add_table",
    "national_header",
    "new_document",
    "signature_block",
    "vn_long_date",
]

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 12
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
_HEADINGS = {1: 14, 2: 13, 3: 13}  # level -> size in points
_LEFT, _RIGHT = Mm(65), Mm(100)  # the heading block's columns: 165 mm of text width
_PLACES, _SIGNER = Mm(80), Mm(85)  # the closing block's columns


@dataclass(frozen=True)
class Line:
    """One line of a heading block or signature: text and how it is set."""

    text: str
    bold: bool = False
    italic: bool = False
    size: int = BODY_PT


def new_document() -> Document:
    """An empty A4 document with the decree's margins, fonts and black headings."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _style(document.styles["Normal"], size=BODY_PT)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    for level, size in _HEADINGS.items():
        style = document.styles[f"Heading {level}"]
        _style(style, size=size, bold=True, italic=level == 3)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(12), Pt(6)
    return document


def _style(style: Any, *, size: int, bold: bool | None = None, italic: bool | None = None) -> None:
    """Times New Roman in every script slot, black, ``size`` points."""
    style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the names below
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def vn_long_date(day: date) -> str:
    """``ngày 05 tháng 02 năm 2015``: days below 10 and months below 3 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def national_header(
    document: Document, *, issuer: Sequence[Line], number: Sequence[Line], place_date: str
) -> Table:
    """The two-column heading block: issuer and number | motto and place, date."""
    table: Table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    motto = [Line(NATION, bold=True, size=12), Line(MOTTO, bold=True)]
    blocks = ((issuer, motto), (number, [Line(place_date, italic=True)]))
    for row, pair in enumerate(blocks):
        for column, lines in enumerate(pair):
            cell = table.cell(row, column)
            cell.width = (_LEFT, _RIGHT)[column]
            _fill(cell, lines)
    return table


def _fill(cell: _Cell, lines: Sequence[Line], *, center: bool = True) -> None:
    """Write ``lines`` into ``cell``, one paragraph each."""
    for n, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(paragraph, line)


def _run(paragraph: Paragraph, line: Line) -> None:
    """One run of text set as ``line`` says."""
    run = paragraph.add_run(xml_text(line.text))  # Word refuses control characters
    run.bold, run.italic, run.font.size = line.bold or None, line.italic or None, Pt(line.size)


def add_paragraph(
    document: Document,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = False,
    indent: Length | None = None,
) -> Paragraph:
    """A body paragraph, justified unless centred; ``indent`` indents its first line."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    _run(paragraph, Line(text, bold=bold, italic=italic))
    return paragraph


def add_table(
    document: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    total: Sequence[str] | None = None,
) -> Table:
    """A ruled table: bold centred header, body rows, an optional bold totals row."""
    body = [*rows, *([total] if total is not None else [])]
    table: Table = document.add_table(rows=1 + len(body), cols=len(header))
    table.style = document.styles["Table Grid"]
    _table_row(table, 0, header, bold=True, center=True)
    for n, row in enumerate(body, 1):
        _table_row(table, n, row, bold=total is not None and n == len(body))
    return table


def _table_row(
    table: Table, index: int, cells: Sequence[str], *, bold: bool = False, center: bool = False
) -> None:
    """Fill row ``index``; table text is one size smaller than the body."""
    for cell, text in zip(table.rows[index].cells, cells, strict=True):
        _fill(cell, [Line(text, bold=bold, size=TABLE_PT)], center=center)


def signature_block(
    document: Document, *, recipients: Sequence[str], signer: Sequence[Line]
) -> Table:
    """The closing block: ``Nơi nhận:`` and its list | the signer's title, space, name."""
    table: Table = document.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.width, right.width = _PLACES, _SIGNER
    places = [Line("Nơi nhận:", bold=True, italic=True, size=12)]
    places += [Line(f"- {place}", size=11) for place in recipients]
    _fill(left, places, center=False)
    _fill(right, signer)
    return table
