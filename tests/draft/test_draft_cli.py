"""``directive-flow draft``: output, JSON with confidences, --against, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from directive_flow.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = str(ROOT / "tests/fixtures/notices/registry.yaml")
NOTICE = str(ROOT / "tests/fixtures/notices/01-ket-luan-hop.txt")


def test_writes_a_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "d.yaml"
    assert main(["draft", NOTICE, "--registry", REGISTRY, "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"đã ghi {out} (4 nhiệm vụ, 0 mục TODO cần bổ sung)\n"
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    assert main(["validate", str(out)]) == 0


def test_json_has_a_confidence_per_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", NOTICE, "--registry", REGISTRY, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["header"]["number"] == {"value": "1021/TB-VP", "confidence": 0.95}
    first = data["assignments"][0]
    assert first["lead"] == {"value": "so-yt", "confidence": 0.95}
    assert first["due"]["value"] == {"date": "2014-07-30", "as_written": "trước ngày 30/7/2014"}
    assert 0 <= first["due"]["confidence"] <= 1
    assert data["todos"] == []


def test_against_a_reviewed_definition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = ROOT / "tests/fixtures/notices/expected/01-ket-luan-hop.yaml"
    reviewed = tmp_path / "reviewed.yaml"
    text = expected.read_text(encoding="utf-8").replace(
        "registry: ../registry.yaml", f"registry: {REGISTRY}"
    )
    text = text.replace("file: ../01-ket-luan-hop.txt", f"file: {NOTICE}")
    reviewed.write_text(text.replace("lead: so-tc", "lead: so-khdt"), encoding="utf-8")
    assert main(["draft", NOTICE, "--registry", REGISTRY, "--against", str(reviewed)]) == 1
    assert capsys.readouterr().out.splitlines()[-3:] == [
        "~ section 3: s3 <-> s3",
        "    lead: drafted so-tc, reviewed so-khdt",
        "4 paired, 0 added, 0 missing, 1 changed",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "directive-flow: lỗi: {path}: thông báo không có nội dung\n"),
        (
            b"\x00\xff\x00",
            "directive-flow: lỗi: Tệp nhị phân, không phải văn bản thông báo (có byte NUL): "
            "hãy lưu lại dạng văn bản UTF-8.\n",
        ),
    ],
)
def test_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "n.txt"
    path.write_bytes(content)
    assert main(["draft", str(path), "--registry", REGISTRY]) == 1
    assert capsys.readouterr().err == message.format(path=path)


def test_missing_notice_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["draft", str(tmp_path / "none.txt"), "--registry", REGISTRY]) == 2
    assert capsys.readouterr().err.startswith("directive-flow: lỗi: Không đọc được ")


def test_does_not_import_prefect() -> None:
    import subprocess
    import sys

    code = "import sys, directive_flow.cli.draft, directive_flow.draft; print('prefect' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
