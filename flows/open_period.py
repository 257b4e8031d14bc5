"""open-period: open the tasks of recurring duties for a reporting period."""

from __future__ import annotations

from prefect import flow, get_run_logger

from directive_flow.calendar.periods import Period, period_of_data_day
from directive_flow.errors import RefusedError
from directive_flow.steps.open_period import open_period as open_tasks
from flows.common import issued_on, operator, publish_dashboards, store, today
from flows.forms import FormRefusal, Text, ask, refusals_end_the_run


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
    _check_in_range(label)
    report = open_tasks(store(), period=label, today=today(), actor=operator(actor))
    summary = f"{report.period}: đã mở {len(report.added)} nhiệm vụ"
    failed = [d for d in report.directives if d.error]
    for item in failed:
        get_run_logger().error("%s: %s", item.directive, item.error)
    get_run_logger().info(summary)
    publish_dashboards(today())
    if failed:
        names = ", ".join(d.directive for d in failed)
        raise RefusedError(f"{len(failed)} directives could not be opened: {names}")
    return summary


LAST_YEAR = 2199  # a later period is a typing slip, not a plan


def _check_in_range(label: str) -> None:
    """Refuse a period that ends before any directive was issued, or after ``LAST_YEAR``:
    opening it would do nothing and say Completed. A label that does not parse is left to
    the step, which says what a label looks like."""
    try:
        period = Period.parse(label)
    except ValueError:
        return
    first = issued_on()
    if period.start.year > LAST_YEAR:
        raise FormRefusal(f"Kỳ {label} sau năm {LAST_YEAR}: hãy kiểm tra lại năm của kỳ báo cáo.")
    if first is not None and period.end < first:
        raise FormRefusal(
            f"Kỳ {label} kết thúc trước ngày ban hành văn bản sớm nhất ({first:%d/%m/%Y}): "
            "không có nhiệm vụ nào để mở."
        )
