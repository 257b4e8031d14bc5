"""The portal under load: 100 agencies x 50 tasks, N concurrent clients on loopback.

Phases, each bounded in time and in requests (``--seconds``, ``--max-requests``):

1. ``floor``: a bare endpoint in the same server, no session, no template, serving the
   same query as the task list (``steps.tasklist.task_list`` for one agency);
2. ``list``: ``GET /api/tasks`` as N signed-in contacts of N agencies;
3. ``mixed``: each client alternates handing in one of its tasks
   (``POST /api/tasks/.../submissions``) and listing its tasks.

Each client waits ``--think`` seconds on average between requests (a person reading the
page; 0.5 s is a brisk one); ``--think 0`` sends as fast as it can, which measures the
server's throughput and makes the latency that of a queue of N requests.

What is measured is the server in steady state, as people meet it: the HTTP clients (and
their connections) are opened before the clock starts, and every client first makes one
unmeasured request of each kind (a fresh server's first requests build its statement and
template caches and its pooled connections: ~0.3-0.5 s, once per process). With a think
time, each client's first measured request comes at a random moment within one think time,
as people's do; 20 requests fired in the same millisecond measure a queue of 20
(``--burst`` does that, for the worst case).

Prints requests per second and p50/p95/p99 latency per phase, the list's p95 against the
floor's, and any server error or "database is locked". The server runs in a child
process (uvicorn, one worker) so the clients do not share its interpreter.

    .venv/bin/python bench/bench_portal.py [--clients 20] [--seconds 10]
        [--think 0.5] [--burst] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/db]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from common import serve_app

AGENCIES, DIRECTIVES, ASSIGNMENTS = 100, 5, 10  # 100 agencies x 50 tasks


def registry_yaml() -> str:
    """100 agencies, each with one contact, and the group of all of them."""
    lines = ["kind: agency-registry", "id: bench-portal", "name: Tỉnh thử tải", "agencies:"]
    lines += ["  - {code: vp-ubnd, name: Văn phòng UBND tỉnh, kind: office}"]
    for i in range(AGENCIES):
        lines.append(
            f"  - {{code: co-quan-{i:03d}, name: Cơ quan số {i}, kind: department, "
            f"contacts: [{{email: vanthu{i:03d}@example.vn}}]}}"
        )
    members = ", ".join(f"co-quan-{i:03d}" for i in range(AGENCIES))
    lines += ["groups:", f"  - {{code: tat-ca, name: Tất cả cơ quan, members: [{members}]}}"]
    return "\n".join(lines) + "\n"


def directive_yaml(d: int, issued: str) -> str:
    """Ten assignments to every agency, each asking for one whole number."""
    lines = [
        "kind: directive",
        f"id: tai-{d}",
        "registry: agencies.yaml",
        f"header: {{number: {d}/TB-VP, type: thong-bao, issuer: vp-ubnd, issued: {issued}, "
        f"title: Văn bản thử tải {d}}}",
        "assignments:",
    ]
    for a in range(ASSIGNMENTS):
        lines += [
            f"  - id: nv-{a}",
            f'    section: "{a + 1}"',
            f"    title: Nhiệm vụ {a} của văn bản {d}",
            "    lead: tat-ca",
            "    deliverable: {type: data, fields: [{name: so_lieu, label: Số liệu, type: integer}]}",
            f"    due: {{working_days: {20 + a}, after: issued}}",
        ]
    return "\n".join(lines) + "\n"


def build_store(folder: Path, url: str) -> None:
    """Register the directives (5 x 1,000 tasks)."""
    from directive_flow.domain import Actor, Channel
    from directive_flow.steps.common import local_today
    from directive_flow.steps.register import register_directive
    from directive_flow.store.db import open_store, session_scope

    (folder / "agencies.yaml").write_text(registry_yaml(), "utf-8")
    engine = open_store(url)
    issued = (local_today() - timedelta(days=3)).isoformat()
    for d in range(DIRECTIVES):
        path = folder / f"tai-{d}.yaml"
        path.write_text(directive_yaml(d, issued), "utf-8")
        with session_scope(engine) as session:
            register_directive(
                session,
                path=path,
                actor=Actor.as_operator("bench", Channel.CLI),
                as_of=local_today(),
            )


def cookies_for(url: str, clients: int) -> list[tuple[str, str, str]]:
    """(agency, cookie value, CSRF token) of one session per client, opened in the store
    directly: the sign-in mail is not what is measured."""
    from directive_flow.settings import get_settings
    from directive_flow.steps.common import utc_now
    from directive_flow.steps.identity import open_session
    from directive_flow.steps.signing import sign, signing_key
    from directive_flow.store.db import open_store, session_scope

    out = []
    with session_scope(open_store(url)) as session:
        key = signing_key(session, get_settings())
        for i in range(clients):
            agency, email = f"co-quan-{i:03d}", f"vanthu{i:03d}@example.vn"
            opened = open_session(
                session, name=email, email=email, agency=agency, operator=False,
                address="127.0.0.1", now=utc_now(),
            )  # fmt: skip
            token = opened.token
            out.append((agency, f"{token}.{sign(key, 'session', token)}", sign(key, "csrf", token)))
    return out


def floor_app() -> Any:
    """The portal with one more route: the task list's query, bare (the floor)."""
    from directive_flow.steps.common import local_today
    from directive_flow.steps.tasklist import task_list
    from directive_flow.store.db import read_scope
    from directive_flow.web import create_app

    app = create_app()

    @app.get("/bench/floor/{agency}")
    def floor(agency: str) -> dict[str, Any]:
        with read_scope(app.state.portal.engine) as session:  # as the task list reads
            items = task_list(session, agency=agency, as_of=local_today())
        return {"tasks": [i.to_json() for i in items]}

    return app


class Phase:
    """Latencies and outcomes of one phase."""

    def __init__(self, name: str) -> None:
        self.name, self.times, self.errors, self.locked = name, [], 0, 0
        self.times: list[float]
        self.started = time.perf_counter()
        self.elapsed = 0.0

    def record(self, seconds: float, response: httpx.Response) -> None:
        """One request's latency, and whether the server failed it."""
        self.times.append(seconds)
        if response.status_code >= 500 or response.status_code == 429:
            self.errors += 1
        if "locked" in response.text:
            self.locked += 1

    def line(self) -> str:
        """The phase's figures, one line."""
        q = statistics.quantiles(self.times, n=100)
        return (
            f"{self.name:6} {len(self.times):6d} req  {len(self.times) / self.elapsed:7.1f} req/s  "
            f"p50 {q[49] * 1000:6.1f} ms  p95 {q[94] * 1000:6.1f} ms  p99 {q[98] * 1000:6.1f} ms  "
            f"errors {self.errors}  locked {self.locked}"
        )

    def p95(self) -> float:
        """The 95th percentile, in seconds."""
        return statistics.quantiles(self.times, n=100)[94]


Client = tuple[httpx.AsyncClient, str, str]  # (its HTTP client, agency, CSRF token)


async def request(kind: str, client: Client, n: int) -> httpx.Response:
    """One request of a phase: the floor, the task list, or (mixed, odd n) a hand-in."""
    http, agency, csrf = client
    if kind == "floor":
        return await http.get(f"/bench/floor/{agency}")
    if kind == "mixed" and n % 2:
        path = f"/api/tasks/tai-{n % DIRECTIVES}/nv-{n % ASSIGNMENTS}/{agency}/submissions"
        return await http.post(path, json={"data": {"so_lieu": n}}, headers={"X-CSRF-Token": csrf})
    return await http.get("/api/tasks")


async def run_phase(name: str, clients: list[Client], args: argparse.Namespace) -> Phase:
    """N clients hitting the server until the time or the request budget runs out."""
    phase = Phase(name)
    deadline = time.perf_counter() + args.seconds
    budget = [args.max_requests]

    async def one(client: Client, index: int) -> None:
        rng = random.Random(index)
        if args.think and not args.burst:  # people do not all click in the same millisecond
            await asyncio.sleep(args.think * rng.random())
        n = 0
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            n += 1
            start = time.perf_counter()
            response = await request(name, client, n)
            phase.record(time.perf_counter() - start, response)
            if args.think:
                await asyncio.sleep(args.think * (0.5 + rng.random()))

    await asyncio.gather(*(one(c, i) for i, c in enumerate(clients)))
    phase.elapsed = time.perf_counter() - phase.started
    return phase


async def load(
    base: str, sessions: list[tuple[str, str, str]], args: argparse.Namespace
) -> list[Phase]:
    """Open the clients, warm the server up (unmeasured), then run the three phases."""
    clients: list[Client] = [
        (httpx.AsyncClient(base_url=base, cookies={"df_session": cookie}, timeout=30), agency, csrf)
        for agency, cookie, csrf in sessions
    ]
    try:
        for kind in ("floor", "list"):  # one of each per client; nothing is recorded
            await asyncio.gather(*(request(kind, c, 0) for c in clients))
        return [await run_phase(n, clients, args) for n in ("floor", "list", "mixed")]
    finally:
        await asyncio.gather(*(http.aclose() for http, _, _ in clients))


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    """This bench's app (the portal with its floor routes) served by uvicorn."""
    return serve_app("bench_portal:floor_app", env, port, tries=200)


def main() -> None:
    """Build, serve, load, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--think",
        type=float,
        default=0.5,
        help="seconds a client waits between requests, on average (0: as fast as it can)",
    )
    parser.add_argument(
        "--burst", action="store_true", help="every client's first request at the same moment"
    )
    args = parser.parse_args()
    args.clients = max(1, min(args.clients, AGENCIES))
    args.seconds = max(1.0, min(args.seconds, 60.0))
    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp:
        folder, port = Path(tmp), free_port()
        url = args.database_url or f"sqlite:///{folder / 'store.db'}"
        env = {**os.environ, "DIRECTIVE_FLOW_HOME": str(folder / "home"), "DIRECTIVE_FLOW_DATABASE_URL": url,
               "DIRECTIVE_FLOW_PORTAL_URL": f"http://127.0.0.1:{port}"}  # fmt: skip
        env.pop("DIRECTIVE_FLOW_SECRET_KEY", None)
        os.environ.update(env)
        start = time.perf_counter()
        build_store(folder, url)
        sessions = cookies_for(url, args.clients)
        print(
            f"store: {url.split('://')[0]}, {AGENCIES} agencies x {DIRECTIVES * ASSIGNMENTS} tasks, built in {time.perf_counter() - start:.1f} s"
        )
        server = serve(env, port)
        try:
            base = f"http://127.0.0.1:{port}"
            phases = asyncio.run(load(base, sessions, args))
        finally:
            server.terminate()
            server.wait(timeout=20)
    start = "all at once" if args.burst or not args.think else "spread over one think time"
    print(f"{args.clients} clients, {args.seconds:.0f} s per phase, think time {args.think} s, "
          f"first requests {start}")  # fmt: skip
    for phase in phases:
        print(phase.line())
    floor, listing = phases[0].p95(), phases[1].p95()
    print(f"list p95 / floor p95: {listing / floor:.2f}x (aim: < 100 ms and <= 2x)")


if __name__ == "__main__":
    main()
