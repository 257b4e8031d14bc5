"""The portal under test: the real app served by uvicorn on a loopback port, on a real
store (SQLite and PostgreSQL, through the root ``database_url`` fixture), with mail going
to the local mailbox.

The directive (``fixtures/directive.yaml.in``) is written with dates relative to today so
that its tasks are open, not overdue, whenever the tests run.
"""

from __future__ import annotations

import socket
import string
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import Engine
from web.portal_helpers import CHROMIUM, CHROMIUM_ARGS, OPERATOR, Portal

from directive_flow.domain import Actor, Channel
from directive_flow.settings import get_settings, reset
from directive_flow.steps.common import local_today
from directive_flow.steps.register import register_directive
from directive_flow.store.db import session_scope
from directive_flow.web import create_app

FIXTURES = Path(__file__).parent / "fixtures"


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_directive(folder: Path, today: date) -> Path:
    """The fixture directive, issued five days ago, its report due in a month."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "agencies.yaml").write_text((FIXTURES / "agencies.yaml").read_text("utf-8"), "utf-8")
    text = string.Template((FIXTURES / "directive.yaml.in").read_text("utf-8")).substitute(
        issued=(today - timedelta(days=5)).isoformat(),
        finalize=(today + timedelta(days=30)).isoformat(),
    )
    path = folder / "directive.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture
def portal_env(
    engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[int]:
    """The process's settings pointed at this test's store and home; yields the port."""
    port = free_port()
    for name, value in {
        "HOME": str(tmp_path / "home"),
        "DATABASE_URL": database_url,
        "OPERATORS": OPERATOR,
        "PORTAL_URL": f"http://127.0.0.1:{port}",
    }.items():
        monkeypatch.setenv(f"DIRECTIVE_FLOW_{name}", value)
    monkeypatch.delenv("DIRECTIVE_FLOW_SMTP_URL", raising=False)
    monkeypatch.delenv("DIRECTIVE_FLOW_SECRET_KEY", raising=False)
    reset()
    with session_scope(engine) as session:
        path = write_directive(tmp_path / "definitions", local_today())
        register_directive(
            session, path=path, actor=Actor.as_operator("tester", Channel.CLI), as_of=local_today()
        )
    yield port
    reset()


def serve(app: object, port: int) -> Iterator[str]:
    """Serve ``app`` on ``127.0.0.1:port`` in a thread until the block ends."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the portal did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def portal(portal_env: int) -> Iterator[Portal]:
    """The portal, served on loopback."""
    settings = get_settings()
    for url in serve(create_app(settings), portal_env):
        running = Portal(url, settings.mailbox)
        yield running
        running.close()


@pytest.fixture
def browser() -> Iterator[object]:
    """Chromium, headless, launched from the system's executable."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
