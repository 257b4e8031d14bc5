"""How values are written for Vietnamese readers, and how text is made safe where it lands.

``vn_date`` (``30/06/2015``), ``format_number`` (``1.234,5``), ``one_line`` (titles copied
from notices carry line breaks), ``markdown_text`` (anything a person or a definition
supplied, put into Markdown: links, images, HTML and table pipes become plain text),
``xml_text`` (Word documents refuse most control characters; a vertical tab is Word's
own line break). Both put U+FFFD in place of a lone surrogate, which no file can
encode: whatever is stored renders (the intake refuses such text now; a row stored
before may still hold it).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

__all__ = [
    "MarkdownSafe",
    "encodable",
    "format_number",
    "json_ready",
    "markdown_text",
    "one_line",
    "vn_date",
    "xml_text",
]

_DECIMALS = 6  # enough for any figure a report carries; trailing zeros are dropped
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # with [ ] escaped no link or image can form
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


class MarkdownSafe(str):
    """Markdown written by the code itself: put into a page as it is."""

    __slots__ = ()


def vn_date(day: date) -> str:
    """A date as Vietnamese documents write it: ``30/06/2015``."""
    return f"{day:%d/%m/%Y}"


def format_number(value: float) -> str:
    """``1234567`` -> ``1.234.567``; ``1234.5`` -> ``1.234,5`` (Vietnamese separators)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "—"  # never stored (the intake refuses it), never a crash either
    if isinstance(value, int) or value.is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{_DECIMALS}f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,"))


def one_line(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return " ".join(str(text).split())


def markdown_text(text: object) -> str:
    """``text`` on one line, every Markdown and HTML special character made literal."""
    if isinstance(text, MarkdownSafe):
        return text
    flat = encodable(one_line(str(text)))
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def xml_text(text: str) -> str:
    """``text`` fit for a Word document: line breaks kept, other control characters dropped."""
    return _NOT_XML.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", encodable(text))


def encodable(text: str) -> str:
    """``text`` with U+FFFD for each lone surrogate, so UTF-8 can always encode it."""
    return _SURROGATE.sub("\ufffd", text)


def json_ready(value: Any) -> Any:
    """``value`` as strict UTF-8 JSON can hold it: a non-finite number becomes ``None``
    and a lone surrogate U+FFFD, in every nested list, tuple and mapping (keys too).
    Values stored before the intake refused them still serialise."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return encodable(value)
    if isinstance(value, dict):
        return {json_ready(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    return value
