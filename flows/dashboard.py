"""dashboard: publish every directive's progress and per-agency counts as artifacts."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import publish_dashboards, today


@flow(name="dashboard", log_prints=True)
def dashboard(directive: str | None = None, as_of: date | None = None) -> int:
    """Refresh the progress, table and summary artifacts of one directive or all.

    Args:
        directive: One directive id (default: every directive).
        as_of: Count as of this day (default: today in Vietnam).
    """
    return publish_dashboards(as_of or today(), directive)
