"""Work partitioned by registry (province): consolidate, remind and collect runs for one
registry's directives, each under a Prefect concurrency limit of its own."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from notify.servers import SmtpSink
from prefect.client.orchestration import get_client
from sqlalchemy import func, select
from store_helpers import operator, submit_as_owner

import flows.collect
import flows.consolidate
import flows.remind
from directive_flow.settings import reset
from directive_flow.steps.review import review
from directive_flow.store.db import open_store, session_scope
from directive_flow.store.tables import OutboxRow
from flows.activate import activate
from flows.collect import collect
from flows.consolidate import consolidate
from flows.remind import remind

VALID = Path(__file__).parents[1] / "fixtures" / "valid"
D, REGISTRY = "test-1-tb-vp", "test-province"


@pytest.fixture(autouse=True)
def another_province(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "another-province" stands for a province whose directives live elsewhere: a form
    naming a registry without directives here is refused (tests/flows/test_refusals.py)."""
    for flow in (flows.collect, flows.consolidate, flows.remind):
        monkeypatch.setattr(flow, "registry_named", lambda registry: registry.strip() or None)


def _all_suppliers_accepted(url: str) -> None:
    engine, at = open_store(url), datetime(2024, 7, 12, 2, tzinfo=UTC)
    for agency in ("so-yt", "ubnd-huyen-a", "ubnd-huyen-b"):
        task = f"supply-data/{agency}"
        submit_as_owner(engine, task, data={"children": 3}, at=at)
        with session_scope(engine) as session:
            review(session, directive=D, task=task, decision="accept", actor=operator("vp"), at=at)


def _limits() -> dict[str, int]:
    with get_client(sync_client=True) as client:
        return {c.name: c.limit for c in client.read_global_concurrency_limits(limit=100)}


def _outbox(url: str) -> int:
    with session_scope(open_store(url)) as session:
        return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)


def test_consolidate_builds_only_its_registrys_reports(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    _all_suppliers_accepted(store_url)
    assert consolidate(as_of=date(2024, 7, 12), registry="another-province") == []
    assert len(consolidate(as_of=date(2024, 7, 12), registry=REGISTRY)) == 1
    limits = _limits()
    assert limits["consolidate-test-province"] == limits["consolidate-another-province"] == 1


def test_remind_queues_only_its_registrys_reminders(
    store_url: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVE_FLOW_SMTP_URL", smtp_sink.url())
    reset()
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    remind(day=date(2024, 7, 26), registry="another-province")
    assert (_outbox(store_url), smtp_sink.received) == (0, [])
    remind(day=date(2024, 7, 26), registry=REGISTRY)
    queued = _outbox(store_url)
    assert queued > 0
    assert [m.rcpt_tos for m in smtp_sink.received] == [["a@example.vn"]]
    remind(day=date(2024, 7, 26))  # every registry: nothing left to queue or send
    assert (_outbox(store_url), len(smtp_sink.received)) == (queued, 1)
    limits = _limits()
    assert limits["remind-test-province"] == limits["remind-another-province"] == 1
    assert limits["remind-all"] == 1


def test_collect_takes_only_its_registrys_folders(store_url: str, tmp_path: Path) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    inbox = tmp_path / "home" / "inbox" / "so-yt"
    folder = inbox / D / "supply-data__so-yt"
    folder.mkdir(parents=True)
    (folder / "data.json").write_text(json.dumps({"children": 7}), encoding="utf-8")
    (inbox / "stray.txt").write_text("?", encoding="utf-8")
    assert collect(settle_seconds=0, registry="another-province") == {}
    assert folder.is_dir()
    assert collect(settle_seconds=0, registry=REGISTRY) == {"ingested": 1}
    assert collect(settle_seconds=0) == {"misplaced": 1}  # strays: a run over every registry
    assert _limits()["collect-test-province"] == 1
