"""Turn pydantic validation errors into located, readable problems.

A problem names the item it belongs to (``assignment 'finalize-report'``) and the field
path inside it (``deliverable: fields[2]: type``), then says what is wrong in words a
person editing YAML understands, with a suggestion where a near miss is likely.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from directive_flow.definition.echo import quote, show
from directive_flow.definition.locations import Loc
from directive_flow.definition.model.common import PATTERN_MEANINGS
from directive_flow.definition.yamlio import YamlDocument
from directive_flow.errors import Problem

_UNION_TAGS = frozenset({"date", "month", "quarter", "offset", "event", "standing"})


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or an empty string."""
    close = _close(word, choices)
    return f" (did you mean {quote(close[0])}?)" if close else ""


def validation_problems(
    doc: YamlDocument, error: ValidationError, model: type[BaseModel]
) -> list[Problem]:
    """One located problem per pydantic error, less the echoes of another error."""
    details = [_with_loc(d) for d in error.errors(include_url=False)]
    typos = {
        (loc[:-1], word)
        for d, loc in details
        if d["type"] == "extra_forbidden"
        for word in _close(str(loc[-1]), _allowed_keys(model, loc[:-1]))
    }
    return [_one(doc, d, loc, model) for d, loc in details if not _echo(d, loc, details, typos)]


def _written(data: Any, loc: Loc) -> Loc:
    """The longest start of ``loc`` that the file spells out: ``due: 2014-02-31`` is
    validated as ``due: date``, but the user wrote no ``date`` key."""
    for i, part in enumerate(loc):
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return loc[:i]
    return loc


def _with_loc(detail: ErrorDetails) -> tuple[ErrorDetails, Loc]:
    return detail, _strip_tags(tuple(detail["loc"]))


def _echo(
    detail: ErrorDetails,
    loc: Loc,
    details: list[tuple[ErrorDetails, Loc]],
    typos: set[tuple[Loc, str]],
) -> bool:
    """A missing key that a misspelt key stands for, or a list 'too short' after its items failed."""
    if detail["type"] == "missing":
        return (loc[:-1], str(loc[-1])) in typos
    if detail["type"] == "too_short":
        return any(len(other) > len(loc) and other[: len(loc)] == loc for _, other in details)
    return False


def _one(doc: YamlDocument, detail: ErrorDetails, loc: Loc, model: type[BaseModel]) -> Problem:
    kind = detail["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        hint = suggest(key, _allowed_keys(model, loc[:-1]))
        return doc.located(loc[:-1], f"unknown key {quote(key)}{hint}", at=loc)
    if kind == "missing":
        return doc.located(loc[:-1], f"missing required key {quote(str(loc[-1]))}")
    return doc.located(_written(doc.data, loc), _message(detail, loc))


_SIMPLE = {
    "bool_parsing": "{shown} is not true or false",
    "bool_type": "{shown} is not true or false",
    "int_parsing": "{shown} is not a whole number",
    "int_type": "{shown} is not a whole number",
    "int_from_float": "{shown} is not a whole number",
    "float_parsing": "{shown} is not a number",
    "float_type": "{shown} is not a number",
    "string_type": "expected text (got {shown})",
    "string_too_short": "must not be empty",
    "string_too_long": "is longer than {max_length} characters",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "has more than {max_length} item(s)",
    "greater_than_equal": "{shown} is below the minimum {ge}",
    "less_than_equal": "{shown} is above the maximum {le}",
    "due_form": "{msg}",
}
_EXAMPLES = {
    "deliverable": " such as {type: report}",
    "calendar": " such as {extra_holidays: [2025-01-25]}",
    "reminders": " such as {before_due: [3, 1]}",
    "recurrence": " such as {every: half-year, first: H1-2026, due: {working_days: 5, after: cutoff}}",
    "signer": " such as {name: ..., title: ...}",
    "source": " such as {file: ../../notices/x.txt, lines: [1, 60]}",
    "lines": " such as [17, 19]",
}
_MAPPINGS = ("model_type", "dict_type", "model_attributes_type")
_LISTS = ("tuple_type", "list_type", "iterable_type")


def _message(detail: ErrorDetails, loc: Loc) -> str:
    kind, ctx, value = detail["type"], detail.get("ctx") or {}, detail.get("input")
    shown = show(value)
    if kind in _SIMPLE:
        return _SIMPLE[kind].format(shown=shown, msg=detail["msg"], **ctx)
    example = _EXAMPLES.get(str(loc[-1]), "") if loc else ""
    if kind in _MAPPINGS and not loc:  # the whole file: its text is not echoed back
        return f"expected a mapping at the top (the file holds {_kind_of(value)}, not a definition)"
    if kind in _MAPPINGS:
        return f"expected a mapping{example} (got {shown})"
    if kind in _LISTS:
        return f"expected a list{example} (got {shown})"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return f"{shown} is not {PATTERN_MEANINGS.get(pattern, f'of the form {pattern}')}"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        return f"{shown} is not one of: {expected}{suggest(str(value), _QUOTED.findall(expected))}"
    if kind in ("value_error", "assertion_error"):
        return str(detail["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind.startswith(("date", "datetime")):
        return f"invalid date {shown}: {_date_reason(value)}"
    message = str(detail["msg"])
    return f"{message[0].lower()}{message[1:]} (got {shown})"


_QUOTED = re.compile(r"'([^']*)'")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_reason(value: Any) -> str:
    """Python's own reason for an impossible ISO date, else how to write one."""
    if isinstance(value, str) and _ISO_DAY.match(value):
        try:
            date.fromisoformat(value)
        except ValueError as exc:
            return str(exc)
    return "write a date as YYYY-MM-DD or D/M/YYYY"


def _close(word: str, choices: Iterable[str]) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)


def _kind_of(value: Any) -> str:
    """What a whole file holds, in words (never its content: it may be any file)."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    return "nothing" if value is None else "a single value"


def _strip_tags(loc: Loc) -> Loc:
    """Drop what pydantic inserts into a path: the union tag after ``due`` (``due: month:
    month``) and validator function names."""
    out: list[str | int] = []
    for i, part in enumerate(loc):
        if i and loc[i - 1] == "due" and part in _UNION_TAGS:
            continue
        if isinstance(part, str) and part.startswith("function-"):
            continue
        out.append(part)
    return tuple(out)


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
