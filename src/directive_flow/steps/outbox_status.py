"""What the outbox holds, for people: rows per status and every failed row with its reason.

Read-only and light (no notification channel is imported), so ``status`` starts fast.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directive_flow.domain import OutboxStatus
from directive_flow.store.tables import OutboxRow, TaskRow

__all__ = ["outbox_summary"]


def outbox_summary(session: Session, *, directive: str | None = None) -> dict[str, Any]:
    """Rows per status, and every failed row with its reason (for status and dashboards)."""
    counts = select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
    failed = select(OutboxRow).where(OutboxRow.status == OutboxStatus.FAILED)
    failed = failed.order_by(OutboxRow.key)
    if directive is not None:
        mine = OutboxRow.task_id.in_(select(TaskRow.id).where(TaskRow.directive_id == directive))
        counts, failed = counts.where(mine), failed.where(mine)
    by_status: dict[str, int] = dict.fromkeys(OutboxStatus, 0)
    by_status.update({status: int(n) for status, n in session.execute(counts)})
    return {"counts": by_status, "failed": [_failed_json(row) for row in session.scalars(failed)]}


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
