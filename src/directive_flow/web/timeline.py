"""The board's timeline as SVG geometry: one row per task, planned against actual.

Per task: a bar from the directive's issue to its own deadline (planned), an extension
segment up to the deadline in force if one moved it, and the actual: a line from the
issue to the completion day (or to today while the task is open, red once overdue),
ending in a mark. Tasks on the critical path are outlined and starred. The template
``timeline.svg`` draws what :func:`layout` computes; the page embeds it inline.

The day axis (:func:`axis`) picks its step from the span and the plot's width, as Gantt
charts do: every day, every 2 days, weekly, fortnightly (on Mondays), monthly, quarterly,
then every 1, 2, 5 or 10 years, the finest whose labels, at their estimated widths, leave a
gap between them. Labels are Vietnamese ("T8", "Q3", "2015", "04/08"); the first one and the
first of each new year carry the year ("T8/2014", "T1/2015", "Q1/2015", "04/08/2014").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from directive_flow.domain import Status
from directive_flow.steps.board import Bar, Board

__all__ = [
    "LABEL_WIDTH",
    "PLOT_WIDTH",
    "ROW_HEIGHT",
    "STEPS",
    "TICK_GAP",
    "TONES",
    "Axis",
    "Row",
    "Step",
    "Tick",
    "Timeline",
    "axis",
    "label_width",
    "layout",
]

LABEL_WIDTH = 260
PLOT_WIDTH = 560
RIGHT = 20
ROW_HEIGHT = 26
TOP = 36
TICK_FONT = 10
"""The axis labels' font size, in pixels (the template's ``font-size``)."""
TICK_GAP = 6
"""The least room between two axis labels, in pixels."""


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
class Step:
    """A spacing of the axis: ``count`` days, weeks (from Mondays), months or years."""

    unit: Literal["day", "week", "month", "year"]
    count: int
    name: str
    """Vietnamese, after "các vạch cách nhau": "một tuần", "một quý", "5 năm"."""


STEPS = (
    Step("day", 1, "một ngày"),
    Step("day", 2, "2 ngày"),
    Step("week", 1, "một tuần"),
    Step("week", 2, "2 tuần"),
    Step("month", 1, "một tháng"),
    Step("month", 3, "một quý"),
    Step("year", 1, "một năm"),
    Step("year", 2, "2 năm"),
    Step("year", 5, "5 năm"),
    Step("year", 10, "10 năm"),
)
"""The steps tried, finest first."""


@dataclass(frozen=True)
class Tick:
    """A mark of the axis: its day, its place, its label and how the label is anchored
    (``end`` at the right edge, so that it is not cut off)."""

    day: date
    x: float
    label: str
    anchor: Literal["middle", "end"] = "middle"

    @property
    def extent(self) -> tuple[float, float]:
        """Where the label is drawn, left to right, at its estimated width."""
        width = label_width(self.label)
        if self.anchor == "end":
            return self.x - width, self.x
        return self.x - width / 2, self.x + width / 2


@dataclass(frozen=True)
class Axis:
    """The day axis: from ``start`` to ``end``, its step and its marks."""

    start: date
    end: date
    step: Step
    ticks: tuple[Tick, ...]


@dataclass(frozen=True)
class Timeline:
    """The picture: its size, the day axis, today's line and the rows."""

    width: int
    height: int
    axis: Axis
    today: float
    rows: tuple[Row, ...]

    @property
    def ticks(self) -> tuple[Tick, ...]:
        """The axis's marks."""
        return self.axis.ticks


def layout(board: Board, *, plot_width: int = PLOT_WIDTH) -> Timeline:
    """The geometry of ``board``'s timeline, its plot ``plot_width`` pixels wide."""
    days = [d for b in board.bars for d in (b.planned, b.due, b.done) if d]
    start = board.issued or min([*days, board.as_of])
    end = max([*days, board.as_of, start + timedelta(days=7)])
    x = _scale(start, end, LABEL_WIDTH, plot_width)
    rows = tuple(
        _row(b, TOP + i * ROW_HEIGHT, x, start, board.as_of) for i, b in enumerate(board.bars)
    )
    height = TOP + ROW_HEIGHT * len(rows) + 12
    width = LABEL_WIDTH + plot_width + RIGHT
    return Timeline(width, height, axis(start, end, plot_width), x(board.as_of), rows)


Scale = Callable[[date], float]


def _scale(start: date, end: date, left: float, width: float) -> Scale:
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return round(left + width * (day - start).days / span, 1)

    return x


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


def label_width(text: str, font_size: float = TICK_FONT) -> float:
    """``text``'s width in pixels, estimated on the wide side (DejaVu Sans, the usual
    ``sans-serif``, has 0.64 em digits; narrower fonts only leave more room)."""
    return font_size * sum(_EM.get(c, 0.7) for c in text)


_EM = {**dict.fromkeys("0123456789", 0.64), "/": 0.34, " ": 0.32, "Q": 0.8, "T": 0.62}


def axis(start: date, end: date, width: float, *, left: float = LABEL_WIDTH) -> Axis:
    """The marks of a plot ``width`` pixels wide, from ``left``, for ``start``..``end``:
    the finest of :data:`STEPS` whose labels keep :data:`TICK_GAP` apart. Where none does
    (a plot too narrow for two labels), the coarsest step with a mark in the span, thinned
    to the marks that keep apart."""
    x = _scale(start, end, left, width)
    right = left + width + RIGHT
    span = max((end - start).days, 1)
    for step in STEPS:
        # at least span/longest - 1 marks, each pair at least the narrowest label apart
        least = label_width(_label(step, date(2000, 1, 1), with_year=False)) + TICK_GAP
        if (span / _longest(step) - 2) * least > width:
            continue  # too many marks to ever fit: skip without drawing them
        ticks = _marks(step, start, end, x, right)
        if ticks and _apart(ticks):  # none: Mondays or firsts of months may miss a short span
            return Axis(start, end, step, ticks)
    for step in reversed(STEPS):  # the coarsest step with a mark in the span, thinned
        kept: list[Tick] = []
        for tick in _marks(step, start, end, x, right):
            if not kept or _apart((kept[-1], tick)):
                kept.append(tick)
        if kept:
            return Axis(start, end, step, tuple(kept))
    raise AssertionError("every day is a mark of the daily step")  # pragma: no cover


def _longest(step: Step) -> int:
    """The most days between two of ``step``'s marks."""
    return step.count * {"day": 1, "week": 7, "month": 31, "year": 366}[step.unit]


def _apart(ticks: tuple[Tick, ...]) -> bool:
    return all(a.extent[1] + TICK_GAP <= b.extent[0] for a, b in pairwise(ticks))


def _marks(step: Step, start: date, end: date, x: Scale, right: float) -> tuple[Tick, ...]:
    marks: list[Tick] = []
    for day in _days_of(step, start, end):
        with_year = not marks or marks[-1].day.year != day.year
        tick = Tick(day, x(day), _label(step, day, with_year=with_year))
        if tick.extent[1] > right:
            tick = Tick(tick.day, tick.x, tick.label, "end")
        marks.append(tick)
    return tuple(marks)


def _days_of(step: Step, start: date, end: date) -> list[date]:
    """The days of ``step``'s marks from ``start`` to ``end``, both included."""
    if step.unit in ("day", "week"):
        every = step.count * (7 if step.unit == "week" else 1)
        first = start.toordinal()
        # day 1 (1 January of year 1) is a Monday: weeks and pairs counted from it
        first += (1 - first) % every
        return [date.fromordinal(n) for n in range(first, end.toordinal() + 1, every)]
    months = step.count if step.unit == "month" else 12 * step.count
    index = start.year * 12 + start.month - 1
    if start.day > 1:
        index += 1
    index += -index % months
    days = []
    while (day := date(index // 12, index % 12 + 1, 1)) <= end:
        days.append(day)
        index += months
    return days


def _label(step: Step, day: date, *, with_year: bool) -> str:
    """Vietnamese: "04/08", "T8" (tháng 8), "Q3" (quý 3), "2015"; with its year on demand."""
    year = f"/{day.year}" if with_year else ""
    if step.unit in ("day", "week"):
        return f"{day:%d/%m}{year}"
    if step.unit == "month" and step.count == 3:
        return f"Q{(day.month - 1) // 3 + 1}{year}"
    if step.unit == "month":
        return f"T{day.month}{year}"
    return str(day.year)
