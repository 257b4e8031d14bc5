"""What the store benchmarks share: timing, statement counting, a scratch PostgreSQL, the
bench operator and a large directive file."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from directive_flow.domain import Actor, Channel
from directive_flow.store.testing import scratch_database

REGISTRY = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "valid" / "agencies.yaml"
BENCH = Actor.as_operator("bench", Channel.CLI)
"""The operator every bench acts as."""


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


def big_directive(folder: Path, n: int) -> Path:
    """A valid directive file with ``n`` assignments spread over the registry's agencies."""
    shutil.copy(REGISTRY, folder / "agencies.yaml")
    leads = ["so-ldtbxh", "so-yt", "ubnd-huyen-a", "ubnd-huyen-b", "vp-ubnd"]
    lines = [
        "kind: directive",
        "id: bench-big",
        "registry: agencies.yaml",
        "header: {number: 1000/TB-VP, type: thong-bao, issuer: vp-ubnd, issued: 2024-01-02, title: Lớn}",
        "assignments:",
    ]
    for i in range(n):
        lines.append(
            f'  - {{id: a{i}, section: "{i}", title: Việc {i}, lead: {leads[i % len(leads)]}, '
            f"deliverable: {{type: report}}, due: {{working_days: {5 + i % 200}, after: issued}}}}"
        )
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
