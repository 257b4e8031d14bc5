"""Store fixtures: every test that asks for ``engine`` runs on SQLite and on PostgreSQL.

PostgreSQL runs when DIRECTIVE_FLOW_TEST_POSTGRES_URL names a server (e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``): one scratch database per
test session, created with a random name and dropped at the end, emptied before each
test. Without the variable the PostgreSQL cases are skipped with that reason.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from notify.servers import CountingController, HttpSink, SmtpSink, free_port, http_handler
from sqlalchemy import Engine
from store_helpers import LEADER, operator

from directive_flow.store.db import make_engine
from directive_flow.store.migrate import ensure_schema
from directive_flow.store.testing import reset_database, scratch_database

PG_ENV = "DIRECTIVE_FLOW_TEST_POSTGRES_URL"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A scratch PostgreSQL database for this test session."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set")
    with scratch_database(base) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url: str = request.getfixturevalue("postgres_url")
    reset_database(url)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated store."""
    engine = make_engine(database_url)
    ensure_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A DIRECTIVE_FLOW_HOME for attachments."""
    return tmp_path / "home"


VALID = FIXTURES / "valid" / "directive.yaml"
STORE = FIXTURES / "store"


@pytest.fixture
def registered(engine: Engine) -> Engine:
    """The store with tests/fixtures/valid/directive.yaml registered as of 2024-07-01."""
    from datetime import date

    from directive_flow.steps.register import register_directive
    from directive_flow.store.db import session_scope

    with session_scope(engine) as session:
        register_directive(session, path=VALID, actor=operator("tester"), as_of=date(2024, 7, 1))
    return engine


@pytest.fixture
def led(engine: Engine, tmp_path: Path) -> Engine:
    """As ``registered``, the directive's header naming a leader (the escalation's last step)."""
    from datetime import date

    from directive_flow.steps.register import register_directive
    from directive_flow.store.db import session_scope

    text = VALID.read_text(encoding="utf-8")
    text = text.replace("registry: agencies.yaml", f"registry: {VALID.parent / 'agencies.yaml'}")
    leader = f"  leader: {{name: {LEADER['name']}, email: {LEADER['email']}}}\n"
    path = tmp_path / "with-leader.yaml"
    path.write_text(text.replace("header:\n", "header:\n" + leader, 1), encoding="utf-8")
    with session_scope(engine) as session:
        register_directive(session, path=path, actor=operator("tester"), as_of=date(2024, 7, 1))
    return engine


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A real SMTP server on loopback; ``connections`` starts at zero."""
    sink = SmtpSink(port=free_port())
    controller = CountingController(sink, sink.port)
    controller.start()
    sink.connections = 0  # start() makes one probe connection of its own
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def http_sink() -> Iterator[HttpSink]:
    """A real HTTP listener on loopback, in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), http_handler(HttpSink(port=0)))
    sink = HttpSink(port=int(server.server_address[1]))
    server.RequestHandlerClass = http_handler(sink)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the Prefect flow tests last: once the harness starts, Prefect's client threads
    touch the global ``random`` state, which Hypothesis (rightly) objects to mid-example."""
    flows = Path(__file__).parent / "flows"
    items.sort(key=lambda item: Path(str(item.path)).is_relative_to(flows))
