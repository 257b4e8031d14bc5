"""The consolidated report's content, decided once, as blocks both renderers draw.

Markdown and Word show the same headings, tables and lists because both are drawn from
the blocks :func:`report_blocks` returns; only the drawing differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from directive_flow.report.figures import format_datetime, format_number, format_value, totals
from directive_flow.report.model import STATUS_LABELS, FieldSpec, Figure, ReportInput, StatusRow
from directive_flow.texts import macros

__all__ = [
    "Banner",
    "Block",
    "Bullets",
    "Heading",
    "Paragraph",
    "Table",
    "report_blocks",
    "report_title",
]


def _words() -> Any:
    """The report's wording (texts/templates/report.j2)."""
    return macros("report.j2")


@dataclass(frozen=True)
class Heading:
    """A heading; level 1 is the document's title."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    text: str
    bold: bool = False
    italic: bool = False
    center: bool = False


@dataclass(frozen=True)
class Banner:
    """A notice that stands out, e.g. that the report is partial."""

    text: str


@dataclass(frozen=True)
class Bullets:
    """A list, one item per line."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table: header, body rows, and an optional totals row drawn in bold."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None


Block = Heading | Paragraph | Banner | Bullets | Table


def report_title(report: ReportInput) -> str:
    """``BÁO CÁO TỔNG HỢP 6 THÁNG ĐẦU NĂM 2015`` (no period: ``BÁO CÁO TỔNG HỢP``)."""
    return str(_words().title(report))


def report_blocks(report: ReportInput) -> list[Block]:
    """Every block of the report, in reading order."""
    return [
        *_opening(report),
        Heading(2, _words().section_status),
        *_status_section(report.statuses),
        Heading(2, _words().section_figures),
        *_figures_section(report),
        Heading(2, _words().section_missing),
        *_missing_section(report),
    ]


def _opening(report: ReportInput) -> list[Block]:
    """Title, the consolidating task, the partial banner, and what the report answers."""
    title = Paragraph(report.task.assignment_title, bold=True, center=True)
    blocks: list[Block] = [Heading(1, report_title(report)), title]
    if report.partial:
        blocks += [
            Banner(_words().partial_banner),
            Paragraph(str(_words().partial_note()), italic=True),
        ]
    generated = format_datetime(report.generated_at, report.timezone)
    facts = str(_words().facts(report, generated)).splitlines()
    return [*blocks, Bullets(tuple(facts))]


def _status_section(statuses: Sequence[StatusRow]) -> list[Block]:
    """The four-way counts per agency, with a totals row."""
    if not statuses:
        return [Paragraph(_words().no_tasks)]
    words = _words()
    header = (*words.status_columns, *STATUS_LABELS.values(), words.status_total_column)
    rows = tuple(
        (str(n), row.agency, *map(str, row.counts), str(row.total))
        for n, row in enumerate(statuses, 1)
    )
    sums = [sum(column) for column in zip(*(row.counts for row in statuses), strict=True)]
    total = ("", _words().total_row, *map(str, sums), str(sum(sums)))
    return [Table(header, rows, total)]


def _figures_section(report: ReportInput) -> list[Block]:
    """Every figure with its source, then the totals per summable field."""
    if not report.figures:
        return [Paragraph(_words().no_figures)]
    words = _words()
    note = [Paragraph(str(words.unaccepted_note()), italic=True)] if _unaccepted(report) else []
    return [
        Heading(3, words.figures_by_agency),
        _figure_table(report),
        *note,
        Heading(3, words.figures_totals),
        *_totals(report.fields, [f for f in report.figures if f.accepted]),
    ]


def _unaccepted(report: ReportInput) -> bool:
    return any(not f.accepted for f in report.figures)


def _figure_table(report: ReportInput) -> Table:
    """One row per figure: agency, field, value, unit, submission version and time."""
    order = {spec.name: n for n, spec in enumerate(report.fields)}
    figures = sorted(report.figures, key=lambda f: order[f.field])  # stable: agency order kept
    header = tuple(_words().figure_columns)
    rows = tuple(_figure_row(n, f, report.timezone) for n, f in enumerate(figures, 1))
    return Table(header, rows)


def _figure_row(number: int, figure: Figure, timezone: str) -> tuple[str, ...]:
    """A figure and where it came from."""
    when = format_datetime(figure.submitted_at, timezone)
    value, unit = format_value(figure.value), figure.unit or ""
    if not figure.accepted:
        value += _words().unaccepted_mark
    return (str(number), figure.agency, figure.label, value, unit, str(figure.version), when)


def _totals(fields: Sequence[FieldSpec], figures: Sequence[Figure]) -> list[Block]:
    """The totals table, and which fields are not added up (percentages, texts, dates)."""
    found = totals(fields, figures)
    blocks: list[Block] = []
    if found:
        header = tuple(_words().total_columns)
        rows = tuple(
            (str(n), t.spec.label, t.spec.unit or "", format_number(t.value), str(t.agencies))
            for n, t in enumerate(found, 1)
        )
        blocks.append(Table(header, rows))
    apart = [spec.label for spec in fields if not spec.summable]
    if apart:
        blocks.append(Paragraph(str(_words().not_added(apart))))
    return blocks or [Paragraph(_words().nothing_to_add)]


def _missing_section(report: ReportInput) -> list[Block]:
    """What each agency still owes, or that nothing is missing."""
    if not report.missing:
        return [Paragraph(_words().nothing_missing)]
    return [Bullets(tuple(str(_words().missing(m)) for m in report.missing))]
