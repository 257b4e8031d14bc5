"""The drafted definition -> YAML text (with comments) and JSON (with confidences).

The definition is plain data whose fields may be wrapped in ``Value`` to carry a
confidence and comment lines ("TODO: ...", "assumption: ..."). Strings are written plain
when that is unambiguous, double-quoted otherwise, and folded (``>-``) when long.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

WIDTH = 92
_FLOW_KEYS = frozenset({"lines", "coordinators", "depends_on"})
_FLOW_PLAIN = re.compile(r"^\w[\w./-]*$")
_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
_RESERVED = re.compile(
    r"^(?:~|null|true|false|yes|no|on|off|y|n|=|<<"
    r"|[-+]?(?:\.?\d[\d_.:eE+\-]*|\.inf|\.nan|0[xob][\da-fA-F_]+))$",
    re.I,
)


@dataclass(frozen=True)
class Value:
    """A field's value with how sure the drafter is and the comments to write above it."""

    value: Any
    confidence: float = 1.0
    comments: tuple[str, ...] = ()


def to_yaml(data: Mapping[str, Any], preamble: list[str]) -> str:
    """YAML text of a definition, preceded by comment lines."""
    lines = [f"# {line}".rstrip() for line in preamble]
    lines += _mapping(data, 0)
    return "\n".join(lines) + "\n"


def to_plain(data: Any) -> Any:
    """The same structure with each leaf as ``{"value": ..., "confidence": ...}``."""
    if isinstance(data, Value):
        return {"value": _json_value(data.value), "confidence": round(data.confidence, 2)}
    if isinstance(data, Mapping):
        return {key: to_plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [to_plain(item) for item in data]
    return {"value": _json_value(data), "confidence": 1.0}


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def _mapping(data: Mapping[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    for key, value in data.items():
        lines += _entry(key, value, indent)
    return lines


def _entry(key: str, value: Any, indent: int) -> list[str]:
    pad = " " * indent
    comments = value.comments if isinstance(value, Value) else ()
    raw = value.value if isinstance(value, Value) else value
    lines = [f"{pad}# {_one_line(c)}" for c in comments]
    if isinstance(raw, Mapping):
        lines += [f"{pad}{key}:", *_mapping(raw, indent + 2)] if raw else [f"{pad}{key}: {{}}"]
    elif isinstance(raw, list):
        lines += _sequence(key, raw, indent)
    else:
        lines.append(f"{pad}{key}: {scalar(raw, indent + 2)}")
    return lines


def _sequence(key: str, items: list[Any], indent: int) -> list[str]:
    pad = " " * indent
    if not items:
        return [f"{pad}{key}: []"]
    if key in _FLOW_KEYS and not any(isinstance(i, (Mapping, list)) for i in items):
        return [f"{pad}{key}: [{', '.join(scalar(i, indent, flow=True) for i in items)}]"]
    lines = [f"{pad}{key}:"]
    for item in items:
        if isinstance(item, Mapping):
            body = _mapping(item, indent + 4)
            lines += [f"{pad}  - {body[0].lstrip()}", *body[1:]]
        else:
            lines.append(f"{pad}  - {scalar(item, indent + 4)}")
    return lines


def scalar(value: Any, indent: int, *, flow: bool = False) -> str:
    """One YAML scalar: null, a boolean, a number, a date or a string."""
    if isinstance(value, Value):
        value = value.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, date)):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    if not flow and len(text) + indent > WIDTH and _foldable(text):
        return _folded(text, indent)
    return text if plain(text, flow=flow) else quoted(text)


def plain(text: str, *, flow: bool = False) -> bool:
    """Can ``text`` be written without quotes and read back as the same string?"""
    if not text or text != text.strip() or _RESERVED.match(text) or not _PLAIN_START.match(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if flow and not _FLOW_PLAIN.match(text):
        return False
    return _NOT_PRINTABLE.search(text) is None and not _BREAKS.search(text)


def quoted(text: str) -> str:
    """A double-quoted YAML scalar (JSON escapes, plus YAML's non-printables)."""
    dumped = json.dumps(text, ensure_ascii=False)
    if _NOT_PRINTABLE.search(dumped) is None:  # the usual case: nothing to escape
        return dumped
    return "".join(c if _printable(c) else f"\\u{ord(c):04x}" for c in dumped)


_NOT_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]"
)
"""What YAML cannot hold as written (the characters ``_printable`` refuses)."""
_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")


def _printable(c: str) -> bool:
    code = ord(c)
    if code in (0x85, 0x2028, 0x2029, 0xFEFF):
        return False
    return (
        c in "\t\n\r"
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    )


def _foldable(text: str) -> bool:
    return (
        text == text.strip()
        and "  " not in text
        and _NOT_PRINTABLE.search(text) is None
        and not re.search(r"[\t\n\r]", text)
    )


def _folded(text: str, indent: int) -> str:
    pad = " " * indent
    width = max(40, WIDTH - indent)
    wrapped = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "\n".join(pad + line for line in wrapped)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", "".join(c if _printable(c) else " " for c in text)).strip()
