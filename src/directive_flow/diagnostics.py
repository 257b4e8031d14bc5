"""Turn pydantic validation errors into located, readable problems.

A problem names the item it belongs to (``assignment 'finalize-report'``) and the field
path inside it (``deliverable: fields[2]: type``), then says what is wrong in words a
person editing YAML understands, with a suggestion where a near miss is likely.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from directive_flow.errors import Problem
from directive_flow.yamlio import Loc, YamlDocument

_UNION_TAGS = frozenset({"date", "month", "quarter", "offset", "event", "standing"})
_ITEMS = {"assignments": "assignment", "agencies": "agency", "groups": "group"}
_ID_KEYS = ("id", "code")
_PATTERNS = {
    "^[a-z0-9][a-z0-9-]*$": "an id of lowercase ASCII letters, digits and dashes",
    r"^\d{4}-(0[1-9]|1[0-2])$": "a month written YYYY-MM",
    r"^\d{4}-Q[1-4]$": "a quarter written YYYY-Qn",
    r"^(H[12]|Q[1-4]|M(0[1-9]|1[0-2])|Y)-\d{4}$": "a period such as H1-2026, Q3-2026, M08-2026, Y-2026",
    r"^[a-z][a-z0-9_]*$": "a field name of lowercase letters, digits and underscores",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "an e-mail address",
    r"^[a-z][a-z0-9+.-]*://\S+$": "a notification URL such as mailto://... or json://...",
}


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def item_label(doc: YamlDocument, loc: Loc) -> tuple[str, Loc]:
    """Split ``loc`` into a label for the item it is in and the field path inside it."""
    if len(loc) >= 2 and loc[0] in _ITEMS and isinstance(loc[1], int):
        item = _item_at(doc.data, loc[:2])
        ident = next((item[k] for k in _ID_KEYS if isinstance(item.get(k), str)), None)
        name = f"'{ident}'" if ident else f"#{loc[1] + 1}"
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


def located(doc: YamlDocument, loc: Loc, message: str, *, at: Loc | None = None) -> Problem:
    """A problem about ``loc``, its message led by the item and field it concerns.

    ``at`` places it on a key instead (an unknown key is shown where the key stands).
    """
    label, rest = item_label(doc, loc)
    prefix = ": ".join(p for p in (label, format_path(rest)) if p)
    text = f"{prefix}: {message}" if prefix else message
    return doc.problem(at, text, key=True) if at is not None else doc.problem(loc, text)


def validation_problems(
    doc: YamlDocument, error: ValidationError, model: type[BaseModel]
) -> list[Problem]:
    """One located problem per pydantic error."""
    return [_one(doc, detail, model) for detail in error.errors(include_url=False)]


def _one(doc: YamlDocument, detail: ErrorDetails, model: type[BaseModel]) -> Problem:
    loc = _strip_tags(tuple(detail["loc"]))
    kind = detail["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        hint = suggest(key, _allowed_keys(model, loc[:-1]))
        return located(doc, loc[:-1], f"unknown key '{key}'{hint}", at=loc)
    if kind == "missing":
        return located(doc, loc[:-1], f"missing required key '{loc[-1]}'")
    return located(doc, loc, _message(detail))


def _message(detail: ErrorDetails) -> str:
    kind, ctx, value = detail["type"], detail.get("ctx") or {}, detail.get("input")
    shown = _show(value)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"{shown} is not {_PATTERNS.get(pattern, f'of the form {pattern}')}"
    if kind == "literal_error":
        return f"{shown} is not one of: {ctx.get('expected', '')}"
    if kind in ("value_error", "assertion_error"):
        return str(detail["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind.startswith(("date", "datetime")):
        reason = str(detail["msg"]).split(", ", 1)[-1] if ", " in detail["msg"] else ""
        return f"invalid date {shown}" + (f": {reason}" if reason else "")
    if kind == "due_form":
        return str(detail["msg"])
    message = str(detail["msg"])
    message = message[0].lower() + message[1:]
    return f"{message} (got {shown})" if not isinstance(value, dict | list) else message


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    if hasattr(value, "isoformat"):
        text = f"'{value.isoformat()}'"
    return text if len(text) <= 60 else text[:57] + "...'"


def _strip_tags(loc: Loc) -> Loc:
    """Drop the union tags pydantic inserts after ``due`` (``due: month: month``)."""
    out: list[str | int] = []
    for part in loc:
        if out and out[-1] == "due" and part in _UNION_TAGS:
            continue
        if isinstance(part, str) and part.startswith("function-"):
            continue
        out.append(part)
    return tuple(out)


def _item_at(data: Any, loc: Loc) -> dict[str, Any]:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return {}
    return data if isinstance(data, dict) else {}


def _allowed_keys(model: type[BaseModel], loc: Loc) -> set[str]:
    classes: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        found = [m for c in classes if part in c.model_fields for m in _models_in(c, part)]
        classes = found or classes
    return {name for c in classes for name in c.model_fields}


def _models_in(owner: type[BaseModel], field: str) -> list[type[BaseModel]]:
    return list(_walk_annotation(owner.model_fields[field].annotation))


def _walk_annotation(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return
    for arg in typing.get_args(annotation):
        yield from _walk_annotation(arg)
