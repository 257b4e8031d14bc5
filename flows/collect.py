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
from flows.forms import Text, ask, refusals_end_the_run


@flow(name="collect", log_prints=True)
@refusals_end_the_run
def collect(
    settle_seconds: int = ask(
        "Thời gian chờ ổn định (giây)",
        "Chỉ nhận thư mục không thay đổi trong ngần ấy giây (tệp còn đang chép thì chờ).",
        60,
        minimum=0,
    ),
    registry: Text = ask(
        "Danh mục (tỉnh)",
        "Chỉ thư mục của các văn bản thuộc danh mục này; để trống: mọi thư mục.",
        "",
    ),
) -> dict[str, int]:
    """Ingest each settled inbox folder once; reject bad ones with a reason file.

    Runs for different registries (provinces) go side by side, one at a time for each.

    Args:
        settle_seconds: Leave a folder alone until nothing in it changed for this long.
        registry: Only the folders of this registry's (province's) directives (default:
            every folder).
    """
    only = registry.strip() or None
    with partition("collect", only):
        mine = registry_directives(only) if only is not None else None
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
