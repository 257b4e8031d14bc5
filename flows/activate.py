"""activate: register a directive file, or every directive under a folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from directive_flow.steps.activate import directive_files
from directive_flow.steps.register import Registration, register_directive
from directive_flow.store.db import session_scope
from flows.common import operator, publish_dashboards, store, today


@task(name="tìm các chỉ thị")
def directive_paths(path: str) -> list[Path]:
    """The directive files at ``path`` (a file, or a folder searched recursively)."""
    return directive_files([Path(path)])


@task(name="đăng ký chỉ thị")
def register_one(path: Path, as_of: date, dry_run: bool, actor: str) -> Registration:
    """Register one directive file in its own transaction."""
    with session_scope(store()) as session:
        return register_directive(
            session, path=path, actor=operator(actor), as_of=as_of, dry_run=dry_run
        )


@flow(name="activate", log_prints=True)
def activate(
    path: str = "definitions/",
    as_of: date | None = None,
    dry_run: bool = False,
    actor: str = "operator",
) -> list[str]:
    """Register directives: new tasks appear; an edited file applies its difference.

    Args:
        path: A directive file, or a folder of definitions searched recursively.
        as_of: Plan as of this day (default: today in Vietnam).
        dry_run: Only show what would change.
        actor: Who registers (kept in the audit log).
    """
    day = as_of or today()
    results = [register_one(p, day, dry_run, actor) for p in directive_paths(path)]
    lines = [
        f"- **{r.directive}**: {r.outcome} (phiên bản {r.version}), {len(r.changes)} thay đổi"
        for r in results
    ]
    create_markdown_artifact("# Đăng ký chỉ thị\n\n" + "\n".join(lines), key="dang-ky-chi-thi")
    get_run_logger().info("registered %d directive(s)", len(results))
    if not dry_run:
        publish_dashboards(day)
    return [f"{r.directive}: {r.outcome}" for r in results]
