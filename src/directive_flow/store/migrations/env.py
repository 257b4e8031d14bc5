"""Alembic environment: runs on the connection directive-flow hands it.

Used from ``directive_flow.store.migrate`` (connection in ``config.attributes``), or by
a developer generating a revision with the database named by DIRECTIVE_FLOW_DATABASE_URL.
"""

from __future__ import annotations

from alembic import context

from directive_flow.store.tables import Base


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from directive_flow.settings import get_settings
    from directive_flow.store.db import make_engine

    with make_engine(get_settings().database_url).connect() as fresh:
        _run(fresh)
        fresh.commit()


_main()
