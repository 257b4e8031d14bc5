"""``directive-flow plan FILE``: the concrete tasks, their deadlines and reminder timeline."""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from directive_flow.cli.common import add_format, check_agencies, iso_date, late_spec
from directive_flow.cli.output import table, to_json
from directive_flow.texts.formats import vn_date

if TYPE_CHECKING:
    from directive_flow.planning.impact import Slip
    from directive_flow.planning.plan import Plan

EXAMPLE = """examples:
  directive-flow plan definitions/directives/kontum/2014-975-tb-vp.yaml --as-of 2014-07-10
  directive-flow plan FILE --period H1-2015 --format json
  directive-flow plan FILE --late so-yt=5"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "plan",
        help="show the tasks a directive creates, with deadlines and reminders",
        description="Plan a directive: one task per member agency and period, resolved "
        "deadlines, what each waits on, the reminder timeline and the critical path.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="a directive file")
    parser.add_argument(
        "--as-of", type=iso_date, default=None, help="day to plan as of (default: today)"
    )
    parser.add_argument("--period", default=None, help="only this reporting period, e.g. H1-2026")
    parser.add_argument(
        "--late",
        type=late_spec,
        action="append",
        default=[],
        metavar="CODE=DAYS",
        help="show what slips if agency CODE is DAYS working days late (repeatable)",
    )
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Plan and print."""
    from directive_flow.planning.impact import slips
    from directive_flow.planning.plan import make_plan
    from directive_flow.planning.validation import load_directive

    loaded = load_directive(args.file)
    plan = make_plan(loaded, as_of=args.as_of or date.today(), period=args.period)
    if not args.late:
        print(to_json(plan.to_json()) if args.format == "json" else render(plan, args.lang))
        return 0
    late = dict(args.late)
    check_agencies(list(late), [a.code for a in loaded.registry.agencies])
    free = frozenset(a.id for a in loaded.directive.assignments if not a.blocking)
    found = slips(plan, late, loaded.directive.calendar.work_calendar(), free)
    if args.format == "json":
        print(
            to_json(
                {"directive": plan.directive, "late": late, "slips": [s.to_json() for s in found]}
            )
        )
    else:
        print(render_slips(found, args.lang))
    return 0


@dataclass(frozen=True)
class Words:
    """The words of the plan's text, in one language."""

    title: str  # directive, tasks, as of
    periods: str
    path: str
    none: str
    tasks: tuple[str, ...]
    timeline: str
    steps: tuple[str, ...]
    more: str
    slips: tuple[str, ...]
    nothing: str


ENGLISH = Words(
    "Directive {}: {} task(s), as of {}",
    "Periods: ",
    "Critical path: ",
    "none",
    ("task", "due", "as written", "waits on"),
    "Reminder timeline:",
    ("day", "stage", "to", "tasks", "which"),
    "more",
    ("task", "planned", "expected", "working days late", "because of"),
    "Nothing slips.",
)
VIETNAMESE = Words(
    "Văn bản {}: {} nhiệm vụ, tính đến ngày {}",
    "Kỳ báo cáo: ",
    "Đường găng: ",
    "không có",
    ("nhiệm vụ", "hạn", "theo văn bản", "chờ"),
    "Lịch nhắc việc:",
    ("ngày", "bước nhắc", "gửi tới", "số nhiệm vụ", "nhiệm vụ"),
    "khác",
    ("nhiệm vụ", "hạn theo kế hoạch", "dự kiến", "chậm (ngày làm việc)", "do"),
    "Không nhiệm vụ nào bị chậm theo.",
)


def render(plan: Plan, lang: str = "en") -> str:
    """The plan as a task table and a reminder timeline grouped by day, in ``lang``."""
    words = ENGLISH if lang == "en" else VIETNAMESE
    rows = [
        (t.key, t.due.isoformat() if t.due else "—", _clip(t.as_written or ""), _waits(t.waits_on))
        for t in plan.tasks
    ]
    as_of = plan.as_of.isoformat() if lang == "en" else vn_date(plan.as_of)  # in a sentence
    out = [words.title.format(plan.directive, len(plan.tasks), as_of)]
    if plan.periods:
        out.append(words.periods + ", ".join(plan.periods))
    out.append(words.path + (" -> ".join(plan.critical_path) or words.none))
    out += ["", table(words.tasks, rows), "", words.timeline]
    by_day: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for task in plan.tasks:
        for step in task.reminders:
            by_day[(step.on.isoformat(), str(step.stage), step.to)].append(task.key)
    timeline = [
        (day, stage, to, len(keys), _few(keys, words.more))
        for (day, stage, to), keys in sorted(by_day.items())
    ]
    out.append(table(words.steps, timeline))
    return "\n".join(out)


def render_slips(found: list[Slip], lang: str = "en") -> str:
    """Slips as a table, or a line saying nothing moves, in ``lang``."""
    words = ENGLISH if lang == "en" else VIETNAMESE
    rows = [
        (s.key, s.planned.isoformat(), s.expected.isoformat(), s.working_days, ", ".join(s.because))
        for s in found
    ]
    if not rows:
        return words.nothing
    return table(words.slips, rows)


def _waits(keys: tuple[str, ...]) -> str:
    """Supplier tasks summarised by assignment: ``supply-data (x4)``."""
    counts = Counter(key.split("/", 1)[0] for key in keys)
    return ", ".join(f"{a} (x{n})" if n > 1 else a for a, n in counts.items())


def _clip(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _few(keys: list[str], more: str = "more", shown: int = 3) -> str:
    rest = f", +{len(keys) - shown} {more}" if len(keys) > shown else ""
    return ", ".join(keys[:shown]) + rest
