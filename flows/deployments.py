"""Every deployment: the buttons operators press, and the schedules that run alone.

Schedules run in the offices' time zone (``DIRECTIVE_FLOW_TIMEZONE``): reminders every working
day at 08:00 (the flow itself skips public holidays), the inbox every 15 minutes, reporting
periods when a Decree 09/2019 half-year data window opens (15 June and 15 December),
dashboards nightly. ``prefect.yaml`` declares the same deployments for workers
(tests/flows/test_deployments.py keeps the two in step).
"""

from __future__ import annotations

from typing import Any

from prefect import Flow
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from directive_flow.settings import get_settings
from flows.activate import activate
from flows.collect import collect
from flows.consolidate import consolidate
from flows.dashboard import dashboard
from flows.extend import extend
from flows.forms import empty_allowed
from flows.open_period import open_period
from flows.remind import remind
from flows.review import review
from flows.submit import submit

TAGS = ["directive-flow"]
PARTITIONS = 8  # runs of a partitioned flow at once, each for its own registry (province)


def deployments(definitions: str = "definitions/") -> list[RunnerDeployment]:
    """Every deployment, with its schedule and concurrency guard."""
    return [
        _deploy(
            activate,
            "Đăng ký chỉ thị: tạo và cập nhật nhiệm vụ từ tệp định nghĩa.",
            parameters={"path": definitions},
        ),
        _deploy(
            collect,
            "Thu nhận hồ sơ các cơ quan gửi vào thư mục inbox.",
            cron="*/15 * * * *",
            partitioned=True,
        ),
        _deploy(submit, "Nhập báo cáo, số liệu thay cho một cơ quan."),
        _deploy(review, "Duyệt hồ sơ đã nộp: chấp nhận, hoặc trả lại kèm lý do."),
        _deploy(extend, "Gia hạn: đề nghị thay cơ quan, hoặc quyết định đề nghị đang chờ."),
        _deploy(
            remind,
            "Nhắc việc, đôn đốc và báo cáo lãnh đạo khi quá hạn.",
            cron="0 8 * * 1-5",
            partitioned=True,
        ),
        _deploy(
            consolidate,
            "Tổng hợp báo cáo khi các cơ quan đã nộp đủ số liệu.",
            cron="30 8 * * 1-5",
            partitioned=True,
        ),
        _deploy(
            open_period,
            "Mở kỳ báo cáo 6 tháng (Nghị định 09/2019/NĐ-CP).",
            cron="0 7 15 6,12 *",
            one_at_a_time=True,
        ),
        _deploy(dashboard, "Cập nhật bảng theo dõi tiến độ các chỉ thị.", cron="0 18 * * *"),
    ]


def _deploy(
    flow: Flow[..., Any],
    description: str,
    *,
    cron: str | None = None,
    one_at_a_time: bool = False,
    partitioned: bool = False,
    parameters: dict[str, Any] | None = None,
) -> RunnerDeployment:
    """A deployment named after its flow, scheduled in Vietnam's time.

    ``one_at_a_time``: one run at once. ``partitioned``: up to ``PARTITIONS`` runs at once,
    for different registries (the flow holds ``flows.common.partition`` for its own).
    """
    limit = 1 if one_at_a_time else PARTITIONS if partitioned else None
    deployment = flow.to_deployment(
        flow.name,
        schedule=Cron(cron, timezone=get_settings().timezone) if cron else None,
        concurrency_limit=limit,
        parameters=parameters,
        description=description,
        tags=TAGS,
    )
    assert isinstance(deployment, RunnerDeployment)  # to_deployment is sync here
    schema = deployment._parameter_openapi_schema  # what the form and the server's check read
    empty_allowed({"properties": schema.properties, "definitions": schema.definitions})
    return deployment
