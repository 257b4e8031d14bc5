"""Hypothesis strategies: valid directive definitions over the test registry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

LEADS = ["so-ldtbxh", "so-yt", "ubnd-huyen-a", "huyen", "suppliers"]
ISSUED = date(2024, 1, 15)


@st.composite
def directives(draw: st.DrawFn, max_assignments: int = 10) -> dict[str, Any]:
    """A directive dict that must validate: suppliers come first and are never standing."""
    count = draw(st.integers(1, max_assignments))
    issued = ISSUED + timedelta(days=draw(st.integers(0, 700)))
    assignments: list[dict[str, Any]] = []
    dated: list[str] = []
    for i in range(count):
        assignment = _assignment(draw, i, issued, dated)
        assignments.append(assignment)
        if "standing" not in assignment.get("due", {}):
            dated.append(assignment["id"])
    return {
        "kind": "directive",
        "id": "generated",
        "registry": "agencies.yaml",
        "header": {
            "number": "1/TB-VP",
            "type": "thong-bao",
            "issuer": "vp-ubnd",
            "issued": issued.isoformat(),
            "title": "Thông báo sinh tự động",
        },
        "reminders": {
            "before_due": draw(st.lists(st.integers(1, 10), min_size=0, max_size=3)),
            "overdue_every": draw(st.integers(1, 10)),
            "overdue_limit": draw(st.integers(0, 4)),
        },
        "assignments": assignments,
    }


def _assignment(draw: st.DrawFn, i: int, issued: date, dated: list[str]) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": f"a{i}",
        "section": str(i + 1),
        "title": f"Nhiệm vụ số {i}",
        "lead": draw(st.sampled_from(LEADS)),
        "deliverable": {"type": draw(st.sampled_from(["report", "plan", "action", "event"]))},
    }
    if dated and draw(st.booleans()):
        supplier = draw(st.sampled_from(dated))
        days = draw(st.integers(0, 30))
        kind = draw(st.sampled_from(["working_days", "days"]))
        base["depends_on"] = [supplier]
        base["due"] = {kind: days, "after_completion_of": supplier}
        return base
    base["due"] = draw(_independent_due(issued))
    return base


def _independent_due(issued: date) -> st.SearchStrategy[Any]:
    later = st.integers(0, 400).map(lambda d: (issued + timedelta(days=d)).isoformat())
    month = st.integers(1, 18).map(lambda m: _month(issued, m))
    return st.one_of(
        later,
        st.builds(lambda d: {"date": d, "as_written": "trước ngày"}, later),
        st.builds(lambda m: {"month": m}, month),
        st.integers(0, 60).map(lambda n: {"working_days": n, "after": "issued"}),
        st.just({"standing": "thường xuyên"}),
    )


def _month(issued: date, ahead: int) -> str:
    index = issued.year * 12 + issued.month - 1 + ahead
    return f"{index // 12}-{index % 12 + 1:02d}"
