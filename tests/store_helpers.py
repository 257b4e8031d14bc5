"""Helpers for tests that act on the store like an agency would."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from directive_flow.steps.submit import submit
from directive_flow.store.db import session_scope

DIRECTIVE = "test-1-tb-vp"


def submit_as_owner(
    engine: Engine, task: str, *, data: dict[str, Any], at: datetime, home: Path = Path()
) -> None:
    """The task's own agency (from its key) submits ``data`` for the fixture directive."""
    agency = task.split("/")[1]
    with session_scope(engine) as session:
        submit(
            session,
            directive=DIRECTIVE,
            task=task,
            agency=agency,
            actor=agency,
            home=home,
            data=data,
            at=at,
        )
