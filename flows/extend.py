"""extend: ask for more time on an agency's behalf, or decide a pending request."""

from __future__ import annotations

from typing import Literal

from prefect import flow, get_run_logger

from directive_flow.domain import Actor, Channel
from directive_flow.errors import RefusedError
from directive_flow.steps.extend import decide_extension, request_extension
from directive_flow.store.db import session_scope
from flows.common import publish_dashboards, store, today
from flows.forms import Day, Text, ask, refusals_end_the_run

REQUEST, APPROVE, REJECT = "Đề nghị gia hạn", "Đồng ý gia hạn", "Không đồng ý"  # the drop-down


@flow(name="extend", log_prints=True)
@refusals_end_the_run
def extend(
    directive: str = ask("Văn bản", "Mã văn bản, ví dụ kontum-2014-975-tb-vp."),
    task: str = ask("Nhiệm vụ", "Mã nhiệm vụ, ví dụ s6-cung-cap-so-lieu/so-yt."),
    action: Literal["Đề nghị gia hạn", "Đồng ý gia hạn", "Không đồng ý"] = ask(
        "Việc cần làm", "Đề nghị gia hạn (trước hạn), hoặc quyết định đề nghị đang chờ."
    ),
    until: Day = ask("Gia hạn đến ngày", "Chỉ khi đề nghị: thời hạn mới xin.", None),
    reason: Text = ask("Lý do", "Chỉ khi đề nghị: vì sao cần thêm thời gian.", ""),
    actor: str = ask("Người thực hiện", "Tên cán bộ, ghi vào nhật ký.", "operator"),
) -> str:
    """Request an extension, or approve / reject the pending one (the original deadline stays)."""
    who = Actor.as_operator(actor, Channel.FLOW)
    with session_scope(store()) as session:
        if action == REQUEST:
            if until is None or not reason.strip():
                raise RefusedError("an extension request needs a day and a reason")
            request_extension(
                session, directive=directive, task=task, until=until, reason=reason, actor=who
            )
            result = f"{directive} {task}: đã đề nghị gia hạn đến {until:%d/%m/%Y}"
        else:
            approve = action == APPROVE
            request = decide_extension(
                session, directive=directive, task=task, approve=approve, actor=who
            )
            said = "đồng ý" if approve else "không đồng ý"
            result = f"{directive} {task}: {said} gia hạn đến {request.requested_until:%d/%m/%Y}"
    get_run_logger().info(result)
    publish_dashboards(today(), directive)
    return result
