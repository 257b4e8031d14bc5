"""``directive-flow up``: the whole service on this machine, until Ctrl-C.

What it prints is Vietnamese, or the exact English with ``--lang en``: each directive
registered (:func:`registered_line`), each file refused (:func:`refused_lines`, as
``register`` says it), then the service's own lines (:mod:`directive_flow.cli.service`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from directive_flow.texts.help import service_line

if TYPE_CHECKING:
    from directive_flow.errors import DirectiveFlowError
    from directive_flow.steps.register import Registration

EXAMPLE = """examples:
  directive-flow up                       # UI at http://127.0.0.1:4200, portal at :8200
  directive-flow up --port 4300 --definitions my-definitions/"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "up",
        help="start a local Prefect server, the deployments and the portal; register definitions",
        description="Start a local Prefect server (SQLite under DIRECTIVE_FLOW_HOME/prefect), "
        "register the definitions, serve all deployments and the agencies' portal, print "
        "both addresses; Ctrl-C (or SIGTERM) stops everything. Without --definitions the "
        "bundled Kon Tum 2014 examples are registered as historical: shown, never reminded.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=4200, help="the Prefect server's port")
    parser.add_argument("--portal-port", type=int, default=8200, help="the portal's port")
    parser.add_argument(
        "--definitions",
        type=Path,
        default=None,
        metavar="DIR",
        help="your definitions, registered live (default: the bundled examples, historical)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Start, register, serve."""
    from directive_flow.bundled import examples
    from directive_flow.cli.service import ServicePlan, run_service
    from directive_flow.domain import Actor, Channel
    from directive_flow.settings import get_settings
    from directive_flow.steps.activate import register_paths
    from directive_flow.store.db import open_store

    settings = get_settings()
    folder = (args.definitions or examples()).resolve()
    historical = args.definitions is None
    lang: str = args.lang

    def refused(path: Path, exc: DirectiveFlowError) -> None:
        print("\n".join(refused_lines(path, exc, lang)), file=sys.stderr)

    def register_all() -> list[str]:
        done = register_paths(
            open_store(settings.database_url),
            paths=[folder],
            actor=Actor.as_operator("up", Channel.CLI),
            as_of=date.today(),
            historical=historical,
            on_refused=refused,
        )
        return [registered_line(r, historical=historical, lang=lang) for r in done]

    plan = ServicePlan(
        home=settings.home,
        definitions=folder,
        historical=historical,
        port=args.port,
        portal_port=args.portal_port if _has_portal() else None,
    )
    return run_service(plan, register=register_all, lang=lang)


def registered_line(result: Registration, *, historical: bool, lang: str) -> str:
    """``kontum-2014-975-tb-vp: văn bản mới (phiên bản 1)``, ``(tư liệu mẫu, ...)`` after a
    historical one; with ``lang="en"`` ``...: new (version 1) (historical example)``."""
    english = "{directive}: " + result.outcome + " (version {version})"
    line = service_line(english, lang, directive=result.directive, version=result.version)
    return service_line("{line} (historical example)", lang, line=line) if historical else line


def refused_lines(path: Path, exc: DirectiveFlowError, lang: str) -> list[str]:
    """A refused file's problems as ``register`` prints them (the exception's own English
    with ``lang="en"``)."""
    if lang == "en":
        return [str(exc)]
    from directive_flow.cli.register import _refused

    problems: list[str] = _refused(path, exc, lang)["problems"]
    return problems


def _has_portal() -> bool:
    """The portal ships with the package (a trimmed install may leave it out)."""
    import importlib.util

    return importlib.util.find_spec("directive_flow.cli.portal") is not None
