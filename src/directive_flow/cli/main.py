"""Entry point: dispatch, and the one place errors become exit codes.

Exit codes: 0 success; 1 a ``DirectiveFlowError`` (e.g. an invalid definition); 2 a usage
error or an unexpected failure, which writes a log file and prints its path instead of a
traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from directive_flow.cli import (
    collect,
    consolidate,
    dashboard,
    db,
    demo,
    doctor,
    draft,
    extend,
    graph,
    history,
    open_period,
    plan,
    portal,
    register,
    remind,
    review,
    schemas,
    show,
    status,
    submit,
    up,
    validate,
)
from directive_flow.errors import DefinitionError, DirectiveFlowError, UsageError

COMMANDS = (
    validate,
    plan,
    graph,
    show,
    schemas,
    draft,
    register,
    submit,
    review,
    extend,
    history,
    status,
    collect,
    remind,
    consolidate,
    open_period,
    dashboard,
    db,
    doctor,
    up,
    portal,
    demo,
)


def build_parser() -> argparse.ArgumentParser:
    """The ``directive-flow`` parser with every command."""
    parser = argparse.ArgumentParser(
        prog="directive-flow",
        description="Turn government directives into tracked, reminded, consolidated work.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; never lets a traceback reach the user."""
    _utf8_stdio()
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except DefinitionError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"directive-flow: error: {exc}", file=sys.stderr)
        return 2
    except DirectiveFlowError as exc:
        print(f"directive-flow: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("directive-flow: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, like cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception:
        log = write_crash_log(argv)
        print(f"directive-flow: unexpected error (a bug); details in {log}", file=sys.stderr)
        return 2


def write_crash_log(argv: Sequence[str] | None) -> Path:
    """Write the current exception's traceback to a log file and return its path."""
    home = Path(os.environ.get("DIRECTIVE_FLOW_HOME", Path.home() / ".directive-flow"))
    folder = home / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    log = folder / f"crash-{stamp}-{os.getpid()}.log"
    command = " ".join(sys.argv[:1] + list(argv if argv is not None else sys.argv[1:]))
    log.write_text(f"command: {command}\n\n{traceback.format_exc()}", encoding="utf-8")
    return log


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
