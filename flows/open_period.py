"""open-period: open the tasks of recurring duties for a reporting period."""

from __future__ import annotations

from prefect import flow, get_run_logger

from directive_flow.calendar.periods import period_of_data_day
from directive_flow.steps.open_period import open_period as open_tasks
from flows.common import operator, publish_dashboards, store, today


@flow(name="open-period", log_prints=True)
def open_period(period: str | None = None, actor: str = "scheduler") -> str:
    """Create the period's tasks for every directive with a recurring duty.

    Args:
        period: H1-2026, H2-2026, Q3-2026, M08-2026 or Y-2026 (default: the half-year
            whose Decree 09/2019 data window contains today).
        actor: Who opens it (kept in the audit log).
    """
    label = period or period_of_data_day(today(), "half-year").label
    report = open_tasks(store(), period=label, today=today(), actor=operator(actor))
    summary = f"{report.period}: {len(report.added)} task(s) opened"
    failed = [d for d in report.directives if d.error]
    for item in failed:
        get_run_logger().error("%s: %s", item.directive, item.error)
    get_run_logger().info(summary)
    publish_dashboards(today())
    if failed:
        raise RuntimeError(f"{len(failed)} directive(s) could not be opened: see the log")
    return summary
