"""``directive-flow register FILE...``: validate, plan and store directives.

A folder named stands for the directive files under it, searched as ``validate`` searches
(agency registries skipped); a file named is registered whatever it holds, so that a
registry named by mistake is refused with its reason."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from directive_flow.cli.common import add_format, iso_date
from directive_flow.cli.db import actor, add_actor, store_session
from directive_flow.cli.output import to_json
from directive_flow.errors import DefinitionError, DirectiveFlowError, RefusedError, UsageError
from directive_flow.texts.definitions import problem_line
from directive_flow.texts.refusals import error_lines

if TYPE_CHECKING:
    from directive_flow.steps.register import Change, Registration

EXAMPLE = """examples:
  directive-flow register definitions/directives/kontum/2014-975-tb-vp.yaml --as vp-ubnd
  directive-flow register definitions/directives/kontum/ --dry-run
  directive-flow register old/2014-975-tb-vp.yaml --historical --as vp-ubnd"""


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
    parser.add_argument(
        "files", nargs="+", type=Path, metavar="FILE", help="directive files, or folders of them"
    )
    parser.add_argument("--dry-run", action="store_true", help="print the difference only")
    parser.add_argument("--as-of", type=iso_date, default=None, help="plan as of (default: today)")
    parser.add_argument("--replaces", metavar="DIRECTIVE", help="mark this directive replaced")
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument(
        "--historical",
        action="store_true",
        help="a record of past work: planned as of its issue date, shown, never reminded",
    )
    kept.add_argument("--live", action="store_true", help="followed up again (the default for new)")
    add_format(parser)
    add_actor(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Register each file in its own transaction and print what changed; a refused file is
    reported where it stands and the others go on. Exit 1 when any file was refused."""
    from directive_flow.errors import StoreError
    from directive_flow.steps.register import mark_replaced, register_directive

    results, refused = [], []
    for path in _directive_files(args.files):
        try:
            with store_session() as session:
                result = register_directive(
                    session,
                    path=path,
                    actor=actor(args),
                    as_of=args.as_of or date.today(),
                    dry_run=args.dry_run,
                    historical=True if args.historical else False if args.live else None,
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
            _print(result, args.lang)
    if args.format == "json":
        print(to_json({"registered": [r.to_json() for r in results], "refused": refused}))
    elif refused and args.lang == "en":
        print(f"{len(results)} file(s) registered, {len(refused)} refused", file=sys.stderr)
    elif refused:
        print(f"Đã đăng ký {len(results)} tệp, {len(refused)} tệp bị từ chối", file=sys.stderr)
    return 1 if refused else 0


def _directive_files(named: list[Path]) -> list[Path]:
    """The files named, each folder among them replaced by the directive files under it;
    a file reached twice (a link beside it, a folder and a file in it both named) once."""
    from directive_flow.steps.activate import directive_files

    files: dict[Path, Path] = {}  # where a name leads -> the first name that led there
    for path in named:
        if not path.is_dir():
            found = [path]
        elif not (found := directive_files([path])):
            raise UsageError(f"no directive file under {path}")
        for file in found:
            files.setdefault(Path(os.path.realpath(file)), file)  # a loop too: never raises
    return list(files.values())


OUTCOMES = {  # Registration.outcome -> what the line says, done and in a dry run
    "new": ("được đăng ký mới", "sẽ được đăng ký mới"),
    "updated": ("được cập nhật", "sẽ được cập nhật"),
    "unchanged": ("không thay đổi", "sẽ không thay đổi"),
}
ACTIONS = {  # Change.action -> its word in the difference
    "add": "thêm",
    "restore": "khôi phục",
    "move": "dời hạn",
    "update": "sửa",
    "cancel": "hủy",
}


def _print(result: Registration, lang: str) -> None:
    """The directive's outcome, its difference line by line, then its warnings."""
    if lang == "en":
        verb = "would be" if result.dry_run else "is"
        print(f"{result.directive} {verb} {result.outcome} (version {result.version})")
        for change in result.changes:
            print(f"  {change}")
        for warning in result.warnings:
            print(f"directive-flow: warning: {warning}", file=sys.stderr)
        return
    said = OUTCOMES[result.outcome][result.dry_run]
    print(f"{result.directive} {said} (phiên bản {result.version})")
    for change in result.changes:
        print(f"  {change_line(change)}")
    for warning in result.warnings:
        print(f"directive-flow: cảnh báo: {error_lines(warning)[0]}", file=sys.stderr)


def change_line(change: Change) -> str:
    """One task's difference in Vietnamese: ``dời hạn   a/so-yt: 2024-07-05 -> 2024-07-12``."""
    word = f"{ACTIONS[change.action]:<9} {change.key}"
    if change.action == "move":
        assert change.before is not None
        assert change.after is not None
        return f"{word}: {change.before['due']} -> {change.after['due']}"
    fields = ", ".join(sorted(change.after or {})) if change.action == "update" else ""
    return word + (f" ({fields})" if fields else "")


def _refused(path: Path, exc: DirectiveFlowError, lang: str) -> dict[str, Any]:
    """A refused file: its problems as shown in ``lang`` (``problems``) and in the exact
    English (``problems_en``), line for line."""
    english = str(exc).splitlines()
    shown = english if lang == "en" else [error_lines(line)[0] for line in english]
    if isinstance(exc, RefusedError) and lang != "en":
        shown = error_lines(exc.summary, exc.problems)
    if isinstance(exc, DefinitionError) and exc.problems:
        english = [str(p) for p in exc.problems]
        shown = [problem_line(p, lang) for p in exc.problems]
    return {"file": str(path), "problems": shown, "problems_en": english}
