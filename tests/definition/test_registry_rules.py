"""Registry edits a schema alone lets through: a contact nobody can reach, a parent that is
the agency itself, a group or a loop, two heads. Each is refused where it stands (the
fixtures ``registry-parents-and-heads`` and ``registry-contact-unreachable`` show the
whole text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from definition_helpers import edited_copy

from directive_flow.planning.validation import validate_paths

UNREACHABLE = "gives neither 'email' nor 'notify': nobody can be reached through this contact"


def _messages(path: Path) -> list[str]:
    return [str(p).removeprefix(str(path)) for p in validate_paths([path]).problems]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "email: b@example.vn, head: true}",
            "head: true}",
            f":15:9: agency 'so-ldtbxh': contacts[1]: {UNREACHABLE}",
        ),
        (
            "name: Sở Y tế\n",
            "name: Sở Y tế\n    parent: so-yt\n",
            ":18:13: agency 'so-yt': parent: an agency cannot be its own parent",
        ),
        (
            "name: Sở Y tế\n",
            "name: Sở Y tế\n    parent: suppliers\n",
            ":18:13: agency 'so-yt': parent: 'suppliers' is a group, not an agency "
            "(a parent is one agency)",
        ),
        (
            "email: a@example.vn}",
            "email: a@example.vn, head: true}",
            ":15:74: agency 'so-ldtbxh': contacts[1]: head: a second head contact "
            "(the first is contacts[0]); an agency has one head",
        ),
    ],
)
def test_a_registry_edit_is_refused_where_it_stands(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert _messages(edited_copy(tmp_path, old, new, "agencies.yaml")) == [message]


def test_a_leader_nobody_can_reach_is_refused(tmp_path: Path) -> None:
    path = edited_copy(
        tmp_path,
        "  title: Thông báo thử nghiệm\n",
        "  title: Thông báo thử nghiệm\n  leader: {name: Lê Thị C, role: Phó Chủ tịch}\n",
    )
    assert _messages(path) == [f":10:11: header: leader: {UNREACHABLE}"]


def test_a_contact_with_only_a_notify_url_is_reachable(tmp_path: Path) -> None:
    path = edited_copy(
        tmp_path,
        "email: b@example.vn, head: true}",
        'notify: ["json://127.0.0.1:9/hook"], head: true}',
        "agencies.yaml",
    )
    assert _messages(path) == []


def test_a_long_loop_of_parents_is_reported_once_from_its_first_agency(tmp_path: Path) -> None:
    count = 5000
    lines = ["kind: agency-registry", "id: ring", "name: Tỉnh thử", "agencies:"]
    for n in range(count):
        lines += [
            f"  - code: a{n}",
            f"    name: Cơ quan {n}",
            "    kind: office",
            f"    parent: a{(n + 1) % count}",
        ]
    lines += ["  - code: spur", "    name: Cơ quan nhánh", "    kind: office", "    parent: a7"]
    path = tmp_path / "agencies.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages = _messages(path)
    assert len(messages) == 1
    assert messages[0].startswith(":8:13: agency 'a0': parent: parents form a loop: a0 -> a1 -> ")
    assert messages[0].endswith(f" -> a{count - 1} -> a0")
