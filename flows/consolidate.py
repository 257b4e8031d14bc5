"""consolidate: build the consolidated report when every supplier is accepted."""

from __future__ import annotations

from datetime import datetime, time

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact

from directive_flow.errors import RefusedError
from directive_flow.settings import get_settings
from directive_flow.steps.common import local_zone
from directive_flow.steps.consolidate import (
    Consolidation,
    ready_to_consolidate,
)
from directive_flow.steps.consolidate import (
    consolidate as build,
)
from directive_flow.steps.dashboard import artifact_key
from directive_flow.store.db import read_scope
from flows.common import (
    operator,
    partition,
    publish_dashboards,
    registry_directives,
    registry_named,
    store,
    today,
)
from flows.forms import Day, Text, ask, refusals_end_the_run


@task(name="tong-hop-bao-cao", description="Tổng hợp báo cáo")
def build_one(
    directive: str, task_key: str, partial: bool, actor: str, at: datetime | None
) -> Consolidation:
    """Build one report (Markdown and Word) and record it."""
    home = get_settings().home
    return build(
        store(),
        directive=directive,
        task=task_key,
        home=home,
        partial=partial,
        actor=operator(actor),
        at=at,
    )


@flow(name="consolidate", log_prints=True)
@refusals_end_the_run
def consolidate(
    directive: Text = ask(
        "Văn bản", "Mã văn bản; để trống: mọi văn bản có báo cáo đủ điều kiện tổng hợp.", ""
    ),
    task: Text = ask(
        "Nhiệm vụ tổng hợp",
        "Mã nhiệm vụ tổng hợp, ví dụ s1-hoan-chinh-bao-cao-6-thang/so-ldtbxh (cùng với văn bản).",
        "",
    ),
    partial: bool = ask(
        "Tổng hợp khi còn thiếu",
        "Lập báo cáo ngay cả khi còn cơ quan chưa nộp (ghi rõ là chưa đủ).",
        False,
    ),
    as_of: Day = ask("Tính đến ngày", "Số liệu đến hết ngày này; để trống: đến hiện tại.", None),
    actor: str = ask("Người yêu cầu", "Tên cán bộ, ghi vào nhật ký.", "operator"),
    registry: Text = ask(
        "Danh mục (tỉnh)", "Chỉ các văn bản của danh mục này; để trống: mọi danh mục.", ""
    ),
) -> list[str]:
    """Build consolidated reports: the named one, or every one whose suppliers are all accepted.

    Runs for different registries (provinces) go side by side, one at a time for each.

    Args:
        directive: Directive id: its ready reports, or with ``task`` that one report.
        task: Task key of the consolidating task, e.g. s1-hoan-chinh-bao-cao-6-thang/so-ldtbxh.
        partial: Build it now even if suppliers are missing (marked as partial).
        as_of: Report the situation at the end of this day (default: now).
        actor: Who asks for it (kept in the audit log).
        registry: Only this registry's (province's) directives (default: every one).
    """
    if task.strip() and not directive.strip():
        raise RefusedError("nhiệm vụ tổng hợp cần ghi kèm mã văn bản", (task.strip(),))
    at = datetime.combine(as_of, time(17), tzinfo=local_zone()) if as_of else None
    only = registry_named(registry)
    with partition("consolidate", only):
        targets = _targets(directive.strip(), task.strip(), only or "")
        built = [build_one(d, t, partial, actor, at) for d, t in targets]
    for (d, t), report in zip(targets, built, strict=True):
        key = artifact_key(d, kind="bao-cao")
        portal = get_settings().portal_url.rstrip("/")
        create_link_artifact(
            f"{portal}/api/reports/{report.report_id}/docx",  # a download the browser opens
            link_text=f"Báo cáo tổng hợp {t} (Word, qua cổng thông tin)",
            key=key,
        )
        create_markdown_artifact(
            report.markdown_path.read_text(encoding="utf-8"), key=f"{key}-noi-dung"
        )
    get_run_logger().info("đã lập %d báo cáo tổng hợp", len(built))
    if built:
        publish_dashboards(as_of or today())
    return [str(r.docx_path) for r in built]


def _targets(directive: str, task: str, registry: str) -> list[tuple[str, str]]:
    """The one named, or every ready one (of ``directive``, of ``registry``'s directives)."""
    if directive and task:
        return [(directive, task)]
    with read_scope(store()) as session:
        ready = ready_to_consolidate(session)
    if directive:
        return [(d, t) for d, t in ready if d == directive]
    if not registry:
        return ready
    mine = registry_directives(registry)
    return [(d, t) for d, t in ready if d in mine]
