#!/usr/bin/env python3
"""Set up and run directive-flow with nothing but python3 (3.11+).

    python3 tasks.py run     # set up .venv, then the service: Prefect server, deployments, portal
    python3 tasks.py test    # set up .venv, then ruff, mypy --strict, pytest + coverage
    python3 tasks.py bench   # the benchmarks in bench/

The virtual environment is (re)built when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def sh(*args: str | Path) -> None:
    """Run a command in the project root; stop with its exit code if it fails.

    Ctrl-C reaches the command too: wait for it to stop cleanly, then leave quietly.
    """
    print("+", " ".join(str(a) for a in args), flush=True)
    child = subprocess.Popen([str(a) for a in args], cwd=ROOT)
    try:
        code = child.wait()
    except KeyboardInterrupt:
        code = child.wait()
        sys.exit(130 if code else 0)
    if code:
        sys.exit(code)


def browser() -> None:
    """Debian's Chromium for the portal's browser test (Playwright cannot download one)."""
    if shutil.which("chromium") or not shutil.which("apt-get"):
        return  # present, or not a Debian machine: the browser test says why it skips
    print("+ apt-get install -y chromium", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.call(["apt-get", "update", "-qq"], **quiet)
    subprocess.call(["apt-get", "install", "-y", "-qq", "chromium"], **quiet)


def setup() -> None:
    """Create .venv and install the project with its dev extras, once per pyproject."""
    if sys.version_info < (3, 11):  # noqa: UP036 - users may run an older python3
        sys.exit("directive-flow needs Python 3.11 or newer")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    sh(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    sh(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(digest)


def run() -> None:
    """The main job: validate the definitions, then the service until Ctrl-C."""
    sh(BIN / "directive-flow", "validate", "definitions/")
    sh(BIN / "directive-flow", "up", *sys.argv[2:])


def test() -> None:
    """Every gate, as CI runs it."""
    browser()
    sh(BIN / "ruff", "check", ".")
    sh(BIN / "ruff", "format", "--check", ".")
    sh(BIN / "mypy")
    coverage = ["--cov", "--cov-report=", "--cov-fail-under=0"]  # one report, at the end
    if sys.argv[2:]:  # the tests asked for, as asked
        sh(BIN / "pytest", *coverage, *sys.argv[2:])
    else:  # two processes on the machine's cores; then, alone, the tests that time things
        sh(BIN / "pytest", "--numprocesses=2", "-m", "not serial", *coverage)
        sh(BIN / "pytest", "-m", "serial", "--cov-append", *coverage)
    sh(BIN / "coverage", "report")


def bench() -> None:
    """Every benchmark script in bench/."""
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        sh(BIN / "python", script)


def demo() -> None:
    """A simulated half-year of the reference notice through the flows."""
    sh(BIN / "directive-flow", "demo")


COMMANDS = {"run": run, "test": test, "bench": bench, "demo": demo, "setup": lambda: None}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(COMMANDS)}}} [pytest args]")
    setup()
    COMMANDS[sys.argv[1]]()
