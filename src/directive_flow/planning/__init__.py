"""Planning: a valid directive becomes dated tasks, waits and a reminder timeline.

``deadlines`` turns a deadline as written into a date on the working-day calendar;
``plan`` fans assignments out to one task per agency and period; ``timeline`` decides
each task's reminder stages and their days; ``impact`` what slips when an agency is late;
``diagram`` the dependency graph as text; ``checks`` and ``validation`` the schedule
checks and the full ``load_directive``.
"""

from directive_flow.planning.deadlines import DeadlineContext, DeadlineError, resolve
from directive_flow.planning.diagram import dot, graph_json, mermaid
from directive_flow.planning.impact import Slip, slips
from directive_flow.planning.plan import Plan, PlannedTask, make_plan, owners, task_key
from directive_flow.planning.timeline import ReminderStep, timeline
from directive_flow.planning.validation import (
    DirectiveLoader,
    definition_files,
    load_directive,
    load_directive_text,
    validate_paths,
)

__all__ = [
    "DeadlineContext",
    "DeadlineError",
    "DirectiveLoader",
    "Plan",
    "PlannedTask",
    "ReminderStep",
    "Slip",
    "definition_files",
    "dot",
    "graph_json",
    "load_directive",
    "load_directive_text",
    "make_plan",
    "mermaid",
    "owners",
    "resolve",
    "slips",
    "task_key",
    "timeline",
    "validate_paths",
]
