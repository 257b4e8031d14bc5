"""The service on one machine: a Prefect server, the deployments, the portal, until stopped.

``run_service`` starts ``prefect server start`` (SQLite under DIRECTIVE_FLOW_HOME/prefect,
telemetry off), waits until its API answers, registers the definitions, then serves the
deployments (``python -m flows.serve``) and the portal (``directive-flow portal``), prints
both addresses and watches them; what it prints is Vietnamese, or the exact English for
``lang="en"`` (:data:`~directive_flow.texts.help.SERVICE`). Ctrl-C, SIGTERM or SIGHUP stop every child (the portal
and the deployments first, the server last) and exit 0; a child that dies stops the rest
and exits 1. On Linux each child also gets SIGTERM should this process die without
cleaning up. Prefect runs in child processes: this module does not import it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from directive_flow.errors import ServiceError
from directive_flow.texts.help import service_line

__all__ = ["ServicePlan", "port_free", "prefect_command", "run_service", "wait_healthy"]

_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class ServicePlan:
    """Where and how the service runs."""

    home: Path
    definitions: Path
    historical: bool = False
    port: int = 4200
    portal_port: int | None = 8200

    @property
    def api_url(self) -> str:
        """The Prefect API the flows talk to."""
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def ui_url(self) -> str:
        """Where operators open the Prefect UI."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def portal_url(self) -> str:
        """Where agencies open the portal."""
        return f"http://127.0.0.1:{self.portal_port}"

    def environment(self, base: Mapping[str, str]) -> dict[str, str]:
        """The child processes' environment: Prefect's home and API under ours."""
        env = {
            **base,
            "DIRECTIVE_FLOW_HOME": str(self.home),
            "PREFECT_HOME": str(self.home / "prefect"),
            "PREFECT_API_URL": self.api_url,
            "PREFECT_UI_URL": self.ui_url,
            "PREFECT_SERVER_UI_API_URL": self.api_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(self.port),
        }
        if self.portal_port is not None:
            env.setdefault("DIRECTIVE_FLOW_PORTAL_URL", self.portal_url)
        return env


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
    lang: str = "en",
) -> int:
    """Start everything, register the definitions, serve until stopped; return an exit code.

    ``register`` returns one line per directive registered; every line is said in ``lang``.
    """

    def said(english: str, **fields: object) -> None:
        say(service_line(english, lang, **fields))

    for port in (plan.port, plan.portal_port):
        if port is not None and not port_free(port):
            raise ServiceError(f"port {port} is taken: stop what uses it or choose another port")
    logs = plan.home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = plan.environment(os.environ)
    children: list[subprocess.Popen[bytes]] = []
    with _stopped_by_signals():
        try:
            server = _spawn([*prefect_command(), "server", "start"], env, plan.home, logs)
            children.append(server)
            waited = wait_healthy(plan.api_url, server)
            said(
                "Prefect server ready in {seconds} s ({api}); logs: {logs}",
                seconds=waited,
                api=plan.api_url,
                logs=logs,
            )
            for line in register():
                said("registered {line}", line=line)
            children += _serve(plan, env, logs)
            said("Prefect UI (operators): {url}", url=plan.ui_url)
            if plan.portal_port is not None:
                said("Portal (agencies): {url}", url=plan.portal_url)
            said("Ctrl-C stops everything.")
            return _watch(children)
        except KeyboardInterrupt:
            said("stopping ...")
            return 0
        finally:
            _stop(children)


def _serve(plan: ServicePlan, env: Mapping[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    """The deployments, and the portal once asked for."""
    serve = [sys.executable, "-m", "flows.serve", str(plan.definitions)]
    children = [_spawn(serve, env, plan.home, logs)]
    if plan.portal_port is not None:
        portal = [sys.executable, "-m", "directive_flow.cli", "portal"]
        children.append(_spawn([*portal, "--port", str(plan.portal_port)], env, plan.home, logs))
    return children


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the service as Ctrl-C does."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, stop) for s in _STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _spawn(
    command: list[str], env: Mapping[str, str], cwd: Path, logs: Path
) -> subprocess.Popen[bytes]:
    name = "prefect-server" if "server" in command else Path(command[2]).name.replace(".", "-")
    with (logs / f"{name}.log").open("ab") as handle:  # the child keeps its own descriptor
        return subprocess.Popen(
            command,
            env=dict(env),
            cwd=cwd,
            stdout=handle,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
            start_new_session=True,  # Ctrl-C reaches us only; we stop the children in order
        )


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if this process dies without stopping it (kill -9)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


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
    """Stop the portal and the deployments, then the server; kill what lingers after 20 s.

    Each child leads its own process group: the signal reaches whatever it started too.
    """
    for child in reversed(children):
        if child.poll() is None:
            _signal_group(child, signal.SIGINT)
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal_group(child, signal.SIGKILL)
                child.wait()


def _signal_group(child: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
        os.killpg(child.pid, signum)
