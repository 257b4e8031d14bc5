"""review: accept a submission, or return it with a reason, from the Prefect UI's form."""

from __future__ import annotations

from typing import Literal

from prefect import flow, get_run_logger

from directive_flow.domain import Actor, Channel, Decision
from directive_flow.steps.review import review as decide
from directive_flow.store.db import session_scope
from flows.common import publish_dashboards, store, today
from flows.forms import Text, ask, refusals_end_the_run

ACCEPT, RETURN = "Chấp nhận", "Trả lại"  # the form's drop-down, in the reviewer's words
_DECISION = {ACCEPT: Decision.ACCEPT, RETURN: Decision.RETURN}


@flow(name="review", log_prints=True)
@refusals_end_the_run
def review(
    directive: str = ask("Văn bản", "Mã văn bản, ví dụ kontum-2014-975-tb-vp."),
    task: str = ask("Nhiệm vụ", "Mã nhiệm vụ, ví dụ s6-cung-cap-so-lieu/so-yt."),
    decision: Literal["Chấp nhận", "Trả lại"] = ask(
        "Quyết định", "Chấp nhận, hoặc trả lại để cơ quan nộp lại."
    ),
    reason: Text = ask("Lý do trả lại", "Bắt buộc khi trả lại; cơ quan sẽ thấy lý do này.", ""),
    actor: str = ask("Người quyết định", "Tên cán bộ, ghi vào nhật ký.", "operator"),
) -> str:
    """Decide on a task's latest submission: accepted, or returned and open again."""
    with session_scope(store()) as session:
        version = decide(
            session,
            directive=directive,
            task=task,
            decision=_DECISION[decision],
            reason=reason.strip() or None,
            actor=Actor.as_operator(actor, Channel.FLOW),
        )
    said = "đã chấp nhận" if decision == ACCEPT else "đã trả lại"
    result = f"{directive} {task}: phiên bản {version} {said}"
    get_run_logger().info(result)
    publish_dashboards(today(), directive)
    return result
