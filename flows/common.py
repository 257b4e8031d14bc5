"""What every flow shares: the store, today's date in Vietnam, the dashboards, partitions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date

from prefect import task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
)
from sqlalchemy import Engine, func, select

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
from directive_flow.store.tables import DirectiveRow
from flows.forms import FormRefusal


def operator(name: str) -> Actor:
    """A flow acts as an operator, under the name its run was given (the audit says "flow")."""
    return Actor.as_operator(name, Channel.FLOW)


def store() -> Engine:
    """The store named by the environment (migrated on first use)."""
    return open_store(get_settings().database_url)


def today() -> date:
    """Today's date where the offices are (``DIRECTIVE_FLOW_TIMEZONE``)."""
    return local_today()


def registry_named(registry: str) -> str | None:
    """The registry (province) a form names, ``None`` for every one (left empty).

    An unknown one is refused, naming those the store knows: a run for it would do nothing
    and end Completed, as if it had.
    """
    name = registry.strip()
    if not name:
        return None
    with read_scope(store()) as session:
        query = select(DirectiveRow.registry_id).where(DirectiveRow.registry_id.is_not(None))
        known = sorted({r for r in session.scalars(query) if r is not None})
    if name not in known:
        raise FormRefusal(f"Không có danh mục '{name}' (có: {', '.join(known) or 'chưa có'}).")
    return name


def issued_on(directive: str | None = None) -> date | None:
    """The day ``directive`` was issued; without one, the earliest any directive was."""
    with read_scope(store()) as session:
        if directive is None:
            return session.scalar(select(func.min(DirectiveRow.issued)))
        return session.scalar(select(DirectiveRow.issued).where(DirectiveRow.id == directive))


def registry_directives(registry: str) -> set[str]:
    """The directives of one registry (a province): a partition's share of the work."""
    with read_scope(store()) as session:
        query = select(DirectiveRow.id).where(DirectiveRow.registry_id == registry)
        return set(session.scalars(query))


@contextmanager
def partition(kind: str, registry: str | None) -> Iterator[None]:
    """At most one run of ``kind`` per registry at a time, runs for other registries alongside.

    A Prefect global concurrency limit of one slot, named ``kind-registry`` (``kind-all``
    for a run over every registry), created on first use. It spares duplicate work; the
    store's own guards (outbox keys, claims, report rows) keep side effects exactly-once
    even when runs overlap, e.g. one for every registry beside one for a single one.
    """
    from prefect.concurrency.sync import concurrency

    name = re.sub(r"[^a-z0-9]+", "-", f"{kind}-{registry or 'all'}".lower()).strip("-")
    _ensure_limit(name)
    with concurrency(name, occupy=1, strict=True):
        yield


def _ensure_limit(name: str) -> None:
    """Create the one-slot limit unless it exists: read first, so the server logs no conflict."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # a run alongside made it first
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=1)
                )


@task(name="cap-nhat-bang-theo-doi", description="Cập nhật bảng theo dõi")
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


@task(name="xem-lai-bang-theo-doi", description="Xem lại bảng theo dõi của một ngày đã qua")
def publish_look_back(day: date, directive: str | None = None) -> int:
    """Publish the boards as they stood on ``day`` (``directive``'s, or of every directive
    issued by then) under keys of their own (``...-ngay-YYYYMMDD``): the live boards' keys
    keep today's figures, and nothing is recorded as published."""
    with read_scope(store()) as session:
        if directive is not None:
            boards = dashboard(session, as_of=day, directive=directive)
        else:
            issued = select(DirectiveRow.id).where(
                (DirectiveRow.issued <= day) | DirectiveRow.issued.is_(None)
            )
            boards = [b for d in session.scalars(issued) for b in dashboard(
                session, as_of=day, directive=d
            )]  # fmt: skip
    for board in boards:
        _publish(board, suffix=f"-ngay-{day:%Y%m%d}", on=f" (ngày {day:%d/%m/%Y})")
    return len(boards)


def _publish(board: DirectiveDashboard, *, suffix: str = "", on: str = "") -> None:
    """A board's progress, per-agency table and summary, under its artifact keys (each
    ending in ``suffix``; ``on`` ends the descriptions)."""
    title = f"{board.number}: {board.title}{on}"
    create_progress_artifact(
        board.progress,
        key=artifact_key(board.id, kind=f"tien-do{suffix}"),
        description=f"Tiến độ — {title}",
    )
    create_table_artifact(
        [dict(r) for r in (*board.rows, board.total)],
        key=artifact_key(board.id, kind=f"bang{suffix}"),
        description=f"Tình hình thực hiện — {title}",
    )
    create_markdown_artifact(
        board.markdown,
        key=artifact_key(board.id, kind=f"tom-tat{suffix}"),
        description=f"Tóm tắt — {title}",
    )
