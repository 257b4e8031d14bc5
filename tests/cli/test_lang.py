"""``--lang``: the problems of definition files in Vietnamese by default, the exact English
with ``--lang en`` (or ``DIRECTIVE_FLOW_LANG=en``), in ``validate``, ``register``, ``plan``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from directive_flow.cli.main import main
from directive_flow.settings import reset
from directive_flow.store.db import forget_stores

ROOT = Path(__file__).resolve().parents[2]
VALID = "tests/fixtures/valid"
BROKEN = "tests/fixtures/invalid/unknown-dependency.yaml"
ENGLISH = (
    f"{BROKEN}:21:18: assignment 'finalize-report': depends_on[0]: unknown assignment "
    "'suply-data' (did you mean 'supply-data'?)"
)
VIETNAMESE = (
    f"{BROKEN}:21:18: nhiệm vụ 'finalize-report': depends_on[0]: không có nhiệm vụ "
    "'suply-data' (có phải 'supply-data'?)"
)


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """From the project root, a SQLite store of its own, no language chosen."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DIRECTIVE_FLOW_DATABASE_URL", raising=False)
    monkeypatch.delenv("DIRECTIVE_FLOW_LANG", raising=False)
    reset()
    yield tmp_path / "home"
    forget_stores()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_speaks_vietnamese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", VALID, BROKEN) == (
        1,
        "Đã kiểm tra 3 tệp: 2 hợp lệ, 1 không hợp lệ (1 lỗi)\n",
        f"{VIETNAMESE}\n",
    )


@pytest.mark.parametrize("chosen", [["--lang", "en"], ["--lang=en"]])
def test_validate_in_english_is_the_exact_english(
    capsys: pytest.CaptureFixture[str], chosen: list[str]
) -> None:
    assert run(capsys, *chosen, "validate", VALID, BROKEN) == (
        1,
        "3 file(s) checked: 2 valid, 1 invalid (1 problem(s))\n",
        f"{ENGLISH}\n",
    )
    assert run(capsys, *chosen, "validate", VALID) == (
        0,
        "2 file(s) checked: 2 valid, 0 invalid\n",
        "",
    )


def test_the_environment_chooses_and_the_option_wins(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVE_FLOW_LANG", "en")
    assert run(capsys, "validate", BROKEN)[2] == f"{ENGLISH}\n"
    assert run(capsys, "--lang", "vi", "validate", BROKEN)[2] == f"{VIETNAMESE}\n"


def test_an_unknown_language_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVE_FLOW_LANG", "fr")
    assert run(capsys, "validate", VALID) == (
        2,
        "",
        "directive-flow: lỗi: DIRECTIVE_FLOW_LANG: 'fr' không phải một trong các giá trị: vi, en.\n",
    )
    with pytest.raises(SystemExit) as exited:  # argparse's own usage error
        main(["--lang", "fr", "validate", VALID])
    assert exited.value.code == 2
    assert "lỗi: đối số --lang: lựa chọn không hợp lệ: 'fr'" in capsys.readouterr().err


@pytest.mark.parametrize(("lang", "shown"), [("vi", VIETNAMESE), ("en", ENGLISH)])
def test_validate_json_shows_the_message_and_keeps_the_english(
    capsys: pytest.CaptureFixture[str], lang: str, shown: str
) -> None:
    code, out, err = run(capsys, "--lang", lang, "validate", "--format", "json", BROKEN)
    assert (code, err) == (1, "")
    assert json.loads(out)["problems"] == [
        {
            "path": BROKEN,
            "line": 21,
            "col": 18,
            "message": shown.removeprefix(f"{BROKEN}:21:18: "),
            "message_en": ENGLISH.removeprefix(f"{BROKEN}:21:18: "),
        }
    ]


@pytest.mark.parametrize(("lang", "shown"), [("vi", VIETNAMESE), ("en", ENGLISH)])
def test_plan_prints_the_problems_in_the_language_chosen(
    capsys: pytest.CaptureFixture[str], lang: str, shown: str
) -> None:
    assert run(capsys, "--lang", lang, "plan", BROKEN) == (1, "", f"{shown}\n")


@pytest.mark.parametrize(("lang", "shown"), [("vi", VIETNAMESE), ("en", ENGLISH)])
def test_register_refuses_in_the_language_chosen(
    capsys: pytest.CaptureFixture[str], lang: str, shown: str
) -> None:
    code, out, err = run(capsys, "--lang", lang, "register", BROKEN, "--as-of", "2024-07-01")
    assert (code, out) == (1, "")
    assert err == f"{shown}\n" + (
        "0 file(s) registered, 1 refused\n"
        if lang == "en"
        else "Đã đăng ký 0 tệp, 1 tệp bị từ chối\n"
    )
    code, out, _ = run(
        capsys, "--lang", lang, "register", BROKEN, "--as-of", "2024-07-01", "--format", "json"
    )
    assert code == 1
    assert json.loads(out) == {
        "registered": [],
        "refused": [{"file": BROKEN, "problems": [shown], "problems_en": [ENGLISH]}],
    }
