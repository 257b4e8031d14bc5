"""What the drafter's stages hand to each other: lines, names, deadlines, tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from directive_flow.errors import DraftError

__all__ = ["NOBODY", "DraftError", "DueGuess", "Line", "Name", "Relay", "Task"]


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


NOBODY = Name("", None, 0.0, "missing")
"""The lead of an item that reads as a task but names no owner anywhere (a TODO)."""


@dataclass(frozen=True)
class Relay:
    """A later sentence that sends a task's result on ("Các cơ quan, đơn vị nêu trên gửi
    báo cáo về UBND tỉnh (qua Sở Kế hoạch và Đầu tư) trước ngày 25/4/2025 để tổng hợp")."""

    text: str
    section: str
    first: int
    last: int


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
    relay: Relay | None = None
    """The sentence that sends this task's result to whoever consolidates it, if not its own."""
