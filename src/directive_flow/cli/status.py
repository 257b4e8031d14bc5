"""``directive-flow status``: the four-way counts per agency and directive, on a day."""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date
from typing import TYPE_CHECKING, Any

from directive_flow.cli.common import add_format, iso_date
from directive_flow.cli.db import store_session
from directive_flow.cli.output import table, to_json

if TYPE_CHECKING:
    from directive_flow.steps.status import Counts, Report

EXAMPLE = """examples:
  directive-flow status --as-of 2014-12-31
  directive-flow status kontum-2014-975-tb-vp --agency so-yt --format json
  directive-flow status --basis original --format csv > status.csv"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "status",
        help="four-way status counts per agency and directive, with overdue ages",
        description="Each task is completed on time, completed late, open and not yet "
        "due, or open and overdue on the day; standing duties are counted apart. Naming "
        "a directive or an agency also lists each task and what it waits on.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "directive", nargs="?", default=None, metavar="DIRECTIVE", help="one directive id"
    )
    parser.add_argument("--agency", default=None, metavar="CODE", help="one agency's tasks")
    parser.add_argument("--as-of", type=iso_date, default=None, help="day (default: today)")
    parser.add_argument(
        "--basis",
        choices=("extended", "original"),
        default="extended",
        help="count against the extended deadline (default) or the original one",
    )
    parser.add_argument("--tasks", action="store_true", help="list each task too")
    add_format(parser, "csv")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Count and print."""
    from directive_flow.steps.outbox_status import outbox_summary
    from directive_flow.steps.status import status_report

    with_tasks = args.tasks or bool(args.directive or args.agency)
    with store_session() as session:
        report = status_report(
            session,
            as_of=args.as_of or date.today(),
            directive=args.directive,
            agency=args.agency,
            basis=args.basis,
            with_tasks=with_tasks,
        )
        notices = outbox_summary(session, directive=args.directive)
    if args.format == "json":
        print(to_json(report.to_json() | {"notifications": notices}))
    elif args.format == "csv":
        print(render_csv(report), end="")
    else:
        print(render(report))
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


def _header() -> list[str]:
    from directive_flow.domain import Status
    from directive_flow.steps.status import BUCKETS

    return [s.label for s in Status] + [f"quá hạn {b} ngày" for b, _ in BUCKETS]


def _cells(counts: Counts) -> list[str]:
    from directive_flow.domain import Status

    shown = [
        f"{counts.states[s]} ({counts.percent(s):g}%)"
        if s != Status.NO_DEADLINE
        else str(counts.states[s])
        for s in Status
    ]
    return shown + [str(n) for n in counts.buckets.values()]


def render(report: Report) -> str:
    """Tables by agency and by directive, then tasks and blocks if listed."""

    basis = "gia hạn" if report.basis == "extended" else "hạn ban đầu"
    out = [f"Tình hình thực hiện ngày {report.as_of:%d/%m/%Y} (tính theo {basis})", ""]
    rows = [[code, *_cells(c)] for code, c in report.by_agency.items()]
    rows.append(["Tổng cộng", *_cells(report.total)])
    out += [table(["cơ quan", *_header()], rows), ""]
    rows = [[d, *_cells(c)] for d, c in report.by_directive.items()]
    out.append(table(["văn bản", *_header()], rows))
    if report.tasks:
        task_rows = [
            (
                t.key,
                t.agency,
                t.state.label,
                t.deadline,
                t.completed_on,
                t.days_overdue,
                ", ".join(t.waits_on),
            )
            for t in report.tasks
        ]
        heads = ("nhiệm vụ", "cơ quan", "tình trạng", "hạn", "hoàn thành", "quá hạn (ngày)", "chờ")
        out += ["", table(heads, task_rows)]
    return "\n".join(out)


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
