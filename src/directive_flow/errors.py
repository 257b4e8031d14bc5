"""Every exception directive-flow raises; the tree is drawn in :mod:`directive_flow`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DefinitionError",
    "DirectiveFlowError",
    "DraftError",
    "ForbiddenError",
    "NotFoundError",
    "Problem",
    "RefusedError",
    "ServiceError",
    "StoreError",
    "UsageError",
]


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


class StaleError(RefusedError):
    """The decision was made on a page that is out of date: a newer version or request
    came in since it was read (portal: 409)."""


class StoreError(DirectiveFlowError):
    """The store cannot be used: unreachable, or its schema is newer or older than the code."""


class DraftError(DirectiveFlowError):
    """The input cannot be drafted at all (not text, too large); the CLI prints one line."""


class SettingsError(DirectiveFlowError):
    """A setting's value is wrong; the message names the environment variable to fix."""


class ServiceError(DirectiveFlowError):
    """The Prefect server, the deployment server or the portal could not be started."""
