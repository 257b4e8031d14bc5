"""Fixtures of the steps' tests."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from store_helpers import DATA_DIRECTIVE, operator

from directive_flow.steps.register import register_directive
from directive_flow.store.db import session_scope


@pytest.fixture
def data_store(engine: Engine) -> Engine:
    """The store with ``DATA_DIRECTIVE`` (a deliverable of typed fields) registered."""
    with session_scope(engine) as session:
        register_directive(
            session, path=DATA_DIRECTIVE, actor=operator("a"), as_of=date(2024, 1, 2)
        )
    return engine
