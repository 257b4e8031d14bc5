"""Deadlines as notices write them, one model per form, chosen by the keys present."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, GetJsonSchemaHandler, Strict, Tag, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from directive_flow.definition.model.common import (
    DATE_SCHEMA,
    YEAR,
    Code,
    Day,
    Model,
    Text,
    pattern,
)

Anchor = Literal["issued", "meeting", "cutoff", "period-start", "period-end"]
PERIOD_ANCHORS: frozenset[str] = frozenset({"cutoff", "period-start", "period-end"})

_AS_WRITTEN = Field(None, description="The deadline as the notice words it.")


class DateDue(Model):
    """A fixed date: ``due: 2015-06-30`` or ``due: {date: 2015-06-30, as_written: ...}``."""

    date: Day
    as_written: Text | None = _AS_WRITTEN

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else {"date": value}


class MonthDue(Model):
    """'trong tháng 8/2014': the last working day of that month."""

    month: Annotated[
        str, pattern(rf"^{YEAR}-(0[1-9]|1[0-2])$", "a month written YYYY-MM (years 1900-2199)")
    ]
    as_written: Text | None = _AS_WRITTEN


class QuarterDue(Model):
    """'trong quý III/2014': the last working day of that quarter."""

    quarter: Annotated[
        str, pattern(rf"^{YEAR}-Q[1-4]$", "a quarter written YYYY-Qn (years 1900-2199)")
    ]
    as_written: Text | None = _AS_WRITTEN


class OffsetDue(Model):
    """'trong 10 ngày làm việc kể từ ...': N working (or calendar) days after an anchor."""

    working_days: Annotated[int, Strict(), Field(ge=0, le=3660)] | None = None
    days: Annotated[int, Strict(), Field(ge=0, le=3660)] | None = None
    after: Anchor | None = Field(
        None, description="issued, meeting; in a recurrence: cutoff, period-start, period-end."
    )
    after_completion_of: Code | None = Field(
        None, description="Counted from another assignment's completion (planned: its due date)."
    )
    as_written: Text | None = _AS_WRITTEN

    @model_validator(mode="after")
    def _one_each(self) -> OffsetDue:
        if (self.working_days is None) == (self.days is None):
            raise ValueError("give exactly one of 'working_days' and 'days'")
        if (self.after is None) == (self.after_completion_of is None):
            raise ValueError("give exactly one of 'after' and 'after_completion_of'")
        return self

    @property
    def count(self) -> int:
        """The number of days, whichever kind."""
        return self.working_days if self.working_days is not None else self.days or 0


class EventDue(Model):
    """'trước khi bước vào năm học mới': an event, pinned to a date by the author."""

    event: Text
    date: Day
    as_written: Text | None = _AS_WRITTEN


class StandingDue(Model):
    """'thường xuyên': a standing duty with no deadline, checked periodically."""

    standing: Text = Field(description="How the notice words it, e.g. 'thường xuyên'.")
    review_every: Literal["month", "quarter", "half-year", "year"] | None = None


_TAG_BY_KEY = (
    ("event", "event"),
    ("standing", "standing"),
    ("month", "month"),
    ("quarter", "quarter"),
    ("working_days", "offset"),
    ("days", "offset"),
    ("date", "date"),
)


_TAG_BY_MODEL: dict[type, str] = {
    DateDue: "date",
    MonthDue: "month",
    QuarterDue: "quarter",
    OffsetDue: "offset",
    EventDue: "event",
    StandingDue: "standing",
}


def _due_tag(value: Any) -> str | None:
    """The form of a deadline: by model class when serialising, by keys when reading."""
    if type(value) in _TAG_BY_MODEL:
        return _TAG_BY_MODEL[type(value)]
    if not isinstance(value, dict):
        return "date"
    return next((tag for key, tag in _TAG_BY_KEY if key in value), None)


class _OrPlainDate:
    """JSON Schema: a date deadline may also be written as the bare date."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [*DATE_SCHEMA["anyOf"], handler(core_schema)]}


Due = Annotated[
    Annotated[DateDue, Tag("date"), _OrPlainDate()]
    | Annotated[MonthDue, Tag("month")]
    | Annotated[QuarterDue, Tag("quarter")]
    | Annotated[OffsetDue, Tag("offset")]
    | Annotated[EventDue, Tag("event")]
    | Annotated[StandingDue, Tag("standing")],
    Discriminator(
        _due_tag,
        custom_error_type="due_form",
        custom_error_message=(
            "a deadline is a date, or a mapping with one of: date, month, quarter, "
            "working_days/days + after, event + date, standing"
        ),
    ),
]
