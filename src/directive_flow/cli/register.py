"""``directive-flow register FILE...``: validate, plan and store directives."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from directive_flow.cli.common import add_format, iso_date
from directive_flow.cli.db import actor, add_actor, store_session
from directive_flow.cli.output import to_json
from directive_flow.errors import DefinitionError, DirectiveFlowError
from directive_flow.texts.definitions import problem_line

EXAMPLE = """examples:
  directive-flow register definitions/directives/kontum/2014-975-tb-vp.yaml --as vp-ubnd
  directive-flow register definitions/directives/kontum/*.yaml --dry-run"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "register",
        help="store directives and their tasks; an edited file applies the difference",
        description="Validate, plan and store each directive (one transaction per file). "
        "The same file again changes nothing; an edited file adds, moves and cancels tasks.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="directive files")
    parser.add_argument("--dry-run", action="store_true", help="print the difference only")
    parser.add_argument("--as-of", type=iso_date, default=None, help="plan as of (default: today)")
    parser.add_argument("--replaces", metavar="DIRECTIVE", help="mark this directive replaced")
    add_format(parser)
    add_actor(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Register each file in its own transaction and print what changed; a refused file is
    reported where it stands and the others go on. Exit 1 when any file was refused."""
    from directive_flow.errors import StoreError
    from directive_flow.steps.register import mark_replaced, register_directive

    results, refused = [], []
    for path in args.files:
        try:
            with store_session() as session:
                result = register_directive(
                    session,
                    path=path,
                    actor=actor(args),
                    as_of=args.as_of or date.today(),
                    dry_run=args.dry_run,
                )
                if args.replaces and not args.dry_run:
                    mark_replaced(
                        session, directive=args.replaces, by=result.directive, actor=actor(args)
                    )
        except StoreError:
            raise  # the store itself: no file can go on
        except DirectiveFlowError as exc:
            refused.append(_refused(path, exc, args.lang))
            if args.format == "text":
                print("\n".join(refused[-1]["problems"]), file=sys.stderr)
            continue
        results.append(result)
        if args.format == "text":
            verb = "would be" if result.dry_run else "is"
            print(f"{result.directive} {verb} {result.outcome} (version {result.version})")
            for change in result.changes:
                print(f"  {change}")
            for warning in result.warnings:
                print(f"directive-flow: warning: {warning}", file=sys.stderr)
    if args.format == "json":
        print(to_json({"registered": [r.to_json() for r in results], "refused": refused}))
    elif refused:
        print(f"{len(results)} file(s) registered, {len(refused)} refused", file=sys.stderr)
    return 1 if refused else 0


def _refused(path: Path, exc: DirectiveFlowError, lang: str) -> dict[str, Any]:
    """A refused file: its problems as shown in ``lang`` (``problems``) and in the exact
    English (``problems_en``), line for line; a refusal other than a definition's problems
    is the same in both."""
    english = str(exc).splitlines()
    shown = english
    if isinstance(exc, DefinitionError) and exc.problems:
        english = [str(p) for p in exc.problems]
        shown = [problem_line(p, lang) for p in exc.problems]
    return {"file": str(path), "problems": shown, "problems_en": english}
