"""The parser in the language chosen: argparse's own, or one that speaks Vietnamese.

Only the parser directive-flow builds changes: its usage line, its ``--help`` headings and
its usage errors (``directive-flow: lỗi: thiếu đối số bắt buộc: FILE``) and the one-line help of each
command in ``directive-flow --help``. argparse's ``gettext`` is left alone, so Prefect and
every other library keep their words. The commands' descriptions and options' help stay in
English.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NoReturn

from directive_flow.texts.arguments import COMMANDS, HEADINGS, USAGE, argparse_message

__all__ = ["VietnameseParser", "parser_class"]


def parser_class(lang: str) -> type[argparse.ArgumentParser]:
    """argparse's parser for ``en`` (the exact English), :class:`VietnameseParser` else."""
    return argparse.ArgumentParser if lang == "en" else VietnameseParser


class VietnameseParser(argparse.ArgumentParser):
    """An argparse parser whose usage, headings and errors are Vietnamese (its subcommands'
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


class _VietnameseUsage(argparse.HelpFormatter):
    """``cách dùng:`` for ``usage:`` (the lines under it are indented to match)."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


@functools.cache
def _vietnamese(formatter: Any) -> type[argparse.HelpFormatter]:
    """``formatter`` (a command's ``formatter_class``) with the Vietnamese usage prefix."""
    made: type[argparse.HelpFormatter] = type(
        f"Vietnamese{formatter.__name__}", (_VietnameseUsage, formatter), {}
    )
    return made
