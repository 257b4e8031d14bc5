"""A task's audit trail, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directive_flow.steps.lookup import find_task
from directive_flow.store.tables import AuditRow


@dataclass(frozen=True)
class Event:
    """One audit event, as shown to people."""

    at: datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        """JSON shape of ``history --format json``."""
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "before": self.before,
            "after": self.after,
        }


def task_history(session: Session, *, directive: str, task: str) -> list[Event]:
    """Every audit event of one task, in the order they were written."""
    row = find_task(session, directive=directive, task=task)
    query = select(AuditRow).where(AuditRow.task_id == row.id).order_by(AuditRow.id)
    return [
        Event(_aware(e.at), e.actor, e.action, e.before, e.after) for e in session.scalars(query)
    ]


def _aware(at: datetime) -> datetime:
    # SQLite hands back the stored UTC moment without its zone; PostgreSQL in its own.
    return at.astimezone(UTC) if at.tzinfo is not None else at.replace(tzinfo=UTC)
