"""What an agency hands in, however it arrives: one model, one reader, one set of value rules.

The CLI (``submit --data``), the inbox (``data.json`` / ``data.yaml``), the ``submit``
flow's form and the portal all build an :class:`Intake` and hand it to
:func:`directive_flow.steps.submit.submit`. The rules, the same on every path and both
databases (every limit listed in docs/limits.md):

- **files**: JSON or YAML (by suffix), UTF-8 with or without a byte-order mark, at most
  ``MAX_DATA_BYTES``; YAML through the one safe reader; a mapping of field to value;
- **text** (values, keys, note, reasons, attachment names): valid Unicode (a lone
  surrogate such as JSON's ``"\\ud800"``, or an argument's bytes that were not UTF-8, is
  refused); NFC; line ends, vertical tabs and form feeds (Word's line breaks) become
  ``\\n``; NUL and other control characters, and the bidirectional controls that show text
  in another order than it is stored (U+202A-202E, U+2066-2069), are refused; at most
  ``MAX_TEXT`` characters;
- **numbers**: finite, within ``±MAX_NUMBER`` (``NaN``, ``Infinity``, ``1e400`` refused);
  text in the Vietnamese format (``1.250,5``) is read per the field's type by ``submit``,
  and the figure it gives meets the same range (:func:`in_range`);
- **nesting**: at most ``MAX_DEPTH`` levels, ``MAX_FIELDS`` keys.

Every problem is collected and refused together, each naming its field.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from directive_flow.definition.yamlio import parse_yaml
from directive_flow.domain import Actor
from directive_flow.errors import DefinitionError, RefusedError
from directive_flow.steps.common import local_zone

__all__ = [
    "MAX_DATA_BYTES",
    "MAX_DEPTH",
    "MAX_FIELDS",
    "MAX_NUMBER",
    "MAX_TEXT",
    "Intake",
    "IntakeFile",
    "checked_text",
    "clean_text",
    "clean_value",
    "in_range",
    "out_of_range",
    "parse_data",
    "read_data_file",
    "received_on",
]

MAX_DATA_BYTES = 1024 * 1024
MAX_DEPTH = 8
MAX_FIELDS = 500
MAX_TEXT = 10_000
MAX_NUMBER = 10**15
_SURROGATES = re.compile("[\ud800-\udfff]")
# Embeddings, overrides and isolates reorder what is shown ("Trojan Source"): a name or a
# figure could read otherwise than it is stored. Vietnamese needs none of them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = str.maketrans({"\r": "\n", "\v": "\n", "\f": "\n", "\u2028": "\n", "\u2029": "\n"})


@dataclass(frozen=True)
class IntakeFile:
    """An attachment: where its bytes are now, and the name its sender gave it."""

    path: Path
    name: str


@dataclass(frozen=True)
class Intake:
    """One submission, as any path hands it in.

    ``received_at`` is a claim: when the office received it on paper (an operator's
    right, with ``received_reason``); ``None`` means the moment of entry. Build it with
    :meth:`of`, which applies the value rules.
    """

    directive: str
    task: str
    agency: str
    actor: Actor
    data: Mapping[str, Any] = field(default_factory=dict)
    note: str | None = None
    attachments: tuple[IntakeFile, ...] = ()
    received_at: datetime | None = None
    received_reason: str | None = None
    inbox_digest: str | None = None

    @classmethod
    def of(
        cls,
        *,
        directive: str,
        task: str,
        agency: str,
        actor: Actor,
        data: Any = None,
        note: str | None = None,
        attachments: tuple[IntakeFile, ...] = (),
        received_at: datetime | None = None,
        received_reason: str | None = None,
        inbox_digest: str | None = None,
    ) -> Intake:
        """An intake with its values cleaned; ``RefusedError`` lists every problem."""
        problems: list[str] = []
        clean = _data(data, problems)
        note_text = _optional_text(note, "note", problems)
        reason = _optional_text(received_reason, "received_reason", problems)
        for item in attachments:
            clean_text(item.name, "attachment name", problems)
        if received_at is not None and received_at.tzinfo is None:
            problems.append("received_at: give the time zone (e.g. +07:00)")
        if problems:
            raise RefusedError(f"submission for task '{task}' refused:", problems)
        return cls(
            directive.strip(),
            task.strip(),
            agency.strip(),
            actor,
            clean,
            note_text,
            tuple(attachments),
            received_at,
            reason,
            inbox_digest,
        )


def received_on(day: date) -> datetime:
    """A day something was received on paper, as a moment: 08:00 that day, local time."""
    return datetime.combine(day, time(8), tzinfo=local_zone())


def _data(data: Any, problems: list[str]) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        problems.append("data: expected a mapping of field name to value")
        return {}
    cleaned = clean_value(data, "", problems, depth=0)
    return cleaned if isinstance(cleaned, dict) else {}


def _optional_text(value: str | None, name: str, problems: list[str]) -> str | None:
    if value is None:
        return None
    text = clean_text(value, name, problems)
    return text.strip() or None if text is not None else None


def checked_text(text: str | None, where: str, summary: str) -> str | None:
    """``text`` under the text rules, stripped (None if blank); else ``RefusedError``.

    For the free text a step takes outside an :class:`Intake` (a review's or an
    extension's reason), so every path stores text by the same rules.
    """
    problems: list[str] = []
    clean = _optional_text(text, where, problems)
    if problems:
        raise RefusedError(summary, problems)
    return clean


def clean_text(text: str, where: str, problems: list[str]) -> str | None:
    """``text`` normalised (NFC, line breaks), or None with the problem added."""
    label = where or "value"
    if lone := _SURROGATES.search(text):
        problems.append(
            f"{label}: not valid Unicode text (U+{ord(lone.group()):04X} at character "
            f"{lone.start() + 1}: a lone surrogate, or bytes that were not UTF-8)"
        )
        return None
    flat = unicodedata.normalize("NFC", text.replace("\r\n", "\n").translate(_LINE_BREAKS))
    bad = sorted({c for c in flat if unicodedata.category(c) == "Cc" and c not in "\n\t"})
    if bad:
        shown = ", ".join(f"U+{ord(c):04X}" for c in bad)
        problems.append(f"{label}: contains control characters ({shown}); remove them")
        return None
    if found := sorted(set(_BIDI_CONTROLS.findall(flat))):
        shown = ", ".join(f"U+{ord(c):04X}" for c in found)
        problems.append(
            f"{label}: contains bidirectional control characters ({shown}), which show text "
            "in another order than it is stored; remove them"
        )
        return None
    if len(flat) > MAX_TEXT:
        problems.append(f"{label}: {len(flat):,} characters; at most {MAX_TEXT:,}")
        return None
    return flat


def clean_value(value: Any, where: str, problems: list[str], *, depth: int) -> Any:
    """``value`` with the rules applied (see the module docstring), or None if refused."""
    label = where or "data"
    if depth > MAX_DEPTH:
        problems.append(f"{label}: nested more than {MAX_DEPTH} levels deep")
        return None
    if isinstance(value, Mapping):
        return _mapping(value, where, problems, depth)
    if isinstance(value, list | tuple):
        return [
            clean_value(v, f"{label}[{i}]", problems, depth=depth + 1) for i, v in enumerate(value)
        ]
    if isinstance(value, str):
        return clean_text(value, label, problems)
    if isinstance(value, bool) or value is None or type(value) is date:
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return _number(value, label, problems)
    problems.append(f"{label}: {type(value).__name__} is not a value a form can hold")
    return None


def _mapping(value: Mapping[Any, Any], where: str, problems: list[str], depth: int) -> Any:
    if len(value) > MAX_FIELDS:
        problems.append(f"{where or 'data'}: {len(value):,} keys; at most {MAX_FIELDS}")
        return None
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = clean_text(str(key), f"{where or 'data'}: key", problems)
        if name is not None:
            path = f"{where}.{name}" if where else name
            out[name] = clean_value(item, path, problems, depth=depth + 1)
    return out


def _number(value: float, label: str, problems: list[str]) -> int | float | None:
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(f"{label}: {value!r} is not a finite number")
        return None
    if not in_range(value):
        problems.append(f"{label}: {out_of_range(_short(value))}")
        return None
    return value


def in_range(value: float) -> bool:
    """The number rule, on every path: finite and within ``±MAX_NUMBER``."""
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return abs(value) <= MAX_NUMBER


def out_of_range(shown: str) -> str:
    """The refusal of a figure outside ``±MAX_NUMBER``, ``shown`` as it was given."""
    return f"{shown} is out of range (at most ±{MAX_NUMBER:,})"


def _short(value: float) -> str:
    text = f"{value:.6g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 24 else f"{text[:21]}..."


def parse_data(content: bytes, name: str) -> dict[str, Any]:
    """A data file's content (JSON by a ``.json`` name, else YAML) as a cleaned mapping.

    Raises ``RefusedError`` listing every problem, each led by ``name`` (and the line).
    """
    problems: list[str] = []
    raw = _decoded(content, name, problems)
    data = _parsed(raw, name, problems) if raw is not None else None
    if data is not None and not isinstance(data, dict):
        problems.append(f"{name}: expected a mapping of field name to value")
    cleaned = clean_value(data, "", problems, depth=0) if isinstance(data, dict) else {}
    if problems:
        raise RefusedError(f"{name}: the data cannot be used:", problems)
    return cleaned if isinstance(cleaned, dict) else {}


def read_data_file(path: Path, *, display: str | None = None) -> dict[str, Any]:
    """:func:`parse_data` of a file; a missing or unreadable file is refused the same way."""
    name = display or str(path)
    try:
        if path.stat().st_size > MAX_DATA_BYTES:
            raise RefusedError(f"{name}: larger than {MAX_DATA_BYTES:,} bytes")
        content = path.read_bytes()
    except OSError as exc:
        raise RefusedError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    return parse_data(content, name)


def _decoded(content: bytes, name: str, problems: list[str]) -> str | None:
    if len(content) > MAX_DATA_BYTES:
        problems.append(f"{name}: larger than {MAX_DATA_BYTES:,} bytes")
        return None
    if b"\x00" in content:
        problems.append(f"{name}: binary file (or UTF-16), not UTF-8 text")
        return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        problems.append(f"{name}:{line}: not UTF-8 text (byte 0x{content[exc.start]:02x})")
        return None


def _parsed(text: str, name: str, problems: list[str]) -> Any:
    if not text.strip():
        return {}
    if name.lower().endswith(".json"):
        return _json(text, name, problems)
    try:
        return parse_yaml(text, name).data
    except DefinitionError as exc:
        problems.extend(str(p) for p in exc.problems)
        return None


def _json(text: str, name: str, problems: list[str]) -> Any:
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        problems.append(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}")
    except ValueError as exc:
        problems.append(f"{name}: {exc}")
    except RecursionError:
        problems.append(f"{name}: nested more than {MAX_DEPTH} levels deep")
    return None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number; write the figure, or leave the field out")
