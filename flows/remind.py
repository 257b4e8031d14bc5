"""remind: queue the reminders due today in the outbox, deliver them, mark them sent.

Partitioned by registry (province): a run for one registry decides and queues only its
directives' reminders, one run at a time per registry (``flows.common.partition``), runs
for other registries alongside. Delivery drains the one shared outbox in batches under a
lease (``steps.deliver``), so runs side by side share the sending without sending twice.
"""

from __future__ import annotations

from datetime import date

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from directive_flow.calendar import default_calendar
from directive_flow.notify import DeliverySettings
from directive_flow.settings import get_settings
from directive_flow.steps.deliver import DeliveryReport, deliver_outbox
from directive_flow.steps.remind import QueueResult, queue_reminders
from directive_flow.store.db import session_scope
from flows.common import partition, publish_dashboards, registry_named, store, today
from flows.forms import Day, FormRefusal, Text, ask, refusals_end_the_run


@task(name="xep-lich-nhac-viec", description="Xếp lịch nhắc việc")
def queue(day: date, registry: str | None = None) -> QueueResult:
    """Write today's due reminder stages (of ``registry``'s directives, if given) to the
    outbox (once each, whatever happens)."""
    with session_scope(store()) as session:
        return queue_reminders(session, today=day, registry=registry)


@task(name="gui-nhac-viec", description="Gửi nhắc việc", retries=2, retry_delay_seconds=30)
def deliver() -> DeliveryReport:
    """Send what the outbox holds; failures stay there with a retry time."""
    return deliver_outbox(store(), settings=DeliverySettings.from_settings(get_settings()))


@flow(name="remind", log_prints=True)
@refusals_end_the_run
def remind(
    day: Day = ask(
        "Ngày nhắc",
        "Nhắc việc cho ngày này (để trống: hôm nay, giờ Việt Nam); ngày nghỉ không gửi gì, "
        "ngày sau hôm nay bị từ chối.",
        None,
    ),
    registry: Text = ask(
        "Danh mục (tỉnh)", "Chỉ các văn bản của danh mục này; để trống: mọi danh mục.", ""
    ),
) -> str:
    """Remind owners before and on the deadline, urge and escalate after it.

    Runs for different registries (provinces) go side by side, one at a time for each.

    Args:
        day: The day to remind for (default: today in Vietnam). Nothing goes out on
            non-working days.
        registry: Only this registry's (province's) directives (default: every one).
    """
    when, only = day or today(), registry_named(registry)
    if when > today():
        raise FormRefusal(
            f"Ngày nhắc {when:%d/%m/%Y} sau hôm nay: chỉ nhắc được cho hôm nay hoặc một ngày "
            "đã qua; để trống ô Ngày nhắc để nhắc cho hôm nay."
        )
    with partition("remind", only):
        queued = queue(when, only)
        if not default_calendar().is_working_day(when):  # retries wait for a working day too
            summary = f"{when:%d/%m/%Y}: ngày nghỉ, không gửi nhắc việc"
            get_run_logger().info(summary)
            return summary
        report = deliver()
    summary = f"{when:%d/%m/%Y}: {queued.summary()}; {report.summary()}"
    create_markdown_artifact(f"# Nhắc việc\n\n{summary}\n", key="nhac-viec")
    get_run_logger().info(summary)
    publish_dashboards(when)
    return summary
