"""``directive-flow validate PATH...``: check definition files, every problem at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from directive_flow.cli.common import add_format, problem_json
from directive_flow.cli.output import to_json
from directive_flow.errors import UsageError
from directive_flow.texts.definitions import problem_line

EXAMPLE = "example: directive-flow validate definitions/"


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "validate",
        help="check definition files (folders are searched recursively)",
        description="Check agency registries and directives; print every problem as path:line:col: message.",
        epilog=EXAMPLE,
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="definition files or folders"
    )
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Validate and print; exit 1 when any file is invalid."""
    from directive_flow.planning.validation import validate_paths

    report = validate_paths(args.paths)
    if not report.files:
        names = ", ".join(str(p) for p in args.paths)
        raise UsageError(f"no definition files (*.yaml, *.yml) under {names}")
    if args.format == "json":
        print(
            to_json(
                {
                    "files": report.files,
                    "invalid_files": report.invalid_files,
                    "problems": [problem_json(p, args.lang) for p in report.problems],
                }
            )
        )
    else:
        for problem in report.problems:
            print(problem_line(problem, args.lang), file=sys.stderr)
        bad = sum(1 for f in report.files if f in report.invalid_files)
        print(summary(len(report.files), bad, len(report.problems), args.lang))
    return 0 if report.ok else 1


def summary(files: int, bad: int, problems: int, lang: str) -> str:
    """The closing line: how many files were checked, valid and invalid, in ``lang``."""
    if lang == "en":
        found = f" ({problems} problem(s))" if bad else ""
        return f"{files} file(s) checked: {files - bad} valid, {bad} invalid{found}"
    found = f" ({problems} lỗi)" if bad else ""
    return f"Đã kiểm tra {files} tệp: {files - bad} hợp lệ, {bad} không hợp lệ{found}"
