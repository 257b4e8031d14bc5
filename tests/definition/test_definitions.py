"""Every shipped definition under ``definitions/`` validates, and points editors at its schema."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from directive_flow.cli.main import main
from directive_flow.planning.validation import definition_files

ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = ROOT / "definitions"
FILES = sorted(definition_files([DEFINITIONS])) if DEFINITIONS.is_dir() else []
NONE_YET = pytest.param(
    None,
    id="no-definitions",
    marks=pytest.mark.skip(reason="definitions/ holds no YAML file yet"),
)


def _params() -> list[object]:
    if not FILES:
        return [NONE_YET]
    return [pytest.param(p, id=p.relative_to(DEFINITIONS).as_posix()) for p in FILES]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DIRECTIVE_FLOW_LANG", raising=False)


@pytest.mark.parametrize("path", _params())
def test_definition_is_valid(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shown = path.relative_to(ROOT).as_posix()
    code = main(["validate", shown])
    captured = capsys.readouterr()
    assert captured.out == "Đã kiểm tra 1 tệp: 1 hợp lệ, 0 không hợp lệ\n"
    assert (code, captured.err) == (0, "")


@pytest.mark.parametrize("path", _params())
def test_definition_names_its_json_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), f"{path.name}: first line is {first!r}"
    schema = (path.parent / first.removeprefix(prefix)).resolve()
    assert schema.parent == ROOT / "schema"
    assert schema.is_file(), f"{path.name}: no such schema {schema}"


def test_the_whole_folder_validates_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    if not FILES:
        pytest.skip("definitions/ holds no YAML file yet")
    code = main(["validate", "definitions"])
    out = capsys.readouterr().out
    count = len(FILES)
    assert out == f"Đã kiểm tra {count} tệp: {count} hợp lệ, 0 không hợp lệ\n"
    assert code == 0


def test_without_a_leader_the_default_ladder_stops_at_the_head(tmp_path: Path) -> None:
    from directive_flow.planning.validation import load_directive

    valid = ROOT / "tests" / "fixtures" / "valid"
    plain = valid / "directive.yaml"
    loaded = load_directive(plain)
    assert loaded.directive.header.leader is None
    assert [e.to for e in loaded.directive.reminders.escalation] == ["head"]
    led = tmp_path / "led.yaml"
    text = plain.read_text(encoding="utf-8").replace(
        "registry: agencies.yaml", f"registry: {valid}/agencies.yaml"
    )
    led.write_text(
        text.replace("header:\n", "header:\n  leader: {name: Lãnh đạo, email: ld@example.vn}\n", 1),
        encoding="utf-8",
    )
    assert [e.to for e in load_directive(led).directive.reminders.escalation] == ["head", "leader"]


def _short_notice(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """The valid fixture directive, edited by ``edit``, beside a path to its registry."""
    valid = ROOT / "tests" / "fixtures" / "valid"
    text = (valid / "directive.yaml").read_text(encoding="utf-8")
    text = text.replace("registry: agencies.yaml", f"registry: {valid}/agencies.yaml")
    short = tmp_path / "short.yaml"
    short.write_text(edit(text), encoding="utf-8")
    return short


def test_a_notice_without_numbered_sections_numbers_them_by_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from directive_flow.planning.validation import load_directive

    short = _short_notice(tmp_path, lambda text: re.sub(r'\n    section: "\d+"', "", text))
    assert "section" not in short.read_text(encoding="utf-8")
    assert [a.section for a in load_directive(short).directive.assignments] == ["1", "2", "3"]
    assert main(["validate", str(short)]) == 0, capsys.readouterr().err


def test_a_notice_without_a_number_is_shown_as_unnumbered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from directive_flow.planning.validation import load_directive

    short = _short_notice(tmp_path, lambda text: text.replace("  number: 1/TB-VP\n", ""))
    header = load_directive(short).directive.header
    assert (header.number, header.shown_number) == (None, "(không số)")
    assert main(["validate", str(short)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["show", str(short)]) == 0
    assert capsys.readouterr().out.startswith("(không số) (thong-bao)")
