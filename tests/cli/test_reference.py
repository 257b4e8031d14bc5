"""docs/cli.md's reference is what the parsers say: it cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from directive_flow.cli.main import build_parser
from directive_flow.cli.reference import BEGIN, END, reference

DOCS = Path(__file__).parents[2] / "docs" / "cli.md"


def test_the_committed_reference_matches_the_parsers() -> None:
    text = DOCS.read_text(encoding="utf-8")
    committed = text.split(BEGIN, 1)[1].split(END, 1)[0].lstrip("\n")
    assert committed == reference(build_parser()), (
        "run: python -m directive_flow.cli.reference docs/cli.md"
    )


def test_every_command_and_option_is_in_the_reference() -> None:
    text = reference(build_parser())
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        assert f"### directive-flow {name}" in text
        for action in command._actions:
            for option in set(action.option_strings) - {"-h", "--help"}:
                assert f"`{option}" in text or f", {option}" in text, (name, option)


def test_every_result_printing_command_speaks_json() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    long_running = {"up", "demo", "portal"}
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        if name in long_running:
            continue
        formats = [a for a in command._actions if "--format" in a.option_strings]
        assert formats, name
        assert "json" in (formats[0].choices or ()), name
