"""Rate limits kept in the store, so every worker and machine counts the same hits.

A fixed window per key (``sign-in:ip:203.0.113.9``, ``sign-in:email:<sha256>``): the
first hit opens the window, hits beyond ``limit`` within it are refused, and the next
hit after it opens a new one. The row is locked while it is counted (SQLite takes the
write lock when the transaction begins; PostgreSQL locks the row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from directive_flow.store.tables import RateLimitRow

__all__ = ["Allowance", "hit"]


@dataclass(frozen=True)
class Allowance:
    """Whether a hit is allowed, and in how many seconds the window reopens if not."""

    allowed: bool
    retry_after: int


def hit(session: Session, *, key: str, limit: int, window: timedelta, now: datetime) -> Allowance:
    """Count one hit of ``key``; refused once ``limit`` hits fell within ``window``."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    fresh = {"key": key, "window_start": now, "hits": 0}
    session.execute(insert(RateLimitRow).values(fresh).on_conflict_do_nothing())
    query = select(RateLimitRow).where(RateLimitRow.key == key).with_for_update()
    row = session.scalars(query).one()
    if row.window_start + window <= now:
        row.window_start, row.hits = now, 0
    row.hits += 1
    reopens = row.window_start + window - now
    return Allowance(row.hits <= limit, max(1, int(reopens.total_seconds())))
