"""What the outbox holds, for people: rows per status and every failed row with its reason.

Read-only and light (no notification channel is imported), so ``status`` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directive_flow.domain import OutboxStatus
from directive_flow.steps.status import chunks
from directive_flow.store.tables import OutboxRow, TaskRow

__all__ = ["outbox_summary"]


def outbox_summary(
    session: Session, *, directive: str | None = None, directives: Sequence[str] | None = None
) -> dict[str, Any]:
    """Rows per status, and every failed row with its reason (for status and dashboards):
    of the whole outbox, of one ``directive``'s tasks, or of the tasks of ``directives``
    (``status`` of live work passes the live ones, a chunk at a time: its cost then
    follows them, not the outbox's years; counting every row ever took 21 ms at one
    province-year and 66 ms at three on SQLite, 2026-12-04)."""
    if directives is not None:
        scopes: list[list[str] | None] = list(chunks(sorted(set(directives))))
    else:
        scopes = [None if directive is None else [directive]]
    by_status: dict[str, int] = dict.fromkeys(OutboxStatus, 0)
    failed: list[dict[str, Any]] = []
    for chunk in scopes:
        counts = select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
        failing = select(OutboxRow).where(OutboxRow.status == OutboxStatus.FAILED)
        if chunk is not None:
            mine = OutboxRow.task_id.in_(select(TaskRow.id).where(TaskRow.directive_id.in_(chunk)))
            counts, failing = counts.where(mine), failing.where(mine)
        for status, n in session.execute(counts):
            by_status[status] += int(n)
        failed += [_failed_json(row) for row in session.scalars(failing)]
    return {"counts": by_status, "failed": sorted(failed, key=lambda f: str(f["key"]))}


def _failed_json(row: OutboxRow) -> dict[str, Any]:
    retry = row.next_attempt_at
    return {
        "key": row.key,
        "stage": str(row.stage),
        "recipient": row.recipient,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "next_attempt_at": _utc(retry).isoformat() if retry else None,
        "gave_up": retry is None,
    }


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
