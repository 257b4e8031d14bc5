"""Pydantic models of the two kinds of definition file: agency registries and directives."""

from directive_flow.definition.model.agency import Agency, AgencyRegistry, Contact, Group
from directive_flow.definition.model.directive import (
    Assignment,
    CalendarSpec,
    DataField,
    Deliverable,
    Directive,
    Escalation,
    Header,
    Recurrence,
    ReminderOverride,
    ReminderPolicy,
)
from directive_flow.definition.model.due import (
    DateDue,
    Due,
    EventDue,
    MonthDue,
    OffsetDue,
    QuarterDue,
    StandingDue,
)

__all__ = [
    "Agency",
    "AgencyRegistry",
    "Assignment",
    "CalendarSpec",
    "Contact",
    "DataField",
    "DateDue",
    "Deliverable",
    "Directive",
    "Due",
    "Escalation",
    "EventDue",
    "Group",
    "Header",
    "MonthDue",
    "OffsetDue",
    "QuarterDue",
    "Recurrence",
    "ReminderOverride",
    "ReminderPolicy",
    "StandingDue",
]
