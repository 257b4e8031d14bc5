"""The consolidated report as Markdown (GitHub tables), for artifacts and quick reading."""

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
    lines = [_row(table.header), _row(tuple("---" for _ in table.header))]
    lines += [_row(row) for row in table.rows]
    if table.total is not None:
        lines.append(_row(tuple(f"**{cell}**" if cell else "" for cell in table.total)))
    return "\n".join(lines)


def _row(cells: tuple[str, ...]) -> str:
    """One table row; a ``|`` inside a cell is escaped."""
    return "| " + " | ".join(_inline(cell).replace("|", "\\|") for cell in cells) + " |"


def _styled(text: str, *, bold: bool, italic: bool) -> str:
    """Wrap in ``**`` and/or ``*``."""
    if bold:
        text = f"**{text}**"
    return f"*{text}*" if italic else text


def _inline(text: str) -> str:
    """One line: titles copied from notices carry line breaks."""
    return " ".join(text.split())
