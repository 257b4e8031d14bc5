"""prefect.yaml really deploys to a process work pool, and a worker runs the flows."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from directive_flow.cli.service import prefect_command, wait_healthy
from directive_flow.store.db import make_engine, session_scope
from directive_flow.store.tables import TaskRow

ROOT = Path(__file__).parents[2]


def _post(api: str, path: str, body: dict[str, object]) -> object:
    request = urllib.request.Request(
        f"{api}{path}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def _run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=180)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_worker_runs_the_deployments_of_prefect_yaml(tmp_path: Path) -> None:
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DIRECTIVE_FLOW_HOME": str(tmp_path / "home"),
        "DIRECTIVE_FLOW_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
        "DIRECTIVE_FLOW_DEFINITIONS": str(ROOT / "tests" / "fixtures"),  # what workers may read
    }
    prefect = prefect_command()
    with (tmp_path / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [*prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    worker: subprocess.Popen[bytes] | None = None
    try:
        wait_healthy(api, server)
        _run([*prefect, "work-pool", "create", "directive-flow", "--type", "process"], env)
        _run([*prefect, "--no-prompt", "deploy", "--all"], env)
        names = {d["name"] for d in _post(api, "/deployments/filter", {})}  # type: ignore[attr-defined]
        assert names == {
            "activate",
            "collect",
            "submit",
            "review",
            "extend",
            "remind",
            "consolidate",
            "open-period",
            "dashboard",
        }
        with (tmp_path / "worker.log").open("wb") as log:
            worker = subprocess.Popen(
                [*prefect, "worker", "start", "--pool", "directive-flow"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        _run(
            [
                *prefect,
                "deployment",
                "run",
                "activate/activate",
                "--param",
                f"path={ROOT / 'tests' / 'fixtures' / 'valid'}",  # relative: under the home
            ],
            env,
        )
        state = _wait_for_run(api)
        assert state == "COMPLETED", (tmp_path / "worker.log").read_text()[-3000:]
    finally:
        for process in (worker, server):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGINT)
                process.wait(timeout=60)
    engine = make_engine(env["DIRECTIVE_FLOW_DATABASE_URL"])
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(TaskRow)) == 5
    engine.dispose()


def _wait_for_run(api: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = _post(api, "/flow_runs/filter", {})
        states = [r["state_type"] for r in runs]  # type: ignore[attr-defined]
        if states and states[0] in ("COMPLETED", "FAILED", "CRASHED"):
            return str(states[0])
        time.sleep(1)
    return "TIMEOUT"
