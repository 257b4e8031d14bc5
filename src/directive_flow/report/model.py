"""What a consolidated report is built from: plain frozen dataclasses, no store, no Prefect.

The consolidate step reads the store and fills a :class:`ReportInput`; the renderers
(:mod:`~directive_flow.report.markdown`, :mod:`~directive_flow.report.docx`) only read it.
Sequences given as lists are stored as tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from directive_flow.calendar.periods import Period
from directive_flow.domain import STATUS_LABELS, FieldType

__all__ = [
    "STATUS_LABELS",
    "ConsolidatingTask",
    "DirectiveRef",
    "FieldSpec",
    "FieldType",
    "Figure",
    "FigureValue",
    "Missing",
    "ReportInput",
    "ReportPeriod",
    "StatusRow",
]

FigureValue = int | float | str | bool | date | None


@dataclass(frozen=True)
class DirectiveRef:
    """The directive the report answers: ``975/TB-VP``, its title, who issued it."""

    number: str
    title: str
    issuer: str


@dataclass(frozen=True)
class ConsolidatingTask:
    """The task that consolidates: its assignment's wording and the lead agency."""

    assignment_title: str
    lead_agency: str


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period as a label (``H1-2015``) and in words (``6 tháng đầu năm 2015``)."""

    label: str
    vietnamese: str

    @classmethod
    def of(cls, period: Period) -> ReportPeriod:
        """The period of :mod:`directive_flow.calendar.periods`, as the report prints it."""
        return cls(period.label, period.vietnamese)


@dataclass(frozen=True)
class StatusRow:
    """One agency's tasks, counted by state."""

    agency: str
    on_time: int = 0
    late: int = 0
    in_progress: int = 0
    overdue: int = 0
    no_deadline: int = 0

    @property
    def counts(self) -> tuple[int, ...]:
        """The counts in the order of :data:`STATUS_LABELS`."""
        return tuple(getattr(self, name) for name in STATUS_LABELS)

    @property
    def total(self) -> int:
        """Every task of the agency."""
        return sum(self.counts)


@dataclass(frozen=True)
class FieldSpec:
    """A field the deliverable declares: ``so_ho_ngheo``, its label, unit and type."""

    name: str
    label: str
    type: FieldType
    unit: str | None = None

    @property
    def summable(self) -> bool:
        """Counts and amounts add up across agencies; percentages and the rest do not."""
        return self.type in (FieldType.INTEGER, FieldType.NUMBER)


@dataclass(frozen=True)
class Figure:
    """One submitted value, with where it came from: agency, submission version, time."""

    field: str
    label: str
    unit: str | None
    value: FigureValue
    agency: str
    version: int
    submitted_at: datetime
    accepted: bool = True  # a partial report shows unaccepted figures, marked, not totalled


@dataclass(frozen=True)
class Missing:
    """Something an agency has not supplied: ``chưa nộp số liệu`` or a field's label."""

    agency: str
    what: str


@dataclass(frozen=True)
class ReportInput:
    """Everything the consolidated report shows."""

    directive: DirectiveRef
    task: ConsolidatingTask
    period: ReportPeriod | None
    generated_at: datetime
    partial: bool
    statuses: Sequence[StatusRow] = ()
    fields: Sequence[FieldSpec] = ()
    figures: Sequence[Figure] = ()
    missing: Sequence[Missing] = ()
    place: str | None = None
    timezone: str = "Asia/Ho_Chi_Minh"

    def __post_init__(self) -> None:
        """Store tuples; reject figures of undeclared fields or given twice for an agency."""
        for name in ("statuses", "fields", "figures", "missing"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        declared = {spec.name for spec in self.fields}
        seen: set[tuple[str, str]] = set()
        for figure in self.figures:
            if figure.field not in declared:
                raise ValueError(f"figure of undeclared field {figure.field!r} ({figure.agency})")
            if (figure.agency, figure.field) in seen:
                raise ValueError(f"two figures of {figure.field!r} from {figure.agency}")
            seen.add((figure.agency, figure.field))
