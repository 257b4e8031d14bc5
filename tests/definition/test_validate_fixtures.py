"""Every invalid fixture gives exactly the problems in its ``.expected`` file.

Each ``tests/fixtures/invalid/NAME.yaml`` sits next to ``NAME.expected``: the exact
``path:line:col: message`` lines that ``directive-flow validate`` prints for it, the path
as given on the command line. Where today's message is wrong or unclear, the
``.expected`` file holds what it should say and the case is a strict xfail, so that it
flips (and must be un-marked) once the validator says the right thing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from directive_flow.cli.main import main
from directive_flow.definition.yamlio import MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "invalid"

SPURIOUS_MIN_LENGTH = (
    "an error inside one assignment also prints 'assignments: tuple should have at least "
    "1 item after validation, not 0' although the file has assignments"
)
TYPO_ALSO_MISSING = (
    "a misspelt key also prints \"missing required key 'deliverable'\": one typo, one message"
)
CRASHES: dict[str, str] = {}
"""Fixtures on which the validator crashes today (exit 2 and a crash log)."""

WRONG: dict[str, str] = {**CRASHES}
"""Fixture name -> why today's output is wrong; their ``.expected`` holds the proposal."""

LINE = re.compile(r"^tests/fixtures/invalid/[\w.-]+\.yaml(:\d+:\d+)?: \S")


def _fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*.yaml"))


def _params(wrong: dict[str, str]) -> list[object]:
    return [
        pytest.param(
            path,
            id=path.stem,
            marks=[pytest.mark.xfail(strict=True, reason=wrong[path.stem])]
            if path.stem in wrong
            else [],
        )
        for path in _fixtures()
    ]


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Exit code, the problems (stderr) then the summary (stdout), and anything else."""
    code = main(["--lang", "en", "validate", path.relative_to(ROOT).as_posix()])
    captured = capsys.readouterr()
    summary, *rest = captured.out.splitlines() or [""]
    return code, [*captured.err.splitlines(), summary], "\n".join(rest)


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Paths as a user types them from the project root; crash logs kept out of ~."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path / "home"))


@pytest.mark.parametrize("path", _params(WRONG))
def test_fixture_gives_exactly_the_expected_problems(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    code, out, err = _validate(path, capsys)
    assert out[:-1] == expected
    assert out[-1] == f"1 file(s) checked: 0 valid, 1 invalid ({len(expected)} problem(s))"
    assert code == 1
    assert err == ""


@pytest.mark.parametrize("path", _params(CRASHES))
def test_fixture_never_crashes(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Wording aside: exit 1, located lines only, no crash log (flips when a crash is fixed)."""
    code, out, err = _validate(path, capsys)
    assert (code, err) == (1, "")
    assert not (tmp_path / "home" / "logs").exists()
    assert out, "no output at all"
    assert all(LINE.match(line) for line in out[:-1]), out
    assert out[-1].startswith("1 file(s) checked: "), out[-1]


def test_every_fixture_has_its_expected_file_and_vice_versa() -> None:
    fixtures = {p.stem for p in FIXTURES.glob("*.yaml")}
    expected = {p.stem for p in FIXTURES.glob("*.expected")}
    assert fixtures, "no invalid fixtures found"
    assert sorted(fixtures - expected) == [], "fixtures without .expected"
    assert sorted(expected - fixtures) == [], ".expected files without a fixture"
    others = {p.name for p in FIXTURES.iterdir()} - {
        f"{stem}{suffix}" for stem in fixtures for suffix in (".yaml", ".expected")
    }
    assert sorted(others) == [], "stray files in tests/fixtures/invalid"


def test_expected_files_are_well_formed() -> None:
    """Each .expected is non-empty and names its own fixture (or the registry it uses)."""
    for path in FIXTURES.glob("*.expected"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines, f"{path.name} is empty"
        assert all(LINE.match(line) for line in lines), path.name
        assert any(f"/{path.stem}.yaml" in line for line in lines), path.name


def test_xfail_names_are_real_fixtures() -> None:
    """A renamed fixture must not leave a stale xfail entry behind."""
    stems = {p.stem for p in _fixtures()}
    assert sorted(set(WRONG) - stems) == []


def test_registry_problems_are_reported_once_with_the_directive_that_uses_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    directive = "tests/fixtures/invalid/uses-invalid-registry.yaml"
    registry = "tests/fixtures/invalid/registry-duplicate-code.yaml"
    code = main(["--lang", "en", "validate", directive, registry])
    captured = capsys.readouterr()
    assert [*captured.err.splitlines(), *captured.out.splitlines()] == [
        f"{directive}:3:11: registry: 'registry-duplicate-code.yaml' is invalid",
        f"{registry}:11:11: agency 'so-yt': code: duplicate code 'so-yt' (first at line 5)",
        "2 file(s) checked: 0 valid, 2 invalid (2 problem(s))",
    ]
    assert code == 1


def test_huge_file_gets_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Generated here rather than committed: a file one byte over ``MAX_BYTES``."""
    path = tmp_path / "huge.yaml"
    line = b"# " + b"x" * 97 + b"\n"
    body = b"kind: directive\n" + line * (MAX_BYTES // len(line) + 1)
    path.write_bytes(body[: MAX_BYTES + 1])
    code = main(["--lang", "en", "validate", str(path)])
    captured = capsys.readouterr()
    assert [*captured.err.splitlines(), *captured.out.splitlines()] == [
        f"{path}: file is too large ({MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,})",
        "1 file(s) checked: 0 valid, 1 invalid (1 problem(s))",
    ]
    assert code == 1


def test_file_at_the_size_limit_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The limit is inclusive: exactly ``MAX_BYTES`` is parsed (and fails on content only)."""
    path = tmp_path / "big.yaml"
    head = b"kind: directiv\n"
    path.write_bytes(head + b"#" * (MAX_BYTES - len(head) - 1) + b"\n")
    assert path.stat().st_size == MAX_BYTES
    code = main(["--lang", "en", "validate", str(path)])
    out = capsys.readouterr().err.splitlines()
    assert out[0] == (
        f"{path}:1:7: kind: 'directiv' is not one of: 'agency-registry', 'directive' "
        "(did you mean 'directive'?)"
    )
    assert code == 1
