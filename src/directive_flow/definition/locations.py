"""How a place in a definition is named in messages: ``assignment 'x': due: month``."""

from __future__ import annotations

from typing import Any

from directive_flow.definition.echo import quote

Loc = tuple[str | int, ...]

_ITEMS = {"assignments": "assignment", "agencies": "agency", "groups": "group"}
_ID_KEYS = ("id", "code")


def describe(data: Any, loc: Loc) -> str:
    """The item ``loc`` is in, then the field path inside it; empty at the top."""
    label, rest = item_label(data, loc)
    return ": ".join(p for p in (label, format_path(rest)) if p)


def item_label(data: Any, loc: Loc) -> tuple[str, Loc]:
    """Split ``loc`` into a label for the listed item it is in and the path inside it."""
    if len(loc) >= 2 and loc[0] in _ITEMS and isinstance(loc[1], int):
        item = _item_at(data, loc[:2])
        ident = next((item[k] for k in _ID_KEYS if isinstance(item.get(k), str)), None)
        name = quote(ident) if ident else f"#{loc[1] + 1}"
        return f"{_ITEMS[str(loc[0])]} {name}", loc[2:]
    return "", loc


def format_path(loc: Loc) -> str:
    """``('deliverable', 'fields', 2, 'type')`` -> ``deliverable: fields[2]: type``."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int) and parts:
            parts[-1] += f"[{part}]"
        else:
            parts.append(str(part))
    return ": ".join(parts)


def _item_at(data: Any, loc: Loc) -> dict[str, Any]:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return data if isinstance(data, dict) else {}
