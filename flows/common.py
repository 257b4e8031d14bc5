"""What every flow shares: the store, today's date in Vietnam, the dashboards."""

from __future__ import annotations

from datetime import date

from prefect import task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
)
from sqlalchemy import Engine

from directive_flow.domain import Actor, Channel
from directive_flow.settings import get_settings
from directive_flow.steps.common import local_today
from directive_flow.steps.dashboard import (
    DirectiveDashboard,
    artifact_key,
    changed_dashboards,
    dashboard,
    record_publications,
)
from directive_flow.store.db import open_store, read_scope, session_scope


def operator(name: str) -> Actor:
    """A flow acts as an operator, under the name its run was given (the audit says "flow")."""
    return Actor.as_operator(name, Channel.FLOW)


def store() -> Engine:
    """The store named by the environment (migrated on first use)."""
    return open_store(get_settings().database_url)


def today() -> date:
    """Today's date where the offices are (``DIRECTIVE_FLOW_TIMEZONE``)."""
    return local_today()


@task(name="cập nhật bảng theo dõi")
def publish_dashboards(
    as_of: date, directive: str | None = None, *, recheck_live: bool = False
) -> int:
    """Publish the dashboards that changed (``directive``'s whatever its state, if named).

    Each board is three artifacts (~43 ms each), so only changes go out: see
    ``steps.dashboard.changed_dashboards``. The boards are read without the write lock;
    what was published is recorded afterwards, in a short transaction of its own.
    """
    with read_scope(store()) as session:
        if directive is not None:
            boards = dashboard(session, as_of=as_of, directive=directive)
        else:
            boards = changed_dashboards(session, as_of=as_of, recheck_live=recheck_live)
    for board in boards:
        _publish(board)
    if boards:
        with session_scope(store()) as session:
            record_publications(session, boards)
    return len(boards)


def _publish(board: DirectiveDashboard) -> None:
    """A board's progress, per-agency table and summary, under its artifact keys."""
    title = f"{board.number}: {board.title}"
    create_progress_artifact(
        board.progress, key=artifact_key(board.id, kind="tien-do"), description=f"Tiến độ — {title}"
    )
    create_table_artifact(
        [dict(r) for r in (*board.rows, board.total)],
        key=artifact_key(board.id, kind="bang"),
        description=f"Tình hình thực hiện — {title}",
    )
    create_markdown_artifact(
        board.markdown,
        key=artifact_key(board.id, kind="tom-tat"),
        description=f"Tóm tắt — {title}",
    )
