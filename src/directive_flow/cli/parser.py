"""The parser in the language chosen: argparse's own, or one that speaks Vietnamese.

Only the parser directive-flow builds changes: its usage line, its ``--help`` headings and
its usage errors (``directive-flow: lỗi: thiếu đối số bắt buộc: FILE``), the one-line help of each
command in ``directive-flow --help``, and every other text of ``--help``: the program's and
each command's description, each argument's help, the examples' comments. Those stay in
English where the commands define them; the formatter shows each through
:func:`~directive_flow.texts.help.help_text` (a table keyed by the English), so the parsers
keep their English for ``--lang en``. argparse's ``gettext`` is left alone, so Prefect and
every other library keep their words.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NoReturn

from directive_flow.texts.arguments import COMMANDS, HEADINGS, USAGE, argparse_message
from directive_flow.texts.help import help_text

__all__ = ["VietnameseParser", "parser_class"]


def parser_class(lang: str) -> type[argparse.ArgumentParser]:
    """argparse's parser for ``en`` (the exact English), :class:`VietnameseParser` else."""
    return argparse.ArgumentParser if lang == "en" else VietnameseParser


class VietnameseParser(argparse.ArgumentParser):
    """An argparse parser whose usage, help and errors are Vietnamese (its subcommands'
    parsers are of this class too: ``add_subparsers`` takes the class of its parser)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for group in self._action_groups:
            group.title = HEADINGS.get(group.title or "", group.title)
        self.register("action", "parsers", _VietnameseCommands)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """An argument whose help is in Vietnamese when :data:`HEADINGS` has it."""
        if isinstance(kwargs.get("help"), str):
            kwargs["help"] = HEADINGS.get(kwargs["help"], kwargs["help"])
        return super().add_argument(*args, **kwargs)

    def _get_formatter(self) -> argparse.HelpFormatter:
        base: Any = self.formatter_class  # a class: argparse types it as a callable
        return _vietnamese(base)(prog=self.prog)

    def error(self, message: str) -> NoReturn:
        """Usage, then ``prog: lỗi: <message in Vietnamese>``; exit 2 as argparse does."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {argparse_message(message)}\n")


if TYPE_CHECKING:
    _Commands = argparse._SubParsersAction[argparse.ArgumentParser]
else:  # not subscriptable at run time
    _Commands = argparse._SubParsersAction


class _VietnameseCommands(_Commands):
    """The commands of ``add_subparsers``, each one-line help in Vietnamese (its English
    when :data:`~directive_flow.texts.arguments.COMMANDS` has none)."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if "help" in kwargs:
            kwargs["help"] = COMMANDS.get(name, kwargs["help"])
        return super().add_parser(name, **kwargs)


class _VietnameseHelp(argparse.HelpFormatter):
    """``cách dùng:`` for ``usage:`` (the lines under it are indented to match); every
    description, epilog and argument's help through :func:`help_text`."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)

    def add_text(self, text: str | None) -> None:
        """A description or an epilog (``argparse.SUPPRESS`` and ``None`` stay as they are)."""
        super().add_text(help_text(text) if text and text != argparse.SUPPRESS else text)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        """An argument's help, before argparse expands its ``%(default)s``."""
        text = super()._get_help_string(action)
        return help_text(text) if text else text


@functools.cache
def _vietnamese(formatter: Any) -> type[argparse.HelpFormatter]:
    """``formatter`` (a command's ``formatter_class``) speaking Vietnamese."""
    made: type[argparse.HelpFormatter] = type(
        f"Vietnamese{formatter.__name__}", (_VietnameseHelp, formatter), {}
    )
    return made
