"""What every step shares: clocks and the audit record."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from directive_flow.domain import Actor
from directive_flow.settings import get_settings
from directive_flow.store.tables import AuditRow


def local_zone() -> ZoneInfo:
    """The offices' time zone (``DIRECTIVE_FLOW_TIMEZONE``)."""
    return get_settings().zone


def local_today() -> date:
    """Today's date where the offices are, whatever the server's own zone."""
    return datetime.now(local_zone()).date()


def utc_now() -> datetime:
    """The current moment, in UTC."""
    return datetime.now(UTC)


def local_day(at: datetime) -> date:
    """The calendar day where the offices are at moment ``at`` (naive moments are taken as UTC)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(local_zone()).date()


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    at: datetime,
    directive_id: str | None = None,
    task_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditRow:
    """Append one audit event to the current transaction: who (name, agency, channel,
    address), what, when, and the values before and after."""
    row = AuditRow(
        at=at,
        actor=actor.name,
        actor_agency=actor.agency,
        via=actor.via,
        address=actor.address,
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
