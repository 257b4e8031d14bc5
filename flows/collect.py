"""collect: take the submissions agencies dropped into the inbox folder."""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact

from directive_flow.settings import get_settings
from directive_flow.steps.collect import collect_inbox
from flows.common import publish_dashboards, store, today


@flow(name="collect", log_prints=True)
def collect(settle_seconds: int = 60) -> dict[str, int]:
    """Ingest each settled inbox folder once; reject bad ones with a reason file.

    Args:
        settle_seconds: Leave a folder alone until nothing in it changed for this long.
    """
    report = collect_inbox(store(), home=get_settings().home, settle_seconds=settle_seconds)
    if report.outcomes:
        rows = [
            {
                "Thư mục": o.folder,
                "Kết quả": o.outcome,
                "Phiên bản": o.version,
                "Chuyển đến": str(o.moved_to or ""),
                "Vấn đề": "; ".join(o.problems),
            }
            for o in report.outcomes
        ]
        create_table_artifact(rows, key="thu-nhan-ho-so", description="Hồ sơ thu nhận từ inbox")
        publish_dashboards(today())
    counts = {k: v for k, v in report.counts.items() if v}
    get_run_logger().info("inbox: %s", counts or "nothing to collect")
    return counts
