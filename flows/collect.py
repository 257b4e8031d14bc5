"""collect: take the submissions agencies dropped into the inbox folder.

Partitioned by registry (province) like consolidate: a run for one registry takes only
the folders of its directives (``<home>/inbox/<agency>/<directive>/<task>``), one run at a
time per registry; a run over every registry also reports stray files and rejects folders
of unknown directives.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.client.schemas.sorting import ArtifactSort
from pydantic import Field

from directive_flow.settings import get_settings
from directive_flow.steps.collect import CollectReport, collect_inbox
from flows.common import (
    partition,
    publish_dashboards,
    registry_directives,
    registry_named,
    store,
    today,
)
from flows.forms import Text, ask, refusals_end_the_run


@flow(name="collect", log_prints=True)
@refusals_end_the_run
def collect(
    settle_seconds: Annotated[int, Field(ge=0, le=86_400)] = ask(
        "Thời gian chờ ổn định (giây)",
        "Chỉ nhận thư mục không thay đổi trong ngần ấy giây (tệp còn đang chép thì chờ; "
        "từ 0 đến 86400, tức một ngày).",
        60,
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
    only = registry_named(registry)
    with partition("collect", only):
        mine = registry_directives(only) if only is not None else None
        report = collect_inbox(
            store(), home=get_settings().home, settle_seconds=settle_seconds, directives=mine
        )
    if report.outcomes:
        _publish_table(report, only)
        publish_dashboards(today())
    counts = {k: v for k, v in report.counts.items() if v}
    said = ", ".join(f"{n} {_OUTCOME_WORDS.get(k, k)}" for k, n in counts.items())
    get_run_logger().info("thư mục inbox: %s", said or "không có hồ sơ nào để thu nhận")
    return counts


_OUTCOME_WORDS = {  # the log line's words for steps.collect's outcomes
    "ingested": "đã thu nhận",
    "already_ingested": "đã thu nhận từ trước",
    "rejected": "bị từ chối",
    "waiting": "đang chờ ổn định",
    "failed": "lỗi, thử lại lần sau",
    "misplaced": "đặt sai chỗ",
}


TABLE_KEY = "thu-nhan-ho-so"
_RECENT = 50  # the newest tables looked through for the one a registry's runs published last


def _publish_table(report: CollectReport, registry: str | None) -> None:
    """The run's table, unless it shows what the last one of these runs showed: a stray
    file left in the inbox is one version of the artifact, not one every 15 minutes."""
    table = report.table(get_settings().home / "inbox")
    description = "Hồ sơ thu nhận từ inbox" + (f" — danh mục {registry}" if registry else "")
    if report.news(table, _last_table(description)):
        create_table_artifact(table, key=TABLE_KEY, description=description)


def _last_table(description: str) -> list[Any] | None:
    """The rows of the newest table published with ``description`` (runs for different
    registries share the key, each says its registry there), or None."""
    with get_client(sync_client=True) as client:
        recent = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[TABLE_KEY])),
            sort=ArtifactSort.CREATED_DESC,
            limit=_RECENT,
        )
    for artifact in recent:
        if artifact.description == description:
            rows = json.loads(artifact.data) if isinstance(artifact.data, str) else artifact.data
            return rows if isinstance(rows, list) else None
    return None
