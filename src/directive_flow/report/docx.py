"""The consolidated report as a Word document, laid out like an administrative report."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from directive_flow.report.content import (
    Banner,
    Block,
    Bullets,
    Heading,
    Paragraph,
    Table,
    report_blocks,
)
from directive_flow.report.layout import (
    Line,
    add_paragraph,
    add_table,
    national_header,
    new_document,
    vn_long_date,
)
from directive_flow.report.model import ReportInput
from directive_flow.texts import xml_text

__all__ = ["REPORT_NUMBER", "render_docx"]

REPORT_NUMBER = "Số: .../BC-..."  # the clerk gives the number when the report is signed


def render_docx(report: ReportInput, path: Path | str) -> Path:
    """Write the report to ``path`` (parent folders are created) and return the path."""
    document = new_document()
    national_header(
        document,
        issuer=[Line(report.task.lead_agency.upper(), bold=True)],
        number=[Line(REPORT_NUMBER)],
        place_date=_place_date(report),
    )
    for block in report_blocks(report):
        _draw(document, block)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def _place_date(report: ReportInput) -> str:
    """``Kon Tum, ngày 20 tháng 6 năm 2015`` on the day the report was generated, locally."""
    moment = report.generated_at
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(report.timezone))
    day = vn_long_date(moment.date())
    return f"{report.place}, {day}" if report.place else day[0].upper() + day[1:]


def _draw(document: Document, block: Block) -> None:
    """Add one block to the document."""
    match block:
        case Heading(level, text):
            heading = document.add_heading(xml_text(" ".join(text.split())), level)
            if level == 1:
                heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        case Paragraph(text, bold, italic, center):
            add_paragraph(document, text, bold=bold, italic=italic, center=center)
        case Banner(text):
            add_paragraph(document, text, bold=True, center=True)
        case Bullets(items):
            for item in items:
                add_paragraph(document, f"- {item}")
        case Table(header, rows, total):
            add_table(document, header, rows, total)
