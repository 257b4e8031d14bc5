"""Pydantic models of the two kinds of definition file: agency registries and directives."""

from directive_flow.model.agency import Agency, Contact, Group, Registry
from directive_flow.model.directive import (
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
from directive_flow.model.due import (
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
    "Registry",
    "ReminderOverride",
    "ReminderPolicy",
    "StandingDue",
]
