"""consolidate: build the consolidated report when every supplier is accepted."""

from __future__ import annotations

from datetime import date, datetime, time

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact

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
    store,
    today,
)


@task(name="tổng hợp báo cáo")
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
def consolidate(
    directive: str | None = None,
    task: str | None = None,
    partial: bool = False,
    as_of: date | None = None,
    actor: str = "operator",
    registry: str | None = None,
) -> list[str]:
    """Build consolidated reports: the named one, or every one whose suppliers are all accepted.

    Runs for different registries (provinces) go side by side, one at a time for each.

    Args:
        directive: Directive id of one consolidating task (with ``task``).
        task: Task key of the consolidating task, e.g. s1-hoan-chinh-bao-cao-6-thang/so-ldtbxh.
        partial: Build it now even if suppliers are missing (marked as partial).
        as_of: Report the situation at the end of this day (default: now).
        actor: Who asks for it (kept in the audit log).
        registry: Only this registry's (province's) directives (default: every one).
    """
    at = datetime.combine(as_of, time(17), tzinfo=local_zone()) if as_of else None
    with partition("consolidate", registry):
        targets = _targets(directive, task, registry)
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
    get_run_logger().info("built %d report(s)", len(built))
    if built:
        publish_dashboards(as_of or today())
    return [str(r.docx_path) for r in built]


def _targets(
    directive: str | None, task: str | None, registry: str | None
) -> list[tuple[str, str]]:
    """The one named, or every ready one (of ``registry``'s directives, if given)."""
    if directive and task:
        return [(directive, task)]
    with read_scope(store()) as session:
        ready = ready_to_consolidate(session)
    if registry is None:
        return ready
    mine = registry_directives(registry)
    return [(d, t) for d, t in ready if d in mine]
