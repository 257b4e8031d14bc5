"""Helpers for test suites that run against a real PostgreSQL (no pytest import here).

``scratch_database(base_url)`` creates a database with a random name on the server
``base_url`` points at, yields its URL, and drops it afterwards.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from directive_flow.store.urls import parse_url


@contextmanager
def scratch_database(base_url: str) -> Iterator[str]:
    """A fresh, uniquely named PostgreSQL database for the duration of the block."""
    base = parse_url(base_url)
    name = f"directive_flow_test_{secrets.token_hex(6)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def reset_database(url: str) -> None:
    """Empty a scratch database: drop and recreate its ``public`` schema."""
    engine = create_engine(parse_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
