"""`directive-flow demo` plays the half-year end to end, in under two minutes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_demo_reminds_escalates_and_builds_the_report(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for name in ("PREFECT_API_URL", "DIRECTIVE_FLOW_DATABASE_URL", "DIRECTIVE_FLOW_SMTP_URL"):
        env.pop(name, None)
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    result = subprocess.run(
        [sys.executable, "-m", "directive_flow.cli", "demo", "--output", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "Chuyển cấp (đôn đốc thủ trưởng, báo cáo lãnh đạo): 3" in out
    assert "s6-cung-cap-so-lieu/ca-tinh:escalate-head" in out
    assert "ubnd-tu-mo-rong:escalate-leader" in out
    assert "16 hoàn thành đúng hạn, 3 hoàn thành quá hạn" in out
    reports = list((tmp_path / "out").rglob("reports/**/*-final-*.docx"))
    letters = list((tmp_path / "out").rglob("letters/**/*.docx"))
    assert len(reports) == 1
    assert len(letters) == 3
    received = int(out.split("E-mail nhận được tại máy chủ SMTP thử nghiệm: ")[1].split()[0])
    assert received >= 20
