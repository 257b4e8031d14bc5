"""What the store benchmarks share: timing, statement counting, a scratch PostgreSQL."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from directive_flow.store.testing import scratch_database


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def counting(engine: Engine) -> tuple[list[str], Callable[[], None]]:
    """Record every statement sent; returns the list and a function that stops recording."""
    seen: list[str] = []

    def listener(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", listener)
    return seen, lambda: event.remove(engine, "before_cursor_execute", listener)


@contextmanager
def postgres() -> Iterator[str | None]:
    """A scratch database on DIRECTIVE_FLOW_TEST_POSTGRES_URL's server, or None (said so)."""
    base = os.environ.get("DIRECTIVE_FLOW_TEST_POSTGRES_URL")
    if not base:
        print("PostgreSQL skipped: DIRECTIVE_FLOW_TEST_POSTGRES_URL not set")
        yield None
        return
    with scratch_database(base) as url:
        yield url
