"""The board timeline's day axis: its step follows the span and the plot's width, its
labels never overlap and say the year, on the Kon Tum board served by the portal too."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from web.portal_helpers import OPERATOR, Portal

from directive_flow.domain import Actor, Channel
from directive_flow.steps.register import register_directive
from directive_flow.store.db import session_scope
from directive_flow.web.timeline import LABEL_WIDTH, TICK_GAP, Tick, axis, label_width

KONTUM = Path(__file__).parents[2] / "definitions" / "directives" / "kontum"
LABEL = re.compile(r"\d{2}/\d{2}(/\d{4})?|T([1-9]|1[0-2])(/\d{4})?|Q[1-4](/\d{4})?|\d{4}")
TICK_TEXT = re.compile(r'<text x="([\d.]+)" y="18" text-anchor="(middle|end)"[^>]*>([^<]*)</text>')


def _labels(ticks: tuple[Tick, ...]) -> list[str]:
    return [t.label for t in ticks]


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    days=st.integers(min_value=1, max_value=3653),
    width=st.integers(min_value=60, max_value=2400),
)
def test_marks_are_in_the_span_increasing_and_their_labels_never_overlap(
    start: date, days: int, width: int
) -> None:
    end = start + timedelta(days=days)
    drawn = axis(start, end, width)
    ticks = drawn.ticks
    assert ticks, "at least one mark"
    assert all(start <= t.day <= end for t in ticks)
    assert all(LABEL_WIDTH <= t.x <= LABEL_WIDTH + width for t in ticks)
    assert all(a.day < b.day and a.x < b.x for a, b in pairwise(ticks))
    for a, b in pairwise(ticks):
        assert a.extent[1] + TICK_GAP <= b.extent[0], (a, b, drawn.step)
    assert all(t.extent[1] <= LABEL_WIDTH + width + 20 for t in ticks)  # none cut off
    assert all(LABEL.fullmatch(t.label) for t in ticks)
    if drawn.step.unit != "year":  # the first mark and the first of each year say the year
        for before, tick in zip((None, *ticks), ticks, strict=False):
            new_year = before is None or before.day.year != tick.day.year
            assert tick.label.endswith(f"/{tick.day.year}") == new_year, _labels(ticks)


def test_the_step_grows_with_the_span_and_shrinks_with_the_width() -> None:
    issued = date(2014, 7, 10)
    week = axis(issued, issued + timedelta(days=7), 560)
    assert week.step.name == "một ngày"
    assert _labels(week.ticks)[:3] == ["10/07/2014", "11/07", "12/07"]
    months = axis(issued, date(2015, 9, 30), 560)
    assert months.step.name == "một tháng"
    assert _labels(months.ticks)[:2] == ["T8/2014", "T9"]
    assert _labels(months.ticks)[4:6] == ["T12", "T1/2015"]
    quarters = axis(issued, date(2017, 3, 1), 560)
    assert _labels(quarters.ticks)[:3] == ["Q4/2014", "Q1/2015", "Q2"]
    years = axis(issued, date(2026, 12, 2), 560)
    assert _labels(years.ticks) == [str(y) for y in range(2015, 2027)]
    assert _labels(axis(issued, date(2026, 12, 2), 150).ticks) == ["2015", "2020", "2025"]
    assert axis(issued, issued + timedelta(days=80), 560).step.name == "2 tuần"
    assert axis(issued, issued + timedelta(days=80), 1200).step.name == "một tuần"


def test_a_label_at_the_right_edge_ends_there_instead_of_being_cut_off() -> None:
    last = axis(date(2024, 12, 25), date(2025, 1, 1), 560).ticks[-1]
    assert (last.label, last.anchor) == ("01/01/2025", "end")
    assert last.extent == (last.x - label_width("01/01/2025"), last.x)


def test_the_kon_tum_board_has_a_readable_axis(portal: Portal, engine: Engine) -> None:
    """975/TB-VP of 2014 has standing duties still open: its board spans twelve years.
    Monthly marks drew 150 labels on top of each other; now one a year."""
    with session_scope(engine) as session:
        register_directive(
            session,
            path=KONTUM / "2014-975-tb-vp.yaml",
            actor=Actor.as_operator("tester", Channel.CLI),
            as_of=date(2014, 7, 10),
        )
    svg = portal.sign_in(OPERATOR).get("/directives/kontum-2014-975-tb-vp/timeline.svg")
    assert svg.status_code == 200, svg.text[:300]
    ticks = [(float(x), anchor, label) for x, anchor, label in TICK_TEXT.findall(svg.text)]
    assert 4 <= len(ticks) <= 20, ticks
    assert ticks[0][2] == "2015"
    extents = [
        (x - label_width(s), x) if a == "end" else (x - label_width(s) / 2, x + label_width(s) / 2)
        for x, a, s in ticks
    ]
    assert all(a[1] + TICK_GAP <= b[0] for a, b in pairwise(extents))
    assert svg.text.count("<text") <= len(ticks) + 41  # 40 tasks' names and "hôm nay"
    assert '<title id="tl-title">Tiến trình 975/TB-VP' in svg.text
    assert "Trục ngang từ 10/07/2014 đến" in svg.text
    assert "các vạch cách nhau một năm" in svg.text
    assert "★" in svg.text
