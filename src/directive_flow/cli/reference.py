"""The CLI reference in docs/cli.md, written from the argument parsers themselves.

``python -m directive_flow.cli.reference docs/cli.md`` rewrites the part of the file
between the two markers; a test checks that the committed file equals what the parsers
say, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["BEGIN", "END", "reference", "rewrite"]

BEGIN = "<!-- BEGIN reference: written by `python -m directive_flow.cli.reference docs/cli.md` -->"
END = "<!-- END reference -->"
_WIDTH = "100"


def reference(parser: argparse.ArgumentParser) -> str:
    """Markdown: a table of the commands, then each one's usage and options."""
    commands = _commands(parser)
    lines = ["| command | what |", "|---|---|"]
    lines += [
        f"| [`{name}`](#directive-flow-{name}) | {_cell(helps)} |" for name, _, helps in commands
    ]
    for name, sub, helps in commands:
        lines += ["", f"### directive-flow {name}", "", _cell(sub.description or helps), ""]
        lines += ["```", _usage(sub).rstrip(), "```", "", *_options(sub)]
    return "\n".join(lines) + "\n"


def rewrite(path: Path, parser: argparse.ArgumentParser) -> bool:
    """Replace the marked part of ``path``; True when something changed."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = f"{head}{BEGIN}\n{reference(parser)}{END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def _commands(
    parser: argparse.ArgumentParser,
) -> list[tuple[str, argparse.ArgumentParser, str]]:
    """Each command: its name, its parser, its one-line help (argparse keeps that apart)."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {action.dest: action.help or "" for action in sub._choices_actions}
    return [(name, command, helps.get(name, "")) for name, command in sub.choices.items()]


@contextmanager
def _columns() -> Iterator[None]:
    """argparse wraps at the terminal's width: fix it so the reference is the same anywhere."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = _WIDTH
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def _usage(parser: argparse.ArgumentParser) -> str:
    with _columns():
        return parser.format_usage().removeprefix("usage: ")


def _options(parser: argparse.ArgumentParser) -> list[str]:
    rows = ["| argument | meaning |", "|---|---|"]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        rows.append(f"| `{_name(action)}` | {_cell(_meaning(action))} |")
    return rows


def _name(action: argparse.Action) -> str:
    if not action.option_strings:
        return str(action.metavar or action.dest)
    names = ", ".join(action.option_strings)
    takes = action.nargs != 0 and not isinstance(action, argparse._StoreConstAction)
    return f"{names} {action.metavar or action.dest.upper()}" if takes else names


def _meaning(action: argparse.Action) -> str:
    parts = [action.help or ""]
    if action.choices:
        parts.append("one of " + ", ".join(f"`{c}`" for c in action.choices))
    if action.option_strings and action.default not in (None, False, [], argparse.SUPPRESS):
        parts.append(f"default `{action.default}`")
    return "; ".join(p for p in parts if p)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def main(argv: list[str]) -> int:
    """Rewrite the reference in the files named (docs/cli.md)."""
    from directive_flow.cli.main import build_parser

    for name in argv:
        changed = rewrite(Path(name), build_parser())
        print(f"{name}: {'rewritten' if changed else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
