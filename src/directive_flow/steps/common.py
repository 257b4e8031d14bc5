"""What every step shares: the refusal error, clocks, and the audit record."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from directive_flow.errors import DirectiveFlowError
from directive_flow.store.tables import AuditRow

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


class RefusedError(DirectiveFlowError):
    """A rule forbids the operation (wrong agency, late extension, invalid data).

    ``problems`` lists every reason; the message shows them one per line.
    """

    def __init__(self, summary: str, problems: Iterable[str] = ()) -> None:
        self.summary = summary
        self.problems = tuple(problems)
        lines = [summary, *(f"  - {p}" for p in self.problems)]
        super().__init__("\n".join(lines))


def utc_now() -> datetime:
    """The current moment, in UTC."""
    return datetime.now(UTC)


def local_day(at: datetime) -> date:
    """The calendar day in Vietnam at moment ``at`` (naive moments are taken as UTC)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_ZONE).date()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    at: datetime,
    directive_id: str | None = None,
    task_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRow:
    """Append one audit event to the current transaction."""
    row = AuditRow(
        at=at,
        actor=actor,
        action=action,
        directive_id=directive_id,
        task_id=task_id,
        before=before,
        after=after,
    )
    session.add(row)
    return row


def iso(day: date | None) -> str | None:
    """A date as ISO text for JSON, or None."""
    return day.isoformat() if day else None
