"""Looking agencies up: by code, by group (fanned out), and by name as people type it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from directive_flow.definition.model import Agency, AgencyRegistry, Group

_NOT_WORD = re.compile(r"[^0-9a-z&]+")


def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key: 'Sở Y tế' -> 'so y te'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NOT_WORD.sub(" ", plain).strip()


@dataclass(frozen=True)
class AgencyDirectory:
    """A registry, indexed for look-ups."""

    registry: AgencyRegistry
    agencies: dict[str, Agency] = field(init=False)
    groups: dict[str, Group] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "agencies", {a.code: a for a in self.registry.agencies})
        object.__setattr__(self, "groups", {g.code: g for g in self.registry.groups})

    def knows(self, code: str) -> bool:
        """Is ``code`` an agency or a group?"""
        return code in self.agencies or code in self.groups

    def codes(self) -> list[str]:
        """Every agency and group code."""
        return [*self.agencies, *self.groups]

    def expand(self, code: str) -> tuple[str, ...]:
        """The agencies a code stands for: itself, or every member of a group, recursively."""
        if code in self.agencies:
            return (code,)
        found: dict[str, None] = {}  # in the order the members are written
        if code not in self.groups:
            return ()
        entered, stack = {code}, [iter(self.groups[code].members)]
        while stack:  # depth-first with its own stack: any depth of nesting
            member = next(stack[-1], None)
            if member is None:
                stack.pop()
            elif member in self.agencies:
                found[member] = None
            elif member in self.groups and member not in entered:
                entered.add(member)
                stack.append(iter(self.groups[member].members))
        return tuple(found)

    def name(self, code: str) -> str:
        """The official name of an agency or group (the code itself when unknown)."""
        item = self.agencies.get(code) or self.groups.get(code)
        return item.name if item else code

    @cached_property
    def by_name(self) -> dict[str, list[str]]:
        """Folded name, short name, alias or code -> the codes that carry it."""
        index: dict[str, list[str]] = {}
        items: list[Agency | Group] = [*self.registry.agencies, *self.registry.groups]
        for item in items:
            short = item.short_names if isinstance(item, Agency) else ()
            for text in {item.code, item.name, *short, *item.aliases}:
                codes = index.setdefault(fold(text), [])
                if item.code not in codes:
                    codes.append(item.code)
        return index

    def find(self, text: str) -> str | None:
        """The one code whose name matches ``text`` accent-insensitively, if exactly one."""
        codes = self.by_name.get(fold(text), [])
        return codes[0] if len(codes) == 1 else None
