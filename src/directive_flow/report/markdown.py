"""The consolidated report as Markdown (GitHub tables), for artifacts and quick reading.

Every text is escaped where it lands: a submitted link, image or HTML shows as text.
"""

from __future__ import annotations

from directive_flow.report.content import (
    Banner,
    Block,
    Bullets,
    Heading,
    Paragraph,
    Table,
    report_blocks,
)
from directive_flow.report.model import ReportInput
from directive_flow.texts import markdown_text

__all__ = ["render_markdown"]


def render_markdown(report: ReportInput) -> str:
    """The whole report as Markdown, ending with one newline."""
    return "\n\n".join(_block(block) for block in report_blocks(report)) + "\n"


def _block(block: Block) -> str:
    """One block as Markdown."""
    match block:
        case Heading(level, text):
            return f"{'#' * level} {_inline(text)}"
        case Paragraph(text, bold, italic, _):
            return _styled(_inline(text), bold=bold, italic=italic)
        case Banner(text):
            return f"> **{_inline(text)}**"
        case Bullets(items):
            return "\n".join(f"- {_inline(item)}" for item in items)
        case Table():
            return _table(block)


def _table(table: Table) -> str:
    """A GitHub table; the totals row in bold."""
    rule = "| " + " | ".join("---" for _ in table.header) + " |"
    lines = [_row(table.header), rule, *(_row(row) for row in table.rows)]
    if table.total is not None:
        lines.append(_row(table.total, bold=True))
    return "\n".join(lines)


def _row(cells: tuple[str, ...], *, bold: bool = False) -> str:
    """One table row; every cell escaped (a ``|`` included), then set in bold if asked."""
    shown = [_inline(cell) for cell in cells]
    return "| " + " | ".join(f"**{c}**" if bold and c else c for c in shown) + " |"


def _styled(text: str, *, bold: bool, italic: bool) -> str:
    """Wrap in ``**`` and/or ``*``."""
    if bold:
        text = f"**{text}**"
    return f"*{text}*" if italic else text


def _inline(text: str) -> str:
    """One line, every Markdown and HTML character of submitted or defined text made literal."""
    return markdown_text(text)
