"""dashboard: publish the directives' progress and per-agency counts as artifacts."""

from __future__ import annotations

from prefect import flow

from flows.common import publish_dashboards, today
from flows.forms import Day, Text, ask, refusals_end_the_run


@flow(name="dashboard", log_prints=True)
@refusals_end_the_run
def dashboard(
    directive: Text = ask(
        "Văn bản", "Mã một văn bản (kể cả đã kết thúc); để trống: mọi bảng có thay đổi.", ""
    ),
    as_of: Day = ask("Tính đến ngày", "Để trống: hôm nay (giờ Việt Nam).", None),
) -> int:
    """Refresh the progress, table and summary artifacts of one directive, or of every
    directive whose board changed; returns how many were published.

    Without a directive this rebuilds every live directive's board and publishes those
    that changed (closed and historical ones only after a write to them); a named
    directive is published whatever its state, closed or historical included.

    Args:
        directive: One directive id, published even if closed (default: what changed).
        as_of: Count as of this day (default: today in Vietnam).
    """
    day = as_of or today()
    if directive.strip():
        return publish_dashboards(day, directive.strip())
    return publish_dashboards(day, recheck_live=True)
