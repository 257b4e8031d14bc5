"""The board's timeline as SVG geometry: one row per task, planned against actual.

Per task: a bar from the directive's issue to its own deadline (planned), an extension
segment up to the deadline in force if one moved it, and the actual: a line from the
issue to the completion day (or to today while the task is open, red once overdue),
ending in a mark. Tasks on the critical path are outlined and starred. The template
``timeline.svg`` draws what :func:`layout` computes; the page embeds it inline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from directive_flow.domain import Status
from directive_flow.steps.board import Bar, Board

__all__ = ["LABEL_WIDTH", "ROW_HEIGHT", "TONES", "Row", "Timeline", "layout"]

LABEL_WIDTH = 260
PLOT_WIDTH = 560
ROW_HEIGHT = 26
TOP = 36


@dataclass(frozen=True)
class Row:
    """One task's shapes, in pixels."""

    bar: Bar
    y: int
    planned: tuple[float, float] | None
    extension: tuple[float, float] | None
    actual: tuple[float, float]
    tone: str


@dataclass(frozen=True)
class Timeline:
    """The picture: its size, the day axis, today's line and the rows."""

    width: int
    height: int
    ticks: tuple[tuple[float, str], ...]
    today: float
    rows: tuple[Row, ...]


def layout(board: Board) -> Timeline:
    """The geometry of ``board``'s timeline."""
    days = [d for b in board.bars for d in (b.planned, b.due, b.done) if d]
    start = board.issued or min([*days, board.as_of])
    end = max([*days, board.as_of, start + timedelta(days=7)])
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * (day - start).days / span, 1)

    rows = tuple(
        _row(b, TOP + i * ROW_HEIGHT, x, start, board.as_of) for i, b in enumerate(board.bars)
    )
    height = TOP + ROW_HEIGHT * len(rows) + 12
    return Timeline(
        LABEL_WIDTH + PLOT_WIDTH + 20, height, _ticks(start, end, x), x(board.as_of), rows
    )


Scale = Callable[[date], float]


def _row(bar: Bar, y: int, place: Scale, start: date, today: date) -> Row:
    planned = (place(start), place(bar.planned)) if bar.planned else None
    extension = None
    if bar.planned and bar.due and bar.due != bar.planned:
        extension = (place(bar.planned), place(bar.due))
    actual = (place(start), place(bar.done or today))
    return Row(bar, y, planned, extension, actual, _tone(bar.status))


TONES = {
    Status.ON_TIME: "#1a7f37",
    Status.LATE: "#b35900",
    Status.OVERDUE: "#c62828",
    Status.IN_PROGRESS: "#1f5fbf",
    Status.NO_DEADLINE: "#6b6b6b",
}
"""Colours as presentation attributes: the SVG needs no stylesheet, inline or alone."""


def _tone(status: Status) -> str:
    return TONES[status]


def _ticks(start: date, end: date, x: Scale) -> tuple[tuple[float, str], ...]:
    """Marks on the first day of every month (every week for spans under two months)."""
    step = 7 if (end - start).days < 60 else None
    marks, day = [], start
    while day <= end:
        marks.append((x(day), day.strftime("%d/%m")))
        day = (
            day + timedelta(days=step)
            if step
            else (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        )
    return tuple(marks)
