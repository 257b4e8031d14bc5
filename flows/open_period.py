"""open-period: open the tasks of recurring duties for a reporting period."""

from __future__ import annotations

from prefect import flow, get_run_logger

from directive_flow.calendar.periods import period_of_data_day
from directive_flow.errors import RefusedError
from directive_flow.steps.open_period import open_period as open_tasks
from flows.common import operator, publish_dashboards, store, today
from flows.forms import Text, ask, refusals_end_the_run


@flow(name="open-period", log_prints=True)
@refusals_end_the_run
def open_period(
    period: Text = ask(
        "Kỳ báo cáo",
        "H1-2026, H2-2026, Q3-2026, M08-2026 hoặc Y-2026 (để trống: nửa năm có cửa sổ "
        "số liệu theo Nghị định 09/2019 chứa hôm nay).",
        "",
    ),
    actor: str = ask("Người mở kỳ", "Tên cán bộ, ghi vào nhật ký.", "scheduler"),
) -> str:
    """Create the period's tasks for every directive with a recurring duty."""
    label = period.strip() or period_of_data_day(today(), "half-year").label
    report = open_tasks(store(), period=label, today=today(), actor=operator(actor))
    summary = f"{report.period}: {len(report.added)} task(s) opened"
    failed = [d for d in report.directives if d.error]
    for item in failed:
        get_run_logger().error("%s: %s", item.directive, item.error)
    get_run_logger().info(summary)
    publish_dashboards(today())
    if failed:
        names = ", ".join(d.directive for d in failed)
        raise RefusedError(f"{len(failed)} directives could not be opened: {names}")
    return summary
