"""`directive-flow up` really starts a Prefect server, registers, serves, and stops on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parents[2]
VALID = ROOT / "tests" / "fixtures" / "valid"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(process: subprocess.Popen[str], text: str, timeout: float) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line.rstrip())
        if text in line:
            return seen
    raise AssertionError(f"never printed {text!r}; got {seen}")


def _deployment_names(api: str, timeout: float = 60) -> set[str]:
    deadline = time.monotonic() + timeout
    names: set[str] = set()
    while time.monotonic() < deadline and len(names) < 7:
        request = urllib.request.Request(
            f"{api}/deployments/filter", data=b"{}", headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            names = {d["name"] for d in json.load(answer)}
        time.sleep(1)
    return names


def test_up_serves_every_deployment_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DIRECTIVE_FLOW_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DIRECTIVE_FLOW_DATABASE_URL", None)
    env.pop("PREFECT_API_URL", None)
    command = [
        sys.executable,
        "-m",
        "directive_flow.cli",
        "up",
        "--port",
        str(port),
        "--definitions",
        str(VALID),
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        lines = _wait_for(process, "Open the Prefect UI at", timeout=180)
        assert any("registered test-1-tb-vp: new" in line for line in lines), lines
        assert f"http://127.0.0.1:{port}" in lines[-1]
        names = _deployment_names(f"http://127.0.0.1:{port}/api")
        assert names == {
            "activate",
            "collect",
            "submit",
            "remind",
            "consolidate",
            "open-period",
            "dashboard",
        }
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        assert process.stdout is not None
        process.stdout.close()
    assert process.returncode == 0
    assert (tmp_path / "home" / "logs" / "prefect-server.log").exists()
    assert (tmp_path / "home" / "directive-flow.db").exists()
