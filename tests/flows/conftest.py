"""Flow tests run against Prefect's test harness: a real API server on a fresh SQLite.

One harness per test session (9-11 s to start). PREFECT_HOME points at a temporary
folder before Prefect is imported, so a developer's ~/.prefect cannot leak in; the flow
heartbeat is off in tests (it costs ~1 s per flow run).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="directive-flow-prefect-")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"

import pytest
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.testing.utilities import prefect_test_harness

from directive_flow.settings import reset
from directive_flow.store.db import forget_stores
from flows.activate import DEFINITIONS_ENV


@pytest.fixture(scope="session", autouse=True)
def harness() -> Iterator[None]:
    """The Prefect API for every flow test."""
    with (
        prefect_test_harness(server_startup_timeout=120),
        temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
    ):
        yield


@pytest.fixture
def store_url(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The flows' store (SQLite and PostgreSQL) and home, through the environment."""
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DIRECTIVE_FLOW_DATABASE_URL", database_url)
    folders = (Path(__file__).parents[2], tmp_path)  # the fixtures, the examples, a test's own
    monkeypatch.setenv(DEFINITIONS_ENV, os.pathsep.join(map(str, folders)))
    reset()
    forget_stores()
    yield database_url
    forget_stores()
    reset()
