"""What the store benchmarks share: timing, statement counting, a scratch PostgreSQL, the
bench operator and a large directive file."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
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


def ms(seconds: float) -> float:
    """Milliseconds, one decimal."""
    return round(seconds * 1000, 1)


def exponent(sizes: list[float], times: list[float]) -> float | None:
    """k in time ~ size^k, least squares on the logs; none from a single size."""
    if len(set(sizes)) < 2:
        return None
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-6)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    num = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return round(num / sum((x - mx) ** 2 for x in xs), 2)


def serve_app(
    app: str, env: dict[str, str], port: int, tries: int = 300
) -> subprocess.Popen[bytes]:
    """uvicorn serving the factory ``app`` (``module:function`` of bench/), one worker, in a
    child process; returns once its ``/healthz`` answers."""
    command = [sys.executable, "-m", "uvicorn", "--factory", "--app-dir", str(Path(__file__).parent),
               app, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    for _ in range(tries):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the portal did not start")
