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
    while time.monotonic() < deadline and len(names) < 9:  # every deployment of flows.deployments
        request = urllib.request.Request(
            f"{api}/deployments/filter", data=b"{}", headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            names = {d["name"] for d in json.load(answer)}
        time.sleep(1)
    return names


def _ours(home: Path) -> list[int]:
    """Processes still running with this test's DIRECTIVE_FLOW_HOME in their environment."""
    marker = f"DIRECTIVE_FLOW_HOME={home}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                if marker in (proc / "environ").read_bytes().split(b"\0"):
                    found.append(int(proc.name))
            except OSError:
                continue  # gone meanwhile, or not ours to read
    return found


def _start(tmp_path: Path, *definitions: str) -> tuple[subprocess.Popen[str], int, Path]:
    port, home = _free_port(), tmp_path / "home"
    env = {**os.environ, "DIRECTIVE_FLOW_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    env.pop("DIRECTIVE_FLOW_DATABASE_URL", None)
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-m", "directive_flow.cli", "up", "--port", str(port)]
    command += ["--portal-port", str(_free_port()), *definitions]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    return process, port, home


def _stop(process: subprocess.Popen[str], signum: int) -> str:
    process.send_signal(signum)
    process.wait(timeout=60)
    assert process.stdout is not None
    rest = process.stdout.read()
    process.stdout.close()
    return rest


def test_up_serves_every_deployment_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    process, port, home = _start(tmp_path, "--definitions", str(VALID))
    try:
        lines = _wait_for(process, "Nhấn Ctrl-C để dừng tất cả", timeout=180)
        assert any("Đã đăng ký test-1-tb-vp: văn bản mới" in line for line in lines), lines
        assert any(
            f"Giao diện Prefect (cho cán bộ vận hành): http://127.0.0.1:{port}" in line
            for line in lines
        )
        names = _deployment_names(f"http://127.0.0.1:{port}/api")
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
    finally:
        rest = _stop(process, signal.SIGINT)
    assert process.returncode == 0
    assert "Traceback" not in "\n".join(lines) + rest
    assert _ours(home) == []  # nothing left behind
    assert (home / "logs" / "prefect-server.log").exists()
    assert (home / "directive-flow.db").exists()


def test_sigterm_stops_every_child_and_the_examples_are_historical(tmp_path: Path) -> None:
    process, _, home = _start(tmp_path)  # from an empty folder: the bundled examples
    try:
        lines = _wait_for(process, "Nhấn Ctrl-C để dừng tất cả", timeout=180)
        assert any(
            "kontum-2014-975-tb-vp: văn bản mới" in line and "tư liệu mẫu" in line for line in lines
        )
        assert _ours(home), "the children run with our home"
    finally:
        rest = _stop(process, signal.SIGTERM)
    assert process.returncode == 0
    assert "Traceback" not in rest
    assert _ours(home) == []


def test_the_readme_run_command_stops_on_ctrl_c_without_a_traceback(tmp_path: Path) -> None:
    """`python3 tasks.py run`, and Ctrl-C as a terminal sends it: to the whole foreground group."""
    home = tmp_path / "home"
    env = {**os.environ, "DIRECTIVE_FLOW_HOME": str(home)}
    for name in ("DIRECTIVE_FLOW_DATABASE_URL", "PREFECT_API_URL"):
        env.pop(name, None)
    command = ["python3", "tasks.py", "run", "--port", str(_free_port())]
    command += ["--portal-port", str(_free_port())]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        lines = _wait_for(process, "Nhấn Ctrl-C để dừng tất cả", timeout=240)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=60)
        assert process.stdout is not None
        rest = process.stdout.read()
        process.stdout.close()
    assert process.returncode == 0, rest
    assert "Traceback" not in "\n".join(lines) + rest
    assert "KeyboardInterrupt" not in rest
    assert _ours(home) == []
