"""``directive-flow status``: the four-way counts per agency and directive, on a day.

Live work by default (``--all`` for every directive ever registered); text output is a
summary that fits 120 columns: the agencies and directives with most overdue work first,
``--limit`` rows per table, short Vietnamese headers explained by a legend (``--wide``
for every column with its full name). JSON and CSV carry every row.
"""

from __future__ import annotations

import argparse
import csv
import io
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from directive_flow.cli.common import add_format, iso_date
from directive_flow.cli.output import table, to_json

if TYPE_CHECKING:
    from directive_flow.steps.status import Counts, Report, TaskStatus

EXAMPLE = """examples:
  directive-flow status --as-of 2014-12-31
  directive-flow status --all --limit 0 --wide
  directive-flow status kontum-2014-975-tb-vp --agency so-yt --format json
  directive-flow status --basis original --format csv > status.csv"""

WIDTH = 120  # the default text output fits a terminal this wide
NAME = 28  # the widest agency or directive id shown in full by default; longer ones are cut
SHORT = {  # Status value -> the short header of the default view
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "in_progress": "Trong hạn",
    "overdue": "Quá hạn",
    "no_deadline": "Không hạn",
}
OLD = "QH >30 ngày"  # overdue more than 30 days: the 31-90 and >90 buckets together


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "status",
        help="four-way status counts per agency and directive, with overdue ages",
        description="Each task is completed on time, completed late, open and not yet "
        "due, or open and overdue on the day; standing duties are counted apart. Live "
        "work only, unless --all: a directive is closed once nothing of it is open and "
        "its last deadline and completion are more than 90 days old (historical examples "
        "are never live). Naming a directive (closed or not) or an agency also lists "
        "each task and what it waits on.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "directive", nargs="?", default=None, metavar="DIRECTIVE", help="one directive id"
    )
    parser.add_argument("--agency", default=None, metavar="CODE", help="one agency's tasks")
    parser.add_argument(
        "--registry",
        default=None,
        metavar="ID",
        help="one agency registry's directives (a province on a shared store)",
    )
    parser.add_argument("--as-of", type=iso_date, default=None, help="day (default: today)")
    parser.add_argument(
        "--basis",
        choices=("extended", "original"),
        default="extended",
        help="count against the extended deadline (default) or the original one",
    )
    parser.add_argument("--tasks", action="store_true", help="list each task too")
    parser.add_argument(
        "--all", action="store_true", help="every directive ever registered, closed included"
    )
    parser.add_argument("--wide", action="store_true", help="every column, with its full name")
    parser.add_argument(
        "--limit", type=int, default=20, metavar="N", help="rows per table in text output (0: all)"
    )
    add_format(parser, "csv")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Count and print."""
    from directive_flow.settings import get_settings
    from directive_flow.steps.outbox_status import outbox_summary
    from directive_flow.steps.status import status_report
    from directive_flow.store.db import open_reader, read_scope

    with_tasks = args.tasks or bool(args.directive or args.agency)
    with read_scope(open_reader(get_settings().database_url)) as session:
        report = status_report(
            session,
            as_of=args.as_of or date.today(),
            directive=args.directive,
            agency=args.agency,
            basis=args.basis,
            with_tasks=with_tasks,
            scope="all" if args.all else "live",
            registry=args.registry,
        )
        narrowed = report.scope == "live" or report.registry is not None
        notices = outbox_summary(  # of the directives counted: live work follows live work
            session,
            directive=args.directive,
            directives=list(report.by_directive) if narrowed and not args.directive else None,
        )
    if args.format == "json":
        print(to_json(report.to_json() | {"notifications": notices}))
    elif args.format == "csv":
        print(render_csv(report), end="")
    else:
        print(render(report, wide=args.wide, limit=max(args.limit, 0)))
        print(render_notifications(notices))
    return 0


def render_notifications(notices: dict[str, Any]) -> str:
    """The outbox in one line, then every failed delivery with its reason and next try."""
    counts = notices["counts"]
    words = {
        "sent": "đã gửi",
        "pending": "chờ gửi",
        "sending": "đang gửi",
        "failed": "lỗi",
        "skipped": "bỏ qua",
    }
    line = "Thư nhắc việc: " + ", ".join(f"{counts.get(k, 0)} {v}" for k, v in words.items())
    if not notices["failed"]:
        return f"\n{line}"
    rows = [
        (f["key"], f["attempts"], f["next_attempt_at"] or "đã dừng", f["last_error"])
        for f in notices["failed"]
    ]
    return "\n".join(["", line, table(("thư", "lần gửi", "gửi lại lúc", "lỗi"), rows)])


def render(report: Report, *, wide: bool = False, limit: int = 20) -> str:
    """Tables by agency and by directive, then tasks and blocks if listed; a legend."""
    out = [_title(report), ""]
    out += _counts_table("cơ quan", report.by_agency, report.total, wide, limit)
    if report.by_directive:
        out += ["", *_counts_table("văn bản", report.by_directive, None, wide, limit)]
    if report.tasks:
        out += ["", *_tasks_table(report.tasks, wide, limit)]
    return "\n".join([*out, "", *_legend(wide)])


def _title(report: Report) -> str:
    basis = "gia hạn" if report.basis == "extended" else "hạn ban đầu"
    title = f"Tình hình thực hiện ngày {report.as_of:%d/%m/%Y} (tính theo {basis})"
    if report.registry:
        title += f", danh mục {report.registry}"
    if report.scope == "live":
        return f"{title}: {len(report.by_directive)} văn bản đang theo dõi (--all: cả đã đóng)"
    return title


def _counts_table(
    what: str, groups: dict[str, Counts], total: Counts | None, wide: bool, limit: int
) -> list[str]:
    """One row per group, most overdue first, ``limit`` of them; then the total."""
    from directive_flow.domain import Status

    ranked = sorted(groups.items(), key=lambda kv: (-kv[1].states[Status.OVERDUE], kv[0]))
    shown = ranked[:limit] if limit else ranked
    rows = [[_name(code, wide), *_cells(c, wide)] for code, c in shown]
    if total is not None:
        rows.append(["Tổng cộng", *_cells(total, wide)])
    lines = [table([what, *_header(wide)], rows)]
    if len(shown) < len(ranked):
        rest = len(ranked) - len(shown)
        lines.append(f"… và {rest} {what} khác (--limit 0: tất cả; --format csv: từng dòng)")
    return lines


def _header(wide: bool) -> list[str]:
    from directive_flow.domain import Status
    from directive_flow.steps.status import BUCKETS

    if wide:
        return [s.label for s in Status] + [f"quá hạn {b} ngày" for b, _ in BUCKETS]
    return [SHORT[s] for s in Status] + [OLD]


def _cells(counts: Counts, wide: bool) -> list[str]:
    from directive_flow.domain import Status

    shown = [
        f"{counts.states[s]} ({counts.percent(s):g}%)"
        if s != Status.NO_DEADLINE
        else str(counts.states[s])
        for s in Status
    ]
    if wide:
        return shown + [str(n) for n in counts.buckets.values()]
    return [*shown, str(counts.buckets["31-90"] + counts.buckets[">90"])]


def _name(text: str, wide: bool, width: int = NAME) -> str:
    return text if wide or len(text) <= width else text[: width - 1] + "…"


def _tasks_table(tasks: Sequence[TaskStatus], wide: bool, limit: int) -> list[str]:
    shown = tasks[:limit] if limit else tasks
    rows = [
        (
            _name(t.key, wide, 40),
            _name(t.agency, wide, 16),
            t.state.label,
            t.deadline,
            t.completed_on,
            t.days_overdue,
            _name(", ".join(t.waits_on), wide, 14),
        )
        for t in shown
    ]
    heads = ("nhiệm vụ", "cơ quan", "tình trạng", "hạn", "hoàn thành", "quá hạn", "chờ")
    lines = [table(heads, rows)]
    if len(shown) < len(tasks):
        lines.append(f"… và {len(tasks) - len(shown)} nhiệm vụ khác (--limit 0: tất cả)")
    return lines


def _legend(wide: bool) -> list[str]:
    from directive_flow.domain import Status

    if wide:
        text = "Tỉ lệ (%) trên số nhiệm vụ có thời hạn; quá hạn: số ngày quá hạn."
    else:
        names = [f"{SHORT[s]} = {s.label.lower()}" for s in Status]
        text = (
            "Chú giải: "
            + "; ".join([*names, f"{OLD} = quá hạn chưa hoàn thành trên 30 ngày"])
            + ". Tỉ lệ (%) trên số nhiệm vụ có thời hạn; --wide: đủ các cột."
        )
    return textwrap.wrap(text, WIDTH)


def render_csv(report: Report) -> str:
    """Each task when tasks are listed; else one row per agency and per directive."""
    from directive_flow.domain import Status

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if report.tasks:
        heads = ["directive", "task", "agency", "state", "deadline", "completed_on"]
        writer.writerow([*heads, "days_overdue", "waits_on"])
        for t in report.tasks:
            cells = [t.directive, t.key, t.agency, t.state, t.deadline, t.completed_on]
            writer.writerow([*cells, t.days_overdue, " ".join(t.waits_on)])
        return buffer.getvalue()
    ages = ["overdue_1_7", "overdue_8_30", "overdue_31_90", "overdue_over_90"]
    writer.writerow(["scope", "id", *Status, *ages])
    for kind, groups in (("agency", report.by_agency), ("directive", report.by_directive)):
        for code, counts in groups.items():
            writer.writerow([kind, code, *counts.states.values(), *counts.buckets.values()])
    return buffer.getvalue()
