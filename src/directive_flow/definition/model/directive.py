"""A directive file (``kind: directive``): header, calendar, reminder policy, assignments."""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    SerializerFunctionWrapHandler,
    Strict,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)

from directive_flow.calendar import WorkCalendar
from directive_flow.definition.echo import show
from directive_flow.definition.model.agency import Contact
from directive_flow.definition.model.common import YEAR, Code, Day, Lines, Model, Text, pattern
from directive_flow.definition.model.due import Due, OffsetDue
from directive_flow.domain import DeliverableType, FieldType

DocumentType = Literal["thong-bao", "chi-thi", "cong-van", "ke-hoach", "quyet-dinh"]
PeriodEvery = Literal["half-year", "year", "quarter", "month"]
PeriodLabel = Annotated[
    str,
    pattern(
        rf"^(H[12]|Q[1-4]|M(0[1-9]|1[0-2])|Y)-{YEAR}$",
        "a period such as H1-2026, Q3-2026, M08-2026, Y-2026 (years 1900-2199)",
    ),
]


class Signer(Model):
    """Who signed, with the signing formula (KT., TL., TM.)."""

    name: Text
    title: Text
    formula: Text | None = Field(None, description="e.g. 'KT. CHÁNH VĂN PHÒNG'.")


class Source(Model):
    """Where the notice text lives, and which of its lines this definition encodes."""

    file: Text = Field(description="Path of the notice text, relative to this file.")
    lines: Lines | None = None


UNNUMBERED = "(không số)"
"""What a notice without a number is shown as."""


class Header(Model):
    """The notice's identity, as printed at its top and bottom."""

    number: (
        Annotated[
            str,
            pattern(
                r"^\d+[a-zA-Z]?/[A-ZĐa-zđ0-9&.-]+(-[A-ZĐa-zđ0-9&.]+)*$",
                "a number such as 975/TB-VP",
            ),
            Field(description="The notice's number, e.g. 975/TB-VP (left out: shown as không số)."),
        ]
        | None
    ) = None
    type: DocumentType
    issuer: Code
    issued: Day
    place: Text | None = None
    title: Text
    meeting_date: Day | None = None
    chair: Text | None = None
    signer: Signer | None = None
    leader: Contact | None = Field(
        None, description="The committee leader in charge: the last step of escalation."
    )
    recipients: tuple[Text, ...] = ()
    source: Source | None = None

    @property
    def shown_number(self) -> str:
        """The number as the store and every page show it: ``(không số)`` without one."""
        return self.number or UNNUMBERED


class CalendarSpec(Model):
    """The Vietnamese working-day calendar, with this year's government decisions."""

    country: Literal["VN"] = "VN"
    extra_holidays: tuple[Day, ...] = Field((), description="Extra days off (e.g. Tết).")
    working_days: tuple[Day, ...] = Field((), description="Swapped working days (Saturdays).")
    removed_holidays: tuple[Day, ...] = Field((), description="Listed holidays worked anyway.")

    def work_calendar(self) -> WorkCalendar:
        """The working-day calendar this block describes (shared between equal blocks)."""
        return _work_calendar(self.extra_holidays, self.working_days, self.removed_holidays)


@lru_cache(maxsize=64)
def _work_calendar(
    extra: tuple[date, ...], working: tuple[date, ...], removed: tuple[date, ...]
) -> WorkCalendar:
    return WorkCalendar(extra_holidays=extra, working_days=working, removed_holidays=removed)


class Escalation(Model):
    """After N working days overdue, escalate to the agency head or the leader."""

    after: Annotated[int, Strict(), Field(ge=1, le=366)]
    to: Literal["head", "leader"]


class ReminderPolicy(Model):
    """When reminders and urging letters go out, in working days."""

    before_due: tuple[Annotated[int, Strict(), Field(ge=1, le=60)], ...] = (3, 1)
    on_due: bool = True
    overdue_every: Annotated[int, Strict(), Field(ge=1, le=60)] = 5
    overdue_limit: Annotated[int, Strict(), Field(ge=0, le=50)] = 3
    escalation: tuple[Escalation, ...] = (
        Escalation(after=5, to="head"),
        Escalation(after=15, to="leader"),
    )


class ReminderOverride(Model):
    """An assignment's changes to the directive's reminder policy."""

    before_due: tuple[Annotated[int, Strict(), Field(ge=1, le=60)], ...] | None = None
    on_due: bool | None = None
    overdue_every: Annotated[int, Strict(), Field(ge=1, le=60)] | None = None
    overdue_limit: Annotated[int, Strict(), Field(ge=0, le=50)] | None = None
    escalation: tuple[Escalation, ...] | None = None

    def apply(self, policy: ReminderPolicy) -> ReminderPolicy:
        """The policy with this override's set fields replaced."""
        changes = {name: getattr(self, name) for name in type(self).model_fields}
        return policy.model_copy(update={k: v for k, v in changes.items() if v is not None})


NUMERIC = frozenset({FieldType.INTEGER, FieldType.NUMBER, FieldType.PERCENT})
"""The field types that hold a figure: only they take a unit or bounds."""


def _figure(value: Any) -> Any:
    """A bound is a finite number as YAML writes it (``true`` and ``"5"`` are not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{show(value)} is not a number")
    if not math.isfinite(value):
        raise ValueError(f"{show(value)} is not a finite number")
    return value


Bound = Annotated[int | float, BeforeValidator(_figure), WithJsonSchema({"type": "number"})]


class DataField(Model):
    """One figure or item a deliverable must carry."""

    name: Annotated[
        str,
        pattern(
            r"^[a-z][a-z0-9_]*$",
            "a field name of lowercase letters, digits and underscores",
            max_length=64,
        ),
    ]
    label: Text
    type: FieldType
    unit: Text | None = Field(None, description="Of a figure: integer, number, percent.")
    required: bool = True
    min: Bound | None = Field(
        None,
        description="Smallest figure accepted (integer, number, percent); an integer field "
        "counts from 0 unless it is set.",
    )
    max: Bound | None = Field(
        None, description="Largest figure accepted (integer, number, percent)."
    )

    @field_validator("unit")
    @classmethod
    def _unit_of_a_figure(cls, unit: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("type")
        if unit is not None and kind is not None and kind not in NUMERIC:
            raise ValueError(
                f"a '{kind}' field takes no unit (units belong to integer, number and "
                "percent fields)"
            )
        if unit is not None and kind == FieldType.PERCENT and unit.strip() != "%":
            raise ValueError(
                f"a percent field's unit is '%' (got {show(unit)}); a count is an integer field"
            )
        return unit

    @field_validator("min", "max")
    @classmethod
    def _bound_of_a_figure(cls, bound: float | None, info: ValidationInfo) -> float | None:
        kind = info.data.get("type")
        if bound is None or kind is None:
            return bound
        if kind not in NUMERIC:
            raise ValueError(
                f"a '{kind}' field takes no bounds ('min' and 'max' belong to integer, "
                "number and percent fields)"
            )
        if kind == FieldType.INTEGER and not float(bound).is_integer():
            raise ValueError(f"an integer field's bounds are whole numbers (got {show(bound)})")
        if kind == FieldType.PERCENT and not 0 <= bound <= 100:
            raise ValueError(f"a percentage's bounds lie within 0-100 (got {show(bound)})")
        if info.field_name == "max":
            _above_min(bound, info.data.get("min"), kind)
        return bound

    @model_serializer(mode="wrap")
    def _without_unset_bounds(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Bounds left out stay out of the stored deliverable: a directive registered before
        fields had bounds is unchanged when it is registered again."""
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if k not in ("min", "max") or v is not None}


def _above_min(high: float, low: float | None, kind: str) -> None:
    if low is not None and high < low:
        raise ValueError(f"max {show(high)} is below min {show(low)}")
    if low is None and kind == FieldType.INTEGER and high < 0:
        raise ValueError(
            f"max {show(high)} is below 0, where an integer field starts unless 'min' is set"
        )


class Deliverable(Model):
    """What the lead agency hands in."""

    type: DeliverableType
    name: Text | None = None
    fields: tuple[DataField, ...] = ()

    @field_validator("fields")
    @classmethod
    def _fields_to_hand_in(
        cls, fields: tuple[DataField, ...], info: ValidationInfo
    ) -> tuple[DataField, ...]:
        if fields and info.data.get("type") == DeliverableType.ACTION:
            raise ValueError(
                "an 'action' deliverable hands nothing in, so it takes no fields (collect "
                "figures with a 'data', 'report', 'plan' or 'event' deliverable)"
            )
        return fields

    @model_validator(mode="after")
    def _data_has_fields(self) -> Deliverable:
        if self.type == DeliverableType.DATA and not self.fields:
            raise ValueError("a 'data' deliverable declares at least one field")
        return self


class Recurrence(Model):
    """A periodic duty: one task per reporting period, due relative to the period."""

    every: PeriodEvery
    first: PeriodLabel
    last: PeriodLabel | None = None
    due: OffsetDue


class Assignment(Model):
    """One task given by the notice (a bullet of a section)."""

    id: Code
    section: Annotated[
        str,
        Field(
            max_length=16,
            description="The notice's section or bullet number (default: the assignment's "
            "place in the list, 1, 2, ...).",
        ),
    ] = ""
    lines: Lines | None = None
    title: Text = Field(description="The notice's wording, verbatim.")
    lead: Code = Field(description="Agency code, or group code (one task per member).")
    excluding: tuple[Code, ...] = Field(
        (), description="Members of a group lead that get no task (e.g. the consolidator itself)."
    )
    coordinators: tuple[Code, ...] = ()
    consolidates: bool = Field(False, description="Collects its suppliers' data into one report.")
    deliverable: Deliverable
    due: Due | None = None
    recurrence: Recurrence | None = None
    depends_on: tuple[Code, ...] = ()
    blocking: bool = Field(True, description="False: may proceed without late suppliers.")
    key_task: bool = False
    reminders: ReminderOverride | None = None
    note: Text | None = None

    @field_validator("due", mode="before")
    @classmethod
    def _due_written(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("no deadline given: write one, or {standing: thường xuyên}")
        return value

    @model_validator(mode="after")
    def _due_or_recurrence(self) -> Assignment:
        if (self.due is None) == (self.recurrence is None):
            raise ValueError("give exactly one of 'due' and 'recurrence'")
        if self.consolidates and not self.depends_on:
            raise ValueError("'consolidates: true' needs suppliers in 'depends_on'")
        if self.consolidates and self.deliverable.type == DeliverableType.ACTION:
            raise ValueError(
                "'consolidates: true' builds a report from its suppliers' data; an 'action' "
                "deliverable hands nothing in"
            )
        return self


class Directive(Model):
    """A directive file (``kind: directive``)."""

    kind: Literal["directive"]
    id: Code
    registry: Text = Field(description="Path of the agency registry, relative to this file.")
    header: Header
    calendar: CalendarSpec = CalendarSpec()
    reminders: ReminderPolicy = ReminderPolicy()
    assignments: tuple[Assignment, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _sections_in_order(self) -> Directive:
        """A notice without numbered sections: each assignment is numbered by its place."""
        if any(not a.section for a in self.assignments):
            numbered = tuple(
                a if a.section else a.model_copy(update={"section": str(i)})
                for i, a in enumerate(self.assignments, start=1)
            )
            object.__setattr__(self, "assignments", numbered)
        return self

    @model_validator(mode="after")
    def _ladder_without_leader(self) -> Directive:
        """Without ``header.leader`` the default escalation ladder stops at the agency head.

        There is no one to escalate to; an escalation to the leader written out in such a
        file is refused when it is validated, at its line.
        """
        written = "reminders" in self.model_fields_set and (
            "escalation" in self.reminders.model_fields_set
        )
        if self.header.leader is None and not written:
            ladder = tuple(e for e in self.reminders.escalation if e.to != "leader")
            reminders = self.reminders.model_copy(update={"escalation": ladder})
            object.__setattr__(self, "reminders", reminders)
        return self
