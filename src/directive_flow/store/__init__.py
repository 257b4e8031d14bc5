"""The store: the truth about directives, tasks, submissions, the outbox and the audit log.

``tables`` holds the SQLAlchemy 2 schema, ``db`` engines and transactions (SQLite in WAL
mode, PostgreSQL through psycopg 3), ``migrate`` the Alembic migrations shipped in the
package, ``attachments`` the content-addressed files. Everything that reads or writes
takes a ``Session`` or an ``Engine`` explicitly; nothing is built at import time.
"""

from directive_flow.store.attachments import MAX_ATTACHMENT_BYTES, attachment_path, store_attachment
from directive_flow.store.db import (
    forget_stores,
    make_engine,
    open_store,
    parse_url,
    session_scope,
    shown,
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "attachment_path",
    "forget_stores",
    "make_engine",
    "open_store",
    "parse_url",
    "session_scope",
    "shown",
    "store_attachment",
]
