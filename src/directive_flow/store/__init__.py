"""The store: SQLAlchemy schema, engine and sessions, Alembic migrations.

Everything that reads or writes it takes a ``Session`` explicitly; nothing here is
built at import time.
"""
