"""The wheel carries everything: installed in a fresh environment, `demo` runs from any folder.

The wheel is built from this checkout (hatchling, without a network), installed with its
own pip into a new virtual environment that sees the dependencies of ``.venv`` but not
this checkout, and ``directive-flow demo`` runs from an empty folder: the flows, the
templates, the migrations and the example definitions all come from the wheel.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _run(command: list[str | Path], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DIRECTIVE_FLOW_", "PREFECT_"))
    }
    clean.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_installed_wheel_runs_the_demo_from_an_empty_folder(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            ".",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            dist,
        ],
        cwd=ROOT,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = dist.glob("directive_flow-*.whl")

    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=True)
    python = fresh / "bin" / "python"
    site = Path(sysconfig.get_path("purelib", vars={"base": str(fresh), "platbase": str(fresh)}))
    # the dependencies of .venv, not its editable link to this checkout (a plain path line)
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    installed = _run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel], cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr

    empty = tmp_path / "anywhere"
    empty.mkdir()
    where = _run(
        [
            python,
            "-c",
            "import directive_flow, flows; print(directive_flow.__file__, flows.__file__)",
        ],
        cwd=empty,
    )
    assert where.returncode == 0, where.stderr
    assert all(Path(p).is_relative_to(fresh) for p in where.stdout.split()), where.stdout

    played = _run(
        [fresh / "bin" / "directive-flow", "demo", "-o", "out"],
        cwd=empty,
        PREFECT_HOME=str(tmp_path / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    assert played.returncode == 0, played.stderr[-3000:]
    assert "Chuyển cấp (đôn đốc thủ trưởng, báo cáo lãnh đạo): 3" in played.stdout
    assert len(list((empty / "out").rglob("reports/**/*-final-*.docx"))) == 1
    assert "INFO" not in played.stdout  # quiet by default
