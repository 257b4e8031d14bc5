"""docs/limits.md states the limits the code enforces: each table row against its constant."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from pathlib import Path

import pytest

from directive_flow.steps import intake

DOC = Path(__file__).parent.parent / "docs" / "limits.md"
_ROW = re.compile(r"^\|(?P<what>[^|]+)\|(?P<limit>[^|]+)\|\s*`(?P<name>[\w.]+)`\s*\|$", re.M)


def rows() -> list[tuple[str, str]]:
    """(constant, limit cell) of every table row naming a constant."""
    return [(m["name"], m["limit"]) for m in _ROW.finditer(DOC.read_text("utf-8"))]


def constant(dotted: str) -> object:
    module, _, name = f"directive_flow.{dotted}".rpartition(".")
    return getattr(importlib.import_module(module), name)


def written(value: object) -> str:
    """How the doc writes a constant's value."""
    if isinstance(value, tuple):
        return f"{value[0]}-{value[1]}"
    if isinstance(value, timedelta):
        return f"{value.days} days" if value.days else f"{value.seconds // 60} minutes"
    assert isinstance(value, int)
    return f"{value:,}"


@pytest.mark.parametrize(("name", "limit"), rows(), ids=[name for name, _ in rows()])
def test_each_limit_in_the_doc_is_the_code_s(name: str, limit: str) -> None:
    assert written(constant(name)) in limit, f"docs/limits.md, row `{name}`: {limit.strip()}"


def test_every_intake_limit_is_in_the_doc() -> None:
    named = {name for name, _ in rows()}
    limits = {f"steps.intake.{n}" for n in intake.__all__ if n.startswith("MAX_")}
    assert limits <= named
