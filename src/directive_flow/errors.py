"""The exception tree of directive-flow.

::

    DirectiveFlowError          root: a problem the user can fix; the CLI prints it, exit 1
     +-- DefinitionError        one or more definition files are invalid (every Problem at once)
     +-- NotFoundError          an unknown directive, task, agency or period id
     +-- UsageError             the command line itself is wrong; exit 2
     +-- StoreError             the database cannot be reached, or its schema is not this code's
     +-- DraftError             a notice cannot be drafted (draft/document.py)

Anything that is not a ``DirectiveFlowError`` is a bug: the CLI writes a log file and
exits 2 without showing a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a file: ``path:line:col: message``."""

    path: str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.message}"


class DirectiveFlowError(Exception):
    """Root of every error a user can act on."""


class DefinitionError(DirectiveFlowError):
    """A definition file is invalid; ``problems`` lists every located problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class NotFoundError(DirectiveFlowError):
    """An id names nothing that exists; the message carries suggestions."""


class UsageError(DirectiveFlowError):
    """The command line is wrong (missing file, bad option value)."""


class RefusedError(DirectiveFlowError):
    """A rule forbids the operation (invalid data, a late extension, a task in the wrong state).

    ``problems`` lists every reason; the message shows them one per line.
    """

    def __init__(self, summary: str, problems: Iterable[str] = ()) -> None:
        self.summary = summary
        self.problems = tuple(problems)
        lines = [summary, *(f"  - {p}" for p in self.problems)]
        super().__init__("\n".join(lines))


class ForbiddenError(RefusedError):
    """The actor has no right to this (another agency's task, its own agency's decision)."""


class StoreError(DirectiveFlowError):
    """The store cannot be used: unreachable, or its schema is newer or older than the code."""
