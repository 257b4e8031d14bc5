"""What the drafter's stages hand to each other: lines, names, deadlines, tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from directive_flow.errors import DraftError

__all__ = ["DraftError", "DueGuess", "Line", "Name", "Task"]


@dataclass(frozen=True)
class Line:
    """One cleaned line of the notice and the ORIGINAL line numbers it came from."""

    text: str
    first: int
    last: int
    breaks: tuple[tuple[int, int], ...] = field(default=(), compare=False)
    """Where a joined original line begins: (offset in ``text``, its line number)."""


@dataclass(frozen=True)
class Name:
    """An agency as the notice names it, and the registry code it resolved to (if any)."""

    text: str
    code: str | None
    confidence: float
    how: str = "exact"

    @property
    def value(self) -> str:
        """The code, or the name verbatim when unresolved (so validation points at it)."""
        return self.code or self.text


@dataclass(frozen=True)
class DueGuess:
    """A deadline read from the wording: the YAML value of ``due`` or ``recurrence``."""

    due: Any = None
    recurrence: dict[str, Any] | None = None
    confidence: float = 0.3
    comment: str | None = None
    todo: str | None = None


@dataclass
class Task:
    """One assignment as drafted."""

    ident: str
    section: str
    title: str
    first: int
    last: int
    lead: Name
    coordinators: list[Name] = field(default_factory=list)
    due: DueGuess = field(default_factory=DueGuess)
    depends_on: list[str] = field(default_factory=list)
    consolidates: bool = False
    deliverable: str = "action"
    notes: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    confidence: float = 0.8
