"""Registering every directive under a folder (what the service does when it starts)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from directive_flow.definition.loaded import LoadedDirective
from directive_flow.domain import Actor
from directive_flow.errors import DefinitionError, DirectiveFlowError
from directive_flow.planning.validation import DirectiveLoader, definition_files
from directive_flow.steps.register import Registration, register_directive
from directive_flow.store.db import session_scope


def directive_files(paths: Iterable[Path]) -> list[Path]:
    """The directive files among ``paths`` (folders searched recursively); registries skipped.

    A file that does not load is kept: registering it says what is wrong and where.
    """
    loader = DirectiveLoader()
    found = []
    for path in definition_files(paths):
        try:
            if isinstance(loader.load(path), LoadedDirective):
                found.append(path)
        except DefinitionError:
            found.append(path)
    return found


def register_paths(
    engine: Engine,
    *,
    paths: Iterable[Path],
    actor: Actor,
    as_of: date,
    dry_run: bool = False,
    historical: bool | None = None,
    on_refused: Callable[[Path, DirectiveFlowError], None] | None = None,
) -> list[Registration]:
    """Register each directive file in its own transaction (``historical``: see register).

    With ``on_refused``, a refused file is handed to it and the others are registered all
    the same; without, the first refusal is raised.
    """
    results = []
    for path in directive_files(paths):
        try:
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
        except DirectiveFlowError as exc:
            if on_refused is None:
                raise
            on_refused(path, exc)
    return results
