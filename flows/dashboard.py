"""dashboard: publish the directives' progress and per-agency counts as artifacts."""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows.common import issued_on, publish_dashboards, publish_look_back, today
from flows.forms import Day, FormRefusal, Text, ask, refusals_end_the_run


@flow(name="dashboard", log_prints=True)
@refusals_end_the_run
def dashboard(
    directive: Text = ask(
        "Văn bản", "Mã một văn bản (kể cả đã kết thúc); để trống: mọi bảng có thay đổi.", ""
    ),
    as_of: Day = ask(
        "Tính đến ngày",
        "Để trống: hôm nay (giờ Việt Nam). Một ngày đã qua được đăng riêng, tên kết thúc bằng "
        "-ngay-YYYYMMDD: bảng theo dõi hôm nay không đổi.",
        None,
    ),
) -> int:
    """Refresh the progress, table and summary artifacts of one directive, or of every
    directive whose board changed; returns how many were published.

    Without a directive this rebuilds every live directive's board and publishes those
    that changed (closed and historical ones only after a write to them); a named
    directive is published whatever its state, closed or historical included.

    A past day is a look-back: its boards go under keys of their own (``...-ngay-YYYYMMDD``),
    the live ones keep today's figures.

    Args:
        directive: One directive id, published even if closed (default: what changed).
        as_of: Count as of this day (default: today in Vietnam).
    """
    day, named = as_of or today(), directive.strip() or None
    if day != today():
        _check_look_back(day, named)
        return publish_look_back(day, named)
    if named:
        return publish_dashboards(day, named)
    return publish_dashboards(day, recheck_live=True)


def _check_look_back(day: date, directive: str | None) -> None:
    """Refuse a day after today, or before the directive (any directive) was issued."""
    if day > today():
        raise FormRefusal(
            f"Ngày {day:%d/%m/%Y} sau hôm nay: bảng theo dõi chỉ tính đến hôm nay; "
            "để trống ô Tính đến ngày để xem hôm nay."
        )
    first = issued_on(directive)
    if first is not None and day < first:
        which = f"văn bản {directive}" if directive else "văn bản sớm nhất"
        raise FormRefusal(
            f"Ngày {day:%d/%m/%Y} trước ngày ban hành {which} ({first:%d/%m/%Y}): "
            "chưa có gì để theo dõi."
        )
