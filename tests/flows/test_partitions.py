"""Work partitioned by registry (province): consolidate runs for one registry's directives,
under a Prefect concurrency limit of its own."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from prefect.client.orchestration import get_client
from store_helpers import operator, submit_as_owner

from directive_flow.steps.review import review
from directive_flow.store.db import open_store, session_scope
from flows.activate import activate
from flows.consolidate import consolidate

VALID = Path(__file__).parents[1] / "fixtures" / "valid"
D, REGISTRY = "test-1-tb-vp", "test-province"


def _all_suppliers_accepted(url: str) -> None:
    engine, at = open_store(url), datetime(2024, 7, 12, 2, tzinfo=UTC)
    for agency in ("so-yt", "ubnd-huyen-a", "ubnd-huyen-b"):
        task = f"supply-data/{agency}"
        submit_as_owner(engine, task, data={"children": 3}, at=at)
        with session_scope(engine) as session:
            review(session, directive=D, task=task, decision="accept", actor=operator("vp"), at=at)


def test_consolidate_builds_only_its_registrys_reports(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    _all_suppliers_accepted(store_url)
    assert consolidate(as_of=date(2024, 7, 12), registry="another-province") == []
    assert len(consolidate(as_of=date(2024, 7, 12), registry=REGISTRY)) == 1
    with get_client(sync_client=True) as client:
        limits = {c.name: c.limit for c in client.read_global_concurrency_limits(limit=100)}
    assert limits["consolidate-test-province"] == limits["consolidate-another-province"] == 1
