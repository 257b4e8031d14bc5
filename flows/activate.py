"""activate: register a directive file, or every directive under a folder.

Each file is registered in its own transaction: an invalid one is reported (file, line and
field, in the run's log and summary artifact) and the others are registered all the same;
the run then ends Failed with one line saying how many files were refused.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from directive_flow.bundled import examples
from directive_flow.errors import DirectiveFlowError, RefusedError
from directive_flow.settings import get_settings
from directive_flow.steps.activate import directive_files
from directive_flow.steps.register import Registration, register_directive
from directive_flow.store.db import session_scope
from directive_flow.texts.formats import markdown_text
from flows.common import operator, publish_dashboards, store, today
from flows.forms import Day, FormRefusal, ask, refusal_text, refusals_end_the_run

DEFINITIONS_ENV = "DIRECTIVE_FLOW_DEFINITIONS"
"""The definitions folders the service was given (``os.pathsep`` between them): set by
``python -m flows.serve`` for the runs it starts."""

_OUTCOMES = {"new": "đăng ký mới", "updated": "cập nhật", "unchanged": "không thay đổi"}


def allowed_folders() -> list[Path]:
    """Where a run may read definitions: DIRECTIVE_FLOW_HOME, the service's folders and the
    examples that ship with directive-flow (``demo`` registers them from an installed wheel)."""
    given = [Path(p) for p in os.environ.get(DEFINITIONS_ENV, "").split(os.pathsep) if p]
    return [p.resolve() for p in (get_settings().home, examples(), *given)]


def confined(path: str) -> Path:
    """``path`` resolved (relative: under DIRECTIVE_FLOW_HOME), if it lies in an allowed
    folder. The Prefect API has no authentication: a path from a form must not let anyone
    read the server's other files."""
    resolved = (get_settings().home / path.strip()).resolve()
    allowed = allowed_folders()
    if not any(resolved.is_relative_to(folder) for folder in allowed):
        where = "; ".join(map(str, allowed))
        raise FormRefusal(
            f"Chỉ đăng ký được tệp định nghĩa trong các thư mục: {where}. "
            f"'{path}' nằm ngoài các thư mục đó."
        )
    return resolved


@task(name="tim-cac-chi-thi", description="Tìm các chỉ thị")
def directive_paths(path: str) -> list[Path]:
    """The directive files at ``path`` (a file, or a folder searched recursively).

    A relative path is read under DIRECTIVE_FLOW_HOME, the folder every worker shares: a
    worker runs each flow in a temporary folder of its own.
    """
    found = directive_files([confined(path)])
    if not found:
        raise FormRefusal(f"Không có tệp định nghĩa chỉ thị nào (.yaml) ở '{path}'.")
    return found


@task(name="dang-ky-chi-thi", description="Đăng ký chỉ thị")
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
        "Tệp định nghĩa chỉ thị, hoặc thư mục tìm mọi tệp (tương đối: trong DIRECTIVE_FLOW_HOME); "
        "chỉ trong DIRECTIVE_FLOW_HOME hoặc thư mục định nghĩa của dịch vụ.",
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
    return [f"{r.directive}: {r.outcome}" for r in done]  # for scripts: the step's words


def _summary(done: list[Registration], refused: list[tuple[Path, str]]) -> str:
    lines = [
        f"- **{markdown_text(r.directive)}**: {_OUTCOMES.get(r.outcome, r.outcome)} "
        f"(phiên bản {r.version}), "
        f"{len(r.changes)} thay đổi"
        for r in done
    ]
    for file, reason in refused:
        first = reason.splitlines()[0] if reason else ""
        lines.append(f"- **{markdown_text(file.name)}**: bị từ chối — {markdown_text(first)}")
    return "# Đăng ký chỉ thị\n\n" + "\n".join(lines or ["(không có tệp nào)"])
