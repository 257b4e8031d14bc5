"""The systemd units parse, stop as documented, and start commands that exist; the guide's
environment file means the same to systemd, a shell and directive-flow."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ops.guide import ROOT, Substitutions, blocks, environment_file, unit
from pydantic_settings import BaseSettings

from directive_flow.cli.main import build_parser

VENV = Path(sys.executable).parent.parent
ENV_FILE = "/etc/directive-flow/directive-flow.env"
NAMES = [
    "directive-flow-prefect.service",
    "directive-flow-worker@.service",
    "directive-flow-portal.service",
]


def _local(tmp_path: Path) -> Substitutions:
    subs = Substitutions()
    subs.add("/opt/directive-flow", str(VENV))
    subs.add(ENV_FILE, str(tmp_path / "directive-flow.env"))
    return subs


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
@pytest.mark.parametrize("name", NAMES)
def test_systemd_verifies_each_unit_without_a_complaint(name: str, tmp_path: Path) -> None:
    (tmp_path / "directive-flow.env").write_text("", encoding="utf-8")
    target = tmp_path / name.replace("@.", "@1.")  # a template is verified as an instance
    target.write_text(_local(tmp_path).apply(unit(name).path.read_text(encoding="utf-8")))
    done = subprocess.run(
        ["systemd-analyze", "verify", str(target)], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("name", NAMES)
def test_each_unit_restarts_reads_the_environment_file_and_stops_as_documented(name: str) -> None:
    service = unit(name).service
    assert service["EnvironmentFile"] == [ENV_FILE]
    assert service["User"] == ["directive-flow"]
    assert service["KillSignal"] == ["SIGTERM"]
    assert service["Restart"][0] in ("on-failure", "always")
    stop = int(service["TimeoutStopSec"][0])
    if "worker" in name:  # the worker waits for its flow runs; they are not signalled
        assert (service["KillMode"], stop) == (["mixed"], 600)
    else:  # a server: it listens on loopback only, behind the proxy
        assert stop == 30
        assert "--host 127.0.0.1 " in unit(name).one("ExecStart")


def test_the_portal_unit_runs_a_directive_flow_command_that_exists(tmp_path: Path) -> None:
    argv = unit("directive-flow-portal.service").argv(_local(tmp_path))
    assert argv[0] == str(VENV / "bin" / "directive-flow")
    args = build_parser().parse_args(argv[1:])
    assert (args.command, args.host, args.port, args.workers, args.proxy) == (
        "portal",
        "127.0.0.1",
        8200,
        2,
        True,
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("directive-flow-prefect.service", ["server", "start"]),
        ("directive-flow-worker@.service", ["worker", "start"]),
    ],
)
def test_the_prefect_units_give_options_the_installed_prefect_knows(
    name: str, words: list[str], tmp_path: Path
) -> None:
    argv = unit(name).argv(_local(tmp_path), instance="1")
    assert argv[:3] == [str(VENV / "bin" / "prefect"), *words]
    shown = subprocess.run(
        [*argv[:3], "--help"], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    for option in (a for a in argv[3:] if a.startswith("--")):
        assert f"{option} " in shown, option


def test_the_environment_file_reads_the_same_in_systemd_a_shell_and_directive_flow(
    tmp_path: Path,
) -> None:
    [text] = [b.text for b in blocks() if b.mark == "env-file"]
    path = tmp_path / "directive-flow.env"
    path.write_text(text + "\n", encoding="utf-8")
    systemd = environment_file(text)
    script = f"set -a; . {path}; set +a; " + "; ".join(
        f'printf "%s\\0" "${name}"' for name in systemd
    )
    shell = subprocess.run(["bash", "-c", script], capture_output=True, check=True).stdout
    assert dict(zip(systemd, shell.decode().split("\0")[:-1], strict=True)) == systemd
    assert _dotenv(path) == systemd
    assert systemd["DIRECTIVE_FLOW_SMTP_URL"].endswith("?from=nhacviec@example.vn")
    assert "--host 0.0.0.0" not in (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")


def _dotenv(path: Path) -> dict[str, str]:
    """The file as pydantic-settings reads DIRECTIVE_FLOW_ENV_FILE (python-dotenv)."""

    class Everything(BaseSettings):
        model_config = {"extra": "allow"}

    found = Everything(_env_file=path)  # type: ignore[call-arg]
    return {k.upper(): str(v) for k, v in (found.model_extra or {}).items()}
