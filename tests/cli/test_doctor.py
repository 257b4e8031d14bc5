"""directive-flow doctor from a shell: one line per check, exit 1 on a failure, JSON too.

The text speaks Vietnamese (outcome words in a column of 5, "lưu ý" holding a space); the
JSON keeps the names and outcomes scripts read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from notify.servers import free_port

from directive_flow.cli.main import main
from directive_flow.settings import reset
from directive_flow.store.db import forget_stores


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in (
        "DIRECTIVE_FLOW_DATABASE_URL",
        "DIRECTIVE_FLOW_SMTP_URL",
        "PREFECT_API_AUTH_STRING",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path))
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{free_port()}/api")  # nobody
    reset()
    assert main(["db", "upgrade"]) == 0
    yield tmp_path
    forget_stores()
    reset()


def test_doctor_says_what_failed_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["doctor"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [(line[:5].rstrip(), line[6:].split()[0]) for line in lines[:-1]] == [
        ("đạt", "store"),
        ("đạt", "folders"),
        ("lưu ý", "mail"),
        ("lỗi", "prefect"),
    ]
    assert "không kết nối được" in lines[3]
    assert lines[-1] == "1 mục kiểm tra bị lỗi"


def test_doctor_json(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["doctor", "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert found["ok"] is False
    assert [(c["name"], c["outcome"]) for c in found["checks"]] == [
        ("store", "ok"),
        ("folders", "ok"),
        ("mail", "info"),
        ("prefect", "fail"),
    ]
