"""submit: an operator records a submission on an agency's behalf, from the UI form."""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger
from pydantic import BaseModel, ConfigDict, Field

from directive_flow.domain import Actor, Channel
from directive_flow.settings import get_settings
from directive_flow.steps.intake import Intake, received_on
from directive_flow.steps.submit import submit as store_submission
from directive_flow.store.db import session_scope
from flows.common import publish_dashboards, store, today
from flows.forms import Day, Text, ask, refusals_end_the_run


class SubmissionForm(BaseModel):
    """What an agency handed in (the form under the deployment's "Custom run").

    Its own title is not the parameter's label: pydantic leaves out a ``$ref`` sibling
    equal to the referenced model's own, and the Prefect UI then labels the group with the
    parameter's name ("Submission").
    """

    model_config = ConfigDict(extra="forbid", title="Biểu mẫu báo cáo")

    directive: str = Field(title="Văn bản", description="Mã văn bản, ví dụ kontum-2014-975-tb-vp.")
    task: str = Field(title="Nhiệm vụ", description="Mã nhiệm vụ, ví dụ s6-cung-cap-so-lieu/so-yt.")
    agency: str = Field(
        title="Cơ quan nộp", description="Mã cơ quan, ví dụ so-yt: chỉ cơ quan của nhiệm vụ."
    )
    data: dict[str, Any] = Field(
        default_factory=dict,
        title="Số liệu",
        description='Theo tên trường của biểu mẫu, ví dụ {"so_tre_em": 120}.',
    )
    note: Text = Field("", title="Ghi chú", description="Lưu kèm báo cáo.")
    received_on: Day = Field(
        None,
        title="Ngày nhận",
        description="Ngày văn thư nhận bản giấy (để trống: hôm nay); quyết định đúng hạn.",
    )
    received_reason: Text = Field(
        "",
        title="Lý do nhập muộn",
        description="Bắt buộc khi ngày nhận sớm hơn hôm nay.",
    )


@flow(name="submit", log_prints=True)
@refusals_end_the_run
def submit(
    submission: SubmissionForm = ask("Báo cáo, số liệu", "Cơ quan, nhiệm vụ và số liệu đã nộp."),
    actor: str = ask("Người nhập", "Tên cán bộ nhập thay, ghi vào nhật ký.", "operator"),
) -> str:
    """Record one submission; it is validated against the deliverable's fields.

    Args:
        submission: The agency, task and figures.
        actor: The operator entering it (kept in the audit log).
    """
    intake = Intake.of(
        directive=submission.directive,
        task=submission.task,
        agency=submission.agency,
        actor=Actor.as_operator(actor, Channel.FLOW),
        data=submission.data,
        note=submission.note or None,
        received_at=received_on(submission.received_on) if submission.received_on else None,
        received_reason=submission.received_reason or None,
    )
    with session_scope(store()) as session:
        done = store_submission(session, intake, home=get_settings().home)
    get_run_logger().info("đã lưu %s, phiên bản %d", done.key, done.version)
    publish_dashboards(today(), submission.directive)
    return f"{done.key} v{done.version}"
