"""How a value from a definition file is echoed in a message: as the person wrote it.

Text is quoted, with every character that shows as nothing spelt out (``'so-yt\\u200b'``):
a zero-width space, a soft hyphen or a no-break space inside an id would otherwise
make ``'so-yt' is not ...`` read as nonsense. Booleans and nulls take their YAML
spelling (``true``, ``null``), not Python's (``True``, ``None``).
"""

from __future__ import annotations

import math
from typing import Any

SHOWN_LENGTH = 60
"""Longer echoes are cut (a value may be a whole paragraph)."""

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_BLANK_LETTERS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
"""Printable by Unicode's rules, drawn as nothing: fillers, blanks, the grapheme joiner."""


def invisible(char: str) -> bool:
    """True for a character a reader cannot see: a format (Cf), control or separator
    character other than the space (U+00A0, U+200B, U+00AD ...), a variation selector,
    a blank letter."""
    if char == " ":
        return False
    return not char.isprintable() or char in _BLANK_LETTERS or _variation_selector(char)


def _variation_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def visible(text: str) -> str:
    """``text`` with each invisible character spelt as its escape: ``\\u200b``, ``\\t``."""
    return "".join(_escape(c) if invisible(c) else c for c in text)


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def quote(text: str) -> str:
    """``'text'``, its invisible characters spelt out, never cut (an id, a key, a path)."""
    return f"'{visible(text)}'"


def show(value: Any) -> str:
    """A value as YAML spells it (``'text'``, ``true``, ``null``, ``[1, 2]``), cut at
    ``SHOWN_LENGTH`` characters of the value: every invisible one among those shown is
    spelt out, however long its escape."""
    if isinstance(value, str):
        fits = len(value) <= SHOWN_LENGTH - 2
        return quote(value) if fits else quote(value[: SHOWN_LENGTH - 4])[:-1] + "...'"
    text = _spelt(value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 3] + "..."


def _spelt(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if hasattr(value, "isoformat"):
        return f"'{value.isoformat()}'"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_spelt(k)}: {_spelt(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_spelt(v) for v in value) + "]"
    return repr(value)
