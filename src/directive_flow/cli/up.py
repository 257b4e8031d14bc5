"""``directive-flow up``: the whole service on this machine, until Ctrl-C."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

EXAMPLE = """examples:
  directive-flow up                       # UI at http://127.0.0.1:4200
  directive-flow up --port 4300 --definitions definitions/"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "up",
        help="start a local Prefect server, register definitions, serve the flows",
        description="Start a local Prefect server (SQLite under DIRECTIVE_FLOW_HOME/prefect), "
        "register every directive under the definitions folder, serve all deployments, "
        "print the UI address; Ctrl-C stops everything. Run it from the project root.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=4200, help="the Prefect server's port")
    parser.add_argument("--definitions", default="definitions/", help="folder of definitions")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Start, register, serve."""
    from directive_flow.cli.service import ServicePlan, run_service
    from directive_flow.domain import Actor, Channel
    from directive_flow.errors import UsageError
    from directive_flow.settings import get_settings
    from directive_flow.steps.activate import register_paths
    from directive_flow.store.db import open_store

    root = Path.cwd()
    if not (root / "flows" / "serve.py").is_file():
        raise UsageError("run 'directive-flow up' from the project root (where flows/ is)")
    settings = get_settings()

    def register_all() -> list[str]:
        engine = open_store(settings.database_url)
        done = register_paths(
            engine,
            paths=[Path(args.definitions)],
            actor=Actor.as_operator("up", Channel.CLI),
            as_of=date.today(),
        )
        return [f"{r.directive}: {r.outcome} (version {r.version})" for r in done]

    plan = ServicePlan(root=root, home=settings.home, port=args.port, definitions=args.definitions)
    return run_service(plan, register=register_all)
