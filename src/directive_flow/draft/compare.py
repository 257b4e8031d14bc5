"""A draft against a reviewed definition: assignments added, missing and changed.

Assignments are paired within a section by their source lines when both carry them,
otherwise in order. For each pair the lead, coordinators, deadline and dependencies are
compared (dependencies through the pairing, since drafted ids differ from reviewed ones).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from directive_flow.definition.model import Assignment, Directive
from directive_flow.draft.emit import Value


@dataclass(frozen=True)
class Drafted:
    """The compared fields of one drafted assignment."""

    ident: str
    section: str
    lines: tuple[int, int]
    lead: str
    coordinators: frozenset[str]
    due: str
    depends_on: tuple[str, ...]


@dataclass
class Comparison:
    """Per section: pairs, drafted-only (added) and reviewed-only (missing) assignments."""

    pairs: list[tuple[Drafted, Assignment]] = field(default_factory=list)
    added: list[Drafted] = field(default_factory=list)
    missing: list[Assignment] = field(default_factory=list)
    changes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def same(self) -> bool:
        """No assignment added, missing or changed."""
        return not (self.added or self.missing or any(self.changes.values()))


def compare(data: Mapping[str, Any], reviewed: Directive) -> Comparison:
    """Pair and compare the drafted ``assignments`` with the reviewed ones."""
    drafted = [_drafted(item) for item in _unwrap(data.get("assignments")) or []]
    result = Comparison()
    for section in _sections(drafted, reviewed):
        ours = [d for d in drafted if d.section == section]
        theirs = [a for a in reviewed.assignments if a.section == section]
        _pair(ours, theirs, result)
    mapping = {d.ident: a.id for d, a in result.pairs}
    for d, a in result.pairs:
        result.changes[d.ident] = _changes(d, a, mapping)
    return result


def render(result: Comparison) -> str:
    """The comparison as text, one line per difference."""
    out: list[str] = []
    for d, a in result.pairs:
        changes = result.changes.get(d.ident, [])
        out.append(f"{'~' if changes else '='} section {d.section}: {d.ident} <-> {a.id}")
        out += [f"    {change}" for change in changes]
    out += [
        f"+ section {d.section}: {d.ident} (drafted, not in the reviewed file)"
        for d in result.added
    ]
    out += [f"- section {a.section}: {a.id} (reviewed, not drafted)" for a in result.missing]
    counts = f"{len(result.pairs)} paired, {len(result.added)} added, {len(result.missing)} missing"
    changed = sum(1 for c in result.changes.values() if c)
    return "\n".join([*out, f"{counts}, {changed} changed"])


def _unwrap(value: Any) -> Any:
    if isinstance(value, Value):
        return _unwrap(value.value)
    if isinstance(value, Mapping):
        return {k: _unwrap(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unwrap(v) for v in value]
    return value


def _drafted(item: Mapping[str, Any]) -> Drafted:
    due = item.get("due") if "due" in item else None
    return Drafted(
        ident=str(item["id"]),
        section=str(item["section"]),
        lines=(int(item["lines"][0]), int(item["lines"][1])),
        lead=str(item["lead"]),
        coordinators=frozenset(item.get("coordinators", [])),
        due=due_text(due, item.get("recurrence")),
        depends_on=tuple(item.get("depends_on", [])),
    )


def _sections(drafted: list[Drafted], reviewed: Directive) -> list[str]:
    seen = dict.fromkeys([d.section for d in drafted] + [a.section for a in reviewed.assignments])
    return list(seen)


def _pair(ours: list[Drafted], theirs: list[Assignment], result: Comparison) -> None:
    left = list(theirs)
    for d in ours:
        match = next((a for a in left if a.lines and _overlap(d.lines, a.lines)), None)
        if match is None and not any(a.lines for a in left) and left:
            match = left[0]
        if match is None:
            result.added.append(d)
            continue
        left.remove(match)
        result.pairs.append((d, match))
    result.missing += left


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _changes(d: Drafted, a: Assignment, mapping: dict[str, str]) -> list[str]:
    out = []
    if d.lead != a.lead:
        out.append(f"lead: drafted {d.lead}, reviewed {a.lead}")
    if d.coordinators != set(a.coordinators):
        out.append(
            f"coordinators: drafted {sorted(d.coordinators)}, reviewed {sorted(a.coordinators)}"
        )
    reviewed_due = due_text(
        a.due.model_dump(exclude_none=True) if a.due else None,
        a.recurrence.model_dump(exclude_none=True) if a.recurrence else None,
    )
    if d.due != reviewed_due:
        out.append(f"due: drafted {d.due}, reviewed {reviewed_due}")
    ours = sorted(mapping.get(ident, ident) for ident in d.depends_on)
    if ours != sorted(a.depends_on):
        out.append(f"depends_on: drafted {ours}, reviewed {sorted(a.depends_on)}")
    return out


def due_text(due: Any, recurrence: Any = None) -> str:
    """A deadline in words, ignoring how it was written: 'month 2014-08', 'none', ..."""
    if isinstance(recurrence, Mapping):
        return f"every {recurrence.get('every')} from {recurrence.get('first')}"
    if not isinstance(due, Mapping):
        return "none" if due is None else f"date {due}"
    for key in ("month", "quarter", "standing"):
        if key in due:
            return f"{key} {due[key]}" if key != "standing" else "standing"
    if "event" in due:
        return f"event on {due.get('date')}"
    for key in ("working_days", "days"):
        if key in due:
            anchor = due.get("after") or f"completion of {due.get('after_completion_of')}"
            return f"{due[key]} {key.replace('_', ' ')} after {anchor}"
    return f"date {due.get('date')}"
