"""collect: take the submissions agencies dropped into the inbox folder.

Partitioned by registry (province) like consolidate: a run for one registry takes only
the folders of its directives (``<home>/inbox/<agency>/<directive>/<task>``), one run at a
time per registry; a run over every registry also reports stray files and rejects folders
of unknown directives.
"""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact

from directive_flow.settings import get_settings
from directive_flow.steps.collect import collect_inbox
from flows.common import partition, publish_dashboards, registry_directives, store, today


@flow(name="collect", log_prints=True)
def collect(settle_seconds: int = 60, registry: str | None = None) -> dict[str, int]:
    """Ingest each settled inbox folder once; reject bad ones with a reason file.

    Runs for different registries (provinces) go side by side, one at a time for each.

    Args:
        settle_seconds: Leave a folder alone until nothing in it changed for this long.
        registry: Only the folders of this registry's (province's) directives (default:
            every folder).
    """
    with partition("collect", registry):
        mine = registry_directives(registry) if registry is not None else None
        report = collect_inbox(
            store(), home=get_settings().home, settle_seconds=settle_seconds, directives=mine
        )
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
