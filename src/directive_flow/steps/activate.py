"""Registering every directive under a folder (what the service does when it starts)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from directive_flow.definition.loaded import LoadedDirective
from directive_flow.domain import Actor
from directive_flow.planning.validation import DirectiveLoader, definition_files
from directive_flow.steps.register import Registration, register_directive
from directive_flow.store.db import session_scope


def directive_files(paths: Iterable[Path]) -> list[Path]:
    """The directive files among ``paths`` (folders searched recursively); registries skipped."""
    loader = DirectiveLoader()
    return [p for p in definition_files(paths) if isinstance(loader.load(p), LoadedDirective)]


def register_paths(
    engine: Engine,
    *,
    paths: Iterable[Path],
    actor: Actor,
    as_of: date,
    dry_run: bool = False,
    historical: bool | None = None,
) -> list[Registration]:
    """Register each directive file in its own transaction (``historical``: see register)."""
    results = []
    for path in directive_files(paths):
        with session_scope(engine) as session:
            results.append(
                register_directive(
                    session,
                    path=path,
                    actor=actor,
                    as_of=as_of,
                    dry_run=dry_run,
                    historical=historical,
                )
            )
    return results
