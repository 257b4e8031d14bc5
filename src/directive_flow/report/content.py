"""The consolidated report's content, decided once, as blocks both renderers draw.

Markdown and Word show the same headings, tables and lists because both are drawn from
the blocks :func:`report_blocks` returns; only the drawing differs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from directive_flow.report.figures import format_datetime, format_number, format_value, totals
from directive_flow.report.model import STATUS_LABELS, FieldSpec, Figure, ReportInput, StatusRow

__all__ = [
    "PARTIAL_BANNER",
    "Banner",
    "Block",
    "Bullets",
    "Heading",
    "Paragraph",
    "Table",
    "report_blocks",
    "report_title",
]

PARTIAL_BANNER = "(bản tổng hợp chưa đầy đủ)"
PARTIAL_NOTE = (
    "Bản tổng hợp được lập khi chưa tiếp nhận đủ số liệu của các cơ quan; "
    "các nội dung còn thiếu được nêu tại mục III."
)


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
    period = f" {report.period.vietnamese.upper()}" if report.period else ""
    return f"BÁO CÁO TỔNG HỢP{period}"


def report_blocks(report: ReportInput) -> list[Block]:
    """Every block of the report, in reading order."""
    return [
        *_opening(report),
        Heading(2, "I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CỦA CÁC CƠ QUAN"),
        *_status_section(report.statuses),
        Heading(2, "II. SỐ LIỆU TỔNG HỢP"),
        *_figures_section(report),
        Heading(2, "III. CÁC NỘI DUNG CÒN THIẾU"),
        *_missing_section(report),
    ]


def _opening(report: ReportInput) -> list[Block]:
    """Title, the consolidating task, the partial banner, and what the report answers."""
    title = Paragraph(report.task.assignment_title, bold=True, center=True)
    blocks: list[Block] = [Heading(1, report_title(report)), title]
    if report.partial:
        blocks += [Banner(PARTIAL_BANNER), Paragraph(PARTIAL_NOTE, italic=True)]
    directive = report.directive
    facts = [f"Thực hiện: văn bản số {directive.number} của {directive.issuer} ({directive.title})"]
    if report.period:
        facts.append(f"Kỳ báo cáo: {report.period.vietnamese} ({report.period.label})")
    facts.append(f"Cơ quan chủ trì tổng hợp: {report.task.lead_agency}")
    facts.append(f"Thời điểm lập: {format_datetime(report.generated_at, report.timezone)}")
    return [*blocks, Bullets(tuple(facts))]


def _status_section(statuses: Sequence[StatusRow]) -> list[Block]:
    """The four-way counts per agency, with a totals row."""
    if not statuses:
        return [Paragraph("Chưa có nhiệm vụ nào được theo dõi.")]
    header = ("STT", "Cơ quan", *STATUS_LABELS.values(), "Tổng số")
    rows = tuple(
        (str(n), row.agency, *map(str, row.counts), str(row.total))
        for n, row in enumerate(statuses, 1)
    )
    sums = [sum(column) for column in zip(*(row.counts for row in statuses), strict=True)]
    total = ("", "Tổng cộng", *map(str, sums), str(sum(sums)))
    return [Table(header, rows, total)]


def _figures_section(report: ReportInput) -> list[Block]:
    """Every figure with its source, then the totals per summable field."""
    if not report.figures:
        return [Paragraph("Chưa tiếp nhận số liệu của cơ quan nào.")]
    return [
        Heading(3, "1. Số liệu của từng cơ quan"),
        _figure_table(report),
        Heading(3, "2. Tổng cộng theo chỉ tiêu"),
        *_totals(report.fields, report.figures),
    ]


def _figure_table(report: ReportInput) -> Table:
    """One row per figure: agency, field, value, unit, submission version and time."""
    order = {spec.name: n for n, spec in enumerate(report.fields)}
    figures = sorted(report.figures, key=lambda f: order[f.field])  # stable: agency order kept
    header = ("STT", "Cơ quan", "Chỉ tiêu", "Giá trị", "Đơn vị", "Lần nộp", "Thời điểm nộp")
    rows = tuple(_figure_row(n, f, report.timezone) for n, f in enumerate(figures, 1))
    return Table(header, rows)


def _figure_row(number: int, figure: Figure, timezone: str) -> tuple[str, ...]:
    """A figure and where it came from."""
    when = format_datetime(figure.submitted_at, timezone)
    value, unit = format_value(figure.value), figure.unit or ""
    return (str(number), figure.agency, figure.label, value, unit, str(figure.version), when)


def _totals(fields: Sequence[FieldSpec], figures: Sequence[Figure]) -> list[Block]:
    """The totals table, and which fields are not added up (percentages, texts, dates)."""
    found = totals(fields, figures)
    blocks: list[Block] = []
    if found:
        header = ("STT", "Chỉ tiêu", "Đơn vị", "Tổng cộng", "Số cơ quan có số liệu")
        rows = tuple(
            (str(n), t.spec.label, t.spec.unit or "", format_number(t.value), str(t.agencies))
            for n, t in enumerate(found, 1)
        )
        blocks.append(Table(header, rows))
    apart = [spec.label for spec in fields if not spec.summable]
    if apart:
        blocks.append(
            Paragraph(f"Các chỉ tiêu không cộng dồn giữa các cơ quan: {'; '.join(apart)}.")
        )
    return blocks or [Paragraph("Không có chỉ tiêu định lượng để cộng dồn.")]


def _missing_section(report: ReportInput) -> list[Block]:
    """What each agency still owes, or that nothing is missing."""
    if not report.missing:
        return [Paragraph("Các cơ quan đã gửi đủ số liệu theo yêu cầu.")]
    return [Bullets(tuple(f"{m.agency}: {m.what}" for m in report.missing))]
