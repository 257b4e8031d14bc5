"""activate: register a directive file, or every directive under a folder.

Each file is registered in its own transaction: an invalid one is reported (file, line and
field, in the run's log and summary artifact) and the others are registered all the same;
the run then ends Failed with one line saying how many files were refused.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from directive_flow.errors import DirectiveFlowError, RefusedError
from directive_flow.settings import get_settings
from directive_flow.steps.activate import directive_files
from directive_flow.steps.register import Registration, register_directive
from directive_flow.store.db import session_scope
from directive_flow.texts.formats import markdown_text
from flows.common import operator, publish_dashboards, store, today
from flows.forms import Day, ask, refusal_text, refusals_end_the_run


@task(name="tìm các chỉ thị")
def directive_paths(path: str) -> list[Path]:
    """The directive files at ``path`` (a file, or a folder searched recursively).

    A relative path is read under DIRECTIVE_FLOW_HOME, the folder every worker shares: a
    worker runs each flow in a temporary folder of its own.
    """
    return directive_files([get_settings().home / path])


@task(name="đăng ký chỉ thị")
def register_one(path: Path, as_of: date, dry_run: bool, actor: str) -> Registration | str:
    """Register one directive file in its own transaction; a refusal comes back as its text
    (a definition's problems in Vietnamese)."""
    try:
        with session_scope(store()) as session:
            return register_directive(
                session, path=path, actor=operator(actor), as_of=as_of, dry_run=dry_run
            )
    except DirectiveFlowError as exc:
        return refusal_text(exc)


@flow(name="activate", log_prints=True)
@refusals_end_the_run
def activate(
    path: str = ask(
        "Tệp hoặc thư mục",
        "Tệp định nghĩa chỉ thị, hoặc thư mục tìm mọi tệp (tương đối: trong DIRECTIVE_FLOW_HOME).",
        "definitions/",
    ),
    as_of: Day = ask("Tính đến ngày", "Lập kế hoạch tính đến ngày này (để trống: hôm nay).", None),
    dry_run: bool = ask("Chỉ xem thử", "Chỉ cho biết sẽ thay đổi gì, không ghi.", False),
    actor: str = ask("Người đăng ký", "Tên cán bộ, ghi vào nhật ký.", "operator"),
) -> list[str]:
    """Register directives: new tasks appear; an edited file applies its difference."""
    day = as_of or today()
    logger = get_run_logger()
    done: list[Registration] = []
    refused: list[tuple[Path, str]] = []
    for file in directive_paths(path):
        result = register_one(file, day, dry_run, actor)
        if isinstance(result, Registration):
            done.append(result)
            for warning in result.warnings:
                logger.warning("%s: %s", file.name, warning)
        else:
            refused.append((file, result))
            for line in result.splitlines():
                logger.error(line)
    create_markdown_artifact(_summary(done, refused), key="dang-ky-chi-thi")
    logger.info("đã đăng ký %d văn bản, %d tệp bị từ chối", len(done), len(refused))
    if done and not dry_run:
        publish_dashboards(day)
    if refused:
        names = ", ".join(f.name for f, _ in refused)
        raise RefusedError(f"{len(refused)} of {len(done) + len(refused)} files refused: {names}")
    return [f"{r.directive}: {r.outcome}" for r in done]


def _summary(done: list[Registration], refused: list[tuple[Path, str]]) -> str:
    lines = [
        f"- **{markdown_text(r.directive)}**: {r.outcome} (phiên bản {r.version}), "
        f"{len(r.changes)} thay đổi"
        for r in done
    ]
    for file, reason in refused:
        first = reason.splitlines()[0] if reason else ""
        lines.append(f"- **{markdown_text(file.name)}**: bị từ chối — {markdown_text(first)}")
    return "# Đăng ký chỉ thị\n\n" + "\n".join(lines or ["(không có tệp nào)"])
