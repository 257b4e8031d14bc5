"""Flow runs publish the dashboards that changed, not every directive ever registered.

The artifact calls are counted where ``flows.common`` makes them, against the harness's
real API (each still goes through).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from store_helpers import submit_as_owner

import flows.common
import flows.dashboard
from directive_flow.store.db import open_store
from flows.activate import activate
from flows.collect import collect
from flows.dashboard import dashboard

FIXTURES = Path(__file__).parents[1] / "fixtures"
D = "test-1-tb-vp"


@pytest.fixture
def published(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Artifact keys published through ``flows.common``, counted."""
    seen: Counter[str] = Counter()
    for name in ("create_progress_artifact", "create_table_artifact", "create_markdown_artifact"):
        real = getattr(flows.common, name)

        def counted(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            seen[kwargs["key"]] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(flows.common, name, counted)
    return seen


@pytest.fixture
def nightly(monkeypatch: pytest.MonkeyPatch) -> Callable[..., int]:
    """The nightly dashboard run on a day that is, for it, today (a past day is a look-back)."""

    def run(day: date, **parameters: Any) -> int:
        monkeypatch.setattr(flows.dashboard, "today", lambda: day)
        return int(dashboard(as_of=day, **parameters))

    return run


def _boards(seen: Counter[str]) -> set[str]:
    """The directives whose three artifacts went out, and forget them."""
    keys = {k.rsplit("-tien-do")[0].rsplit("-bang")[0].rsplit("-tom-tat")[0] for k in seen}
    assert sum(seen.values()) == 3 * len(keys), seen
    seen.clear()
    return keys


def test_runs_publish_only_the_directives_that_changed(
    store_url: str, published: Counter[str], nightly: Callable[..., int]
) -> None:
    activate(path=str(FIXTURES / "valid"), as_of=date(2024, 7, 1))
    assert _boards(published) == {"directive-test-1-tb-vp"}
    activate(path=str(FIXTURES / "store" / "status-directive.yaml"), as_of=date(2024, 7, 1))
    assert _boards(published) == {"directive-store-status-1"}, "only the new one"
    activate(path=str(FIXTURES / "valid"), as_of=date(2024, 7, 1))
    assert _boards(published) == set(), "registered again, unchanged"
    assert collect(settle_seconds=0) == {}
    assert nightly(date(2024, 7, 1)) == 0, "the nightly run: nothing changed"
    assert _boards(published) == set()
    at = datetime(2024, 7, 1, 3, tzinfo=UTC)  # a submission through the portal, say
    submit_as_owner(open_store(store_url), "supply-data/so-yt", data={"children": 3}, at=at)
    assert nightly(date(2024, 7, 1)) == 1
    assert _boards(published) == {"directive-test-1-tb-vp"}, "the one written to"
    assert nightly(date(2024, 7, 16)) == 2, "both have work overdue by now"
    assert _boards(published) == {"directive-test-1-tb-vp", "directive-store-status-1"}


def test_a_directive_is_published_on_demand(
    published: Counter[str], nightly: Callable[..., int]
) -> None:
    activate(path=str(FIXTURES / "valid"), as_of=date(2024, 7, 1))
    published.clear()
    assert nightly(date(2024, 7, 1), directive=D) == 1
    assert _boards(published) == {"directive-test-1-tb-vp"}
