"""Groups nested deeper than Python's recursion limit are checked and expanded, not crashed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from directive_flow.planning.validation import validate_paths

DEPTH = sys.getrecursionlimit() + 500


def _chain(tmp_path: Path, *, cycle: bool) -> Path:
    lines = [
        "kind: agency-registry",
        "id: deep",
        "name: Tỉnh thử",
        "agencies:",
        "  - code: so-a",
        "    name: Sở A",
        "    kind: department",
        "    contacts: [{role: Văn thư, email: a@example.vn}]",
        "groups:",
    ]
    for n in range(DEPTH):
        last = n == DEPTH - 1
        member = ("g0" if cycle else "so-a") if last else f"g{n + 1}"
        lines += [f"  - code: g{n}", f"    name: Nhóm {n}", f"    members: [{member}]"]
    path = tmp_path / "agencies.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("cycle", [False, True])
def test_a_deep_chain_of_groups_is_validated(tmp_path: Path, cycle: bool) -> None:
    report = validate_paths([_chain(tmp_path, cycle=cycle)])
    if not cycle:
        assert report.ok, [str(p) for p in report.problems]
        return
    messages = [p.message for p in report.problems]
    assert len(messages) == DEPTH  # every group of the ring contains itself
    assert all("group contains itself: " in m for m in messages)
    assert messages[0].endswith(f"g{DEPTH - 1} -> g0")
