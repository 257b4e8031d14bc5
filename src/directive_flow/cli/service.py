"""The service on one machine: a local Prefect server, the definitions, the deployments.

``run_service`` starts ``prefect server start`` (SQLite under DIRECTIVE_FLOW_HOME/prefect),
waits until its API answers, registers every directive under the definitions folder,
serves the deployments (``python -m flows.serve``) and stops both cleanly on Ctrl-C.
Prefect runs in child processes: this module does not import it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from directive_flow.errors import ServiceError


@dataclass(frozen=True)
class ServicePlan:
    """Where and how the service runs."""

    root: Path
    home: Path
    port: int = 4200
    definitions: str = "definitions/"

    @property
    def api_url(self) -> str:
        """The Prefect API the flows talk to."""
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def ui_url(self) -> str:
        """Where operators open the Prefect UI."""
        return f"http://127.0.0.1:{self.port}"

    def environment(self, base: Mapping[str, str]) -> dict[str, str]:
        """The child processes' environment: Prefect's home and API under ours."""
        return {
            **base,
            "DIRECTIVE_FLOW_HOME": str(self.home),
            "PREFECT_HOME": str(self.home / "prefect"),
            "PREFECT_API_URL": self.api_url,
            "PREFECT_UI_URL": self.ui_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(self.port),
        }


def prefect_command() -> list[str]:
    """The ``prefect`` executable installed beside this Python."""
    script = Path(sys.executable).with_name("prefect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "prefect"]


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 120.0) -> float:
    """Poll ``url/health`` until it answers; return the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if process.poll() is not None:
            raise ServiceError(
                f"the Prefect server stopped during start-up (exit {process.returncode})"
            )
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return time.monotonic() - start
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise ServiceError(f"the Prefect server did not answer at {url} within {timeout:.0f} s")


def port_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:``port``."""
    import socket

    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def run_service(
    plan: ServicePlan,
    *,
    register: Callable[[], list[str]],
    say: Callable[[str], None] = print,
) -> int:
    """Start everything, register the definitions, serve until Ctrl-C; return an exit code."""
    if not port_free(plan.port):
        raise ServiceError(f"port {plan.port} is taken: stop what uses it or pass --port")
    logs = plan.home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = plan.environment(os.environ)
    children: list[subprocess.Popen[bytes]] = []
    try:
        server = _spawn(
            [*prefect_command(), "server", "start"], env, plan.root, logs / "prefect-server.log"
        )
        children.append(server)
        waited = wait_healthy(plan.api_url, server)
        say(
            f"Prefect server ready in {waited:.1f} s ({plan.api_url}); log: {logs / 'prefect-server.log'}"
        )
        for line in register():
            say(f"registered {line}")
        serve = [sys.executable, "-m", "flows.serve", plan.definitions]
        children.append(_spawn(serve, env, plan.root, logs / "deployments.log"))
        say(
            f"Serving the deployments. Open the Prefect UI at {plan.ui_url} — Ctrl-C stops everything."
        )
        return _watch(children)
    except KeyboardInterrupt:
        say("stopping ...")
        return 0
    finally:
        _stop(children)


def _spawn(
    command: list[str], env: Mapping[str, str], cwd: Path, log: Path
) -> subprocess.Popen[bytes]:
    with log.open("ab") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            command, env=dict(env), cwd=cwd, stdout=handle, stderr=subprocess.STDOUT
        )


def _watch(children: list[subprocess.Popen[bytes]]) -> int:
    while True:
        for child in children:
            if child.poll() is not None:
                raise ServiceError(f"{_name(child)} stopped (exit {child.returncode}); see its log")
        time.sleep(1)


def _name(child: subprocess.Popen[bytes]) -> str:
    args = child.args
    return " ".join(str(a) for a in args) if isinstance(args, list) else str(args)


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    """Stop the deployments first, then the server; escalate to kill after 20 s."""
    for child in reversed(children):
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
