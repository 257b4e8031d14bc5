"""``directive-flow db upgrade|current``: the store's schema; and what store commands share."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from directive_flow.cli.common import add_format
from directive_flow.cli.output import to_json
from directive_flow.errors import UsageError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from directive_flow.domain import Actor

EXAMPLE = """examples:
  directive-flow db upgrade
  DIRECTIVE_FLOW_DATABASE_URL=postgresql+psycopg://user@host/db directive-flow db current"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "db",
        help="migrate the store's schema, or show its version",
        description="Apply the store's migrations (upgrade) or print its schema version "
        "(current). The store is DIRECTIVE_FLOW_DATABASE_URL, else a SQLite file in "
        "DIRECTIVE_FLOW_HOME.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("action", choices=("upgrade", "current"))
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Upgrade, or print the current and head revisions."""
    from directive_flow.settings import get_settings
    from directive_flow.store import migrate
    from directive_flow.store.db import forget_stores, make_engine, shown

    url = get_settings().database_url
    engine = make_engine(url)
    try:
        before: str | None
        after: str | None
        if args.action == "upgrade":
            before, after = migrate.upgrade(engine)
        else:
            before = after = migrate.current(engine)
    finally:
        engine.dispose()
        forget_stores()
    head = migrate.head_revision()
    if args.format == "json":
        print(to_json({"database": shown(url), "before": before, "current": after, "head": head}))
    elif args.lang == "en" and args.action == "upgrade":
        print(f"{shown(url)}: schema {before or 'empty'} -> {after}")
    elif args.lang == "en":
        state = "up to date" if after == head else f"code expects {head}"
        print(f"{shown(url)}: schema {after or 'empty'} ({state})")
    elif args.action == "upgrade":
        print(f"{shown(url)}: lược đồ {before or 'trống'} -> {after}")
    else:
        state = "mới nhất" if after == head else f"phiên bản mã nguồn này cần {head}"
        print(f"{shown(url)}: lược đồ {after or 'trống'} ({state})")
    return 0


@contextmanager
def store_session() -> Iterator[Session]:
    """One transaction on the configured store (migrated first if empty)."""
    from directive_flow.settings import get_settings
    from directive_flow.store.db import open_store, session_scope

    with session_scope(open_store(get_settings().database_url)) as session:
        yield session


def add_actor(parser: argparse.ArgumentParser) -> None:
    """``--as NAME``: who is acting, for the audit log."""
    parser.add_argument(
        "--as", dest="actor", default=None, metavar="NAME", help="actor (default: OS user)"
    )


def add_task(parser: argparse.ArgumentParser) -> None:
    """``DIRECTIVE TASK`` positionals."""
    parser.add_argument("directive", metavar="DIRECTIVE", help="directive id")
    parser.add_argument("task", metavar="TASK", help="task key, e.g. supply-data/so-yt")


def actor(args: argparse.Namespace) -> Actor:
    """The CLI acts as an operator: the ``--as`` name, else the OS user."""
    from directive_flow.domain import Actor, Channel

    try:
        return Actor.as_operator(args.actor or getpass.getuser(), Channel.CLI)
    except ValueError as exc:
        raise UsageError(f"--as: {exc}") from None
