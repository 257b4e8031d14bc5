"""Every command's ``--help`` and the lines of ``directive-flow up`` speak Vietnamese by
default and the exact English with ``--lang en``; the help table covers every text of every
parser and holds no row that no parser uses."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from directive_flow.cli import service, up
from directive_flow.cli.main import build_parser, main
from directive_flow.errors import DefinitionError, Problem, RefusedError
from directive_flow.settings import reset
from directive_flow.steps.register import Registration
from directive_flow.store.db import forget_stores
from directive_flow.texts import help as help_texts
from directive_flow.texts.arguments import HEADINGS
from directive_flow.texts.help import HELP, SERVICE, help_text

ROOT = Path(__file__).resolve().parents[2]

CODE_ONLY = {"http://127.0.0.1:8200"}
"""Texts shown as they are written in every language: pure code, a URL."""


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A SQLite store of its own, no language chosen, help never wrapped mid-word."""
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DIRECTIVE_FLOW_DATABASE_URL", raising=False)
    monkeypatch.delenv("DIRECTIVE_FLOW_LANG", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    reset()
    yield tmp_path / "home"
    forget_stores()
    reset()


# -- the help -------------------------------------------------------------------------------


def parsers(
    english: argparse.ArgumentParser, vietnamese: argparse.ArgumentParser, name: str
) -> Iterator[tuple[str, argparse.ArgumentParser, argparse.ArgumentParser]]:
    """Every parser, the program's and each (sub)command's, in both languages."""
    yield name, english, vietnamese
    for en_action, vi_action in zip(english._actions, vietnamese._actions, strict=True):
        if isinstance(en_action, argparse._SubParsersAction):
            assert isinstance(vi_action, argparse._SubParsersAction)
            for command, sub in en_action.choices.items():
                yield from parsers(sub, vi_action.choices[command], f"{name} {command}")


def texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Each text of ``--help`` as the parser writes it (in English): its description, each
    argument's help, its epilog's heading and each example's comment."""
    if parser.description:
        yield parser.description
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            yield action.help
    if parser.epilog:
        heading, *examples = parser.epilog.split("\n")
        yield heading.split(" ", 1)[0]  # "example: directive-flow ..." -> "example:"
        for line in examples:
            if " # " in line:
                yield line.split(" # ", 1)[1]


def flat(text: str) -> str:
    return " ".join(text.split())


def shown(parser: argparse.ArgumentParser) -> str:
    return flat(parser.format_help())


def every_text() -> list[tuple[str, str, argparse.ArgumentParser, argparse.ArgumentParser]]:
    found = []
    for name, en, vi in parsers(build_parser("en"), build_parser("vi"), "directive-flow"):
        found += [(name, text, en, vi) for text in texts(en)]
    return found


def test_every_help_text_is_shown_in_vietnamese_and_in_english_with_lang_en() -> None:
    english_left = []
    for name, text, en, vi in every_text():
        assert flat(text) in shown(en), (name, text)  # --lang en: argparse's own, untouched
        if text in CODE_ONLY:
            assert help_text(text) == text
            continue
        if text not in HELP and text not in HEADINGS:
            english_left.append((name, text))
            continue
        said = HEADINGS.get(text) or help_text(text)  # -h and --lang: said as they are added
        assert said != text, (name, text)
        assert flat(said) in shown(vi), (name, said)
        assert flat(text) not in shown(vi).replace(flat(said), ""), (name, text)
    assert english_left == [], "add a row to texts/help.py's HELP for each"


def test_every_row_of_the_help_table_is_used() -> None:
    used = {text for _, text, _, _ in every_text()}
    assert set(HELP) - used == set(), "a row no parser writes: remove it or fix its English"
    assert not CODE_ONLY & set(HELP)


def test_no_translation_breaks_argparse_or_names_an_option_the_english_does_not() -> None:
    import re

    option = re.compile(r"--[a-z][a-z-]*|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")  # options, variables
    for english, vietnamese in HELP.items():
        assert "%" not in vietnamese, english  # argparse would expand it
        assert vietnamese.strip() == vietnamese, english
        assert set(option.findall(vietnamese)) <= set(option.findall(english)), english


def test_up_help_in_vietnamese_and_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["up", "--help"])
    vi = capsys.readouterr().out.splitlines()
    assert vi[2].startswith(
        "Chạy máy chủ Prefect cục bộ (SQLite trong DIRECTIVE_FLOW_HOME/prefect)"
    )
    assert "  --port PORT           số cổng của máy chủ Prefect" in vi
    assert vi[-3:] == [
        "ví dụ:",
        "  directive-flow up                       # giao diện Prefect tại "
        "http://127.0.0.1:4200, cổng thông tin :8200",
        "  directive-flow up --port 4300 --definitions my-definitions/",
    ]
    with pytest.raises(SystemExit):
        main(["--lang", "en", "up", "--help"])
    en = capsys.readouterr().out.splitlines()
    assert en[2].startswith(
        "Start a local Prefect server (SQLite under DIRECTIVE_FLOW_HOME/prefect)"
    )
    assert "  --port PORT           the Prefect server's port" in en
    assert en[-3:] == [
        "examples:",
        "  directive-flow up                       # UI at http://127.0.0.1:4200, portal at :8200",
        "  directive-flow up --port 4300 --definitions my-definitions/",
    ]


def test_the_program_and_a_one_line_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "\nBiến văn bản chỉ đạo của cơ quan nhà nước thành nhiệm vụ" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["validate", "-h"])
    out = capsys.readouterr().out
    assert out.endswith("\nví dụ: directive-flow validate definitions/\n")
    assert "  --format {text,json}  định dạng kết quả\n" in out
    with pytest.raises(SystemExit):
        main(["--lang=en", "validate", "-h"])
    assert capsys.readouterr().out.endswith("\nexample: directive-flow validate definitions/\n")


def test_an_epilog_keeps_its_commands_and_an_unknown_comment() -> None:
    assert help_text("examples:\n  x --y   # today: queue, then deliver\n  z # new") == (
        "ví dụ:\n  x --y   # hôm nay: xếp thư vào hộp thư đi rồi gửi\n  z # new"
    )
    assert help_text("something new") == "something new"


# -- up and the service -----------------------------------------------------------------------


class _Child:
    """A child process that has already ended: nothing to signal, nothing to wait for."""

    pid = -1
    returncode = 0
    args: ClassVar[list[str]] = []

    def poll(self) -> int:
        return 0


class _Recording(dict[str, str]):
    """:data:`SERVICE`, remembering which rows were read."""

    def __init__(self, rows: dict[str, str]) -> None:
        super().__init__(rows)
        self.used: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        return super().get(key, default)


@pytest.fixture
def no_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The service without a Prefect server: ports free, children that have ended, the
    server ready in 2.345 s, then Ctrl-C."""

    def interrupted(children: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(service, "port_free", lambda port: True)
    monkeypatch.setattr(service, "_spawn", lambda *a, **k: _Child())
    monkeypatch.setattr(service, "wait_healthy", lambda url, process: 2.345)
    monkeypatch.setattr(service, "_watch", interrupted)


def plan(tmp_path: Path, portal: int | None = 8300) -> service.ServicePlan:
    return service.ServicePlan(home=tmp_path, definitions=tmp_path, port=4300, portal_port=portal)


@pytest.mark.usefixtures("no_processes")
def test_the_service_says_its_lines_in_vietnamese_and_in_english(tmp_path: Path) -> None:
    lines: list[str] = []
    code = service.run_service(
        plan(tmp_path),
        register=lambda: ["d: văn bản mới (phiên bản 1)"],
        say=lines.append,
        lang="vi",
    )
    assert code == 0
    assert lines == [
        f"Máy chủ Prefect đã sẵn sàng sau 2,3 giây (http://127.0.0.1:4300/api); nhật ký: {tmp_path / 'logs'}",
        "Đã đăng ký d: văn bản mới (phiên bản 1)",
        "Giao diện Prefect (cho cán bộ vận hành): http://127.0.0.1:4300",
        "Cổng thông tin (cho các cơ quan): http://127.0.0.1:8300",
        "Nhấn Ctrl-C để dừng tất cả.",
        "Đang dừng ...",
    ]
    lines.clear()
    service.run_service(
        plan(tmp_path, None), register=lambda: ["d: new (version 1)"], say=lines.append, lang="en"
    )
    assert lines == [
        f"Prefect server ready in 2.3 s (http://127.0.0.1:4300/api); logs: {tmp_path / 'logs'}",
        "registered d: new (version 1)",
        "Prefect UI (operators): http://127.0.0.1:4300",
        "Ctrl-C stops everything.",
        "stopping ...",
    ]


@pytest.mark.parametrize(
    ("outcome", "historical", "vi", "en"),
    [
        ("new", False, "d: văn bản mới (phiên bản 2)", "d: new (version 2)"),
        ("updated", False, "d: đã cập nhật (phiên bản 2)", "d: updated (version 2)"),
        ("unchanged", False, "d: không thay đổi (phiên bản 2)", "d: unchanged (version 2)"),
        (
            "new",
            True,
            "d: văn bản mới (phiên bản 2) (tư liệu mẫu, không nhắc việc)",
            "d: new (version 2) (historical example)",
        ),
    ],
)
def test_each_registered_line(outcome: Any, historical: bool, vi: str, en: str) -> None:
    done = Registration(directive="d", version=2, outcome=outcome)
    assert up.registered_line(done, historical=historical, lang="vi") == vi
    assert up.registered_line(done, historical=historical, lang="en") == en


def test_a_refused_file_is_said_as_register_says_it(tmp_path: Path) -> None:
    problem = Problem("x.yaml", 3, 5, "unknown assignment 'a'")
    refused = DefinitionError([problem])
    assert up.refused_lines(tmp_path, refused, "en") == ["x.yaml:3:5: unknown assignment 'a'"]
    assert up.refused_lines(tmp_path, refused, "vi") == ["x.yaml:3:5: không có nhiệm vụ 'a'"]
    other = RefusedError("something new went wrong")
    assert up.refused_lines(tmp_path, other, "en") == ["something new went wrong"]
    assert up.refused_lines(tmp_path, other, "vi") == ["something new went wrong"]


@pytest.mark.usefixtures("no_processes")
def test_every_row_of_the_service_table_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    recording = _Recording(SERVICE)
    monkeypatch.setattr(help_texts, "SERVICE", recording)
    service.run_service(plan(tmp_path), register=lambda: ["d"], say=lambda line: None, lang="vi")
    for outcome in ("new", "updated", "unchanged"):
        done = Registration(directive="d", version=1, outcome=outcome)  # type: ignore[arg-type]
        up.registered_line(done, historical=True, lang="vi")
    assert recording.used == set(SERVICE)


def definitions(tmp_path: Path) -> Path:
    """A valid directive and its registry, and a directive refused (an unknown dependency)."""
    folder = tmp_path / "definitions"
    shutil.copytree(ROOT / "tests/fixtures/valid", folder / "valid")
    (folder / "invalid").mkdir()
    shutil.copy(ROOT / "tests/fixtures/invalid/unknown-dependency.yaml", folder / "invalid")
    return folder


@pytest.mark.usefixtures("no_processes")
def test_up_prints_in_the_language_chosen(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path
) -> None:
    folder = definitions(tmp_path)
    argv = ["up", "--definitions", str(folder), "--port", "4300", "--portal-port", "8300"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    logs = home / "logs"
    assert out.splitlines() == [
        f"Máy chủ Prefect đã sẵn sàng sau 2,3 giây (http://127.0.0.1:4300/api); nhật ký: {logs}",
        "Đã đăng ký test-1-tb-vp: văn bản mới (phiên bản 1)",
        "Giao diện Prefect (cho cán bộ vận hành): http://127.0.0.1:4300",
        "Cổng thông tin (cho các cơ quan): http://127.0.0.1:8300",
        "Nhấn Ctrl-C để dừng tất cả.",
        "Đang dừng ...",
    ]
    bad = folder / "invalid" / "unknown-dependency.yaml"
    assert err == (
        f"{bad}:21:18: nhiệm vụ 'finalize-report': depends_on[0]: không có nhiệm vụ "
        "'suply-data' (có phải 'supply-data'?)\n"
    )
    assert main(["--lang", "en", *argv]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"Prefect server ready in 2.3 s (http://127.0.0.1:4300/api); logs: {logs}",
        "registered test-1-tb-vp: unchanged (version 1)",
        "Prefect UI (operators): http://127.0.0.1:4300",
        "Portal (agencies): http://127.0.0.1:8300",
        "Ctrl-C stops everything.",
        "stopping ...",
    ]
    assert err == (
        f"{bad}:21:18: assignment 'finalize-report': depends_on[0]: unknown assignment "
        "'suply-data' (did you mean 'supply-data'?)\n"
    )


@pytest.mark.usefixtures("no_processes")
def test_up_says_the_bundled_examples_are_historical(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["up", "--port", "4300"]) == 0
    registered = [line for line in capsys.readouterr().out.splitlines() if "Đã đăng ký" in line]
    assert registered
    assert all(line.endswith(" (tư liệu mẫu, không nhắc việc)") for line in registered)
    assert any(
        line.startswith("Đã đăng ký kontum-2014-975-tb-vp: văn bản mới (phiên bản 1)")
        for line in registered
    )
