"""Entry point: dispatch, and the one place errors become exit codes.

``--lang`` (before the command; default ``$DIRECTIVE_FLOW_LANG``, else ``vi``) chooses the
language of what the commands print: Vietnamese (results, the problems of definition
files, errors, argparse's usage errors), or ``en`` for the exact English the library and
argparse word them in. JSON keeps its keys and values in every language.

Exit codes: 0 success; 1 a ``DirectiveFlowError`` (e.g. an invalid definition, or an
argument whose bytes are not UTF-8); 2 a usage error or an unexpected failure, which writes
a log file and prints its path instead of a traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

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
from directive_flow.cli.parser import parser_class
from directive_flow.errors import DefinitionError, DirectiveFlowError, RefusedError, UsageError
from directive_flow.texts.definitions import LANGUAGES, problem_line
from directive_flow.texts.refusals import error_lines

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


LANG_VARIABLE = "DIRECTIVE_FLOW_LANG"


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The ``directive-flow`` parser with every command; its usage errors in ``lang``."""
    parser = parser_class(lang)(
        prog="directive-flow",
        description="Turn government directives into tracked, reminded, consolidated work.",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=os.environ.get(LANG_VARIABLE) or "vi",
        help=f"language of the output: results, errors, the problems found in definition "
        f"files (default: ${LANG_VARIABLE}, else vi)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_command(sub)
    return parser


def entry() -> NoReturn:
    """The ``directive-flow`` script and ``python -m directive_flow.cli``: :func:`main` in a
    process of its own, left with its exit code.

    The objects the imports made are frozen first (``gc.freeze``): at exit CPython's
    collector would walk them all again before freeing them by reference count anyway,
    ~90 ms of a 0.5 s ``status``. ``atexit`` handlers and the flush of stdout still run;
    only cycles left at the end are not collected, and the process is ending."""
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; never lets a traceback reach the user."""
    _utf8_stdio()
    given = sys.argv[1:] if argv is None else argv
    lang = chosen_lang(given)  # argparse speaks before it has read --lang
    try:
        check_arguments(given)  # before argparse reads them
        args = build_parser(lang).parse_args(argv)  # a day out of range is a UsageError here
        lang = check_lang(args.lang)
        code: int = args.run(args)
        return code
    except DefinitionError as exc:
        for problem in exc.problems:
            print(problem_line(problem, lang), file=sys.stderr)
        return 1
    except UsageError as exc:
        print(error_text(exc, lang), file=sys.stderr)
        return 2
    except DirectiveFlowError as exc:
        print(error_text(exc, lang), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "directive-flow: interrupted" if lang == "en" else "directive-flow: đã dừng",
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, like cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception:
        log = write_crash_log(argv)
        print(crash_text(log, lang), file=sys.stderr)
        return 2


def error_text(exc: DirectiveFlowError, lang: str) -> str:
    """``directive-flow: error: <message>``; in Vietnamese, ``lỗi:`` and the message as
    :func:`~directive_flow.texts.refusals.error_lines` says it, one line per problem."""
    if lang == "en":
        return f"directive-flow: error: {exc}"
    if isinstance(exc, RefusedError):
        first, *rest = error_lines(exc.summary, exc.problems)
    else:
        first, *rest = error_lines(str(exc))
    return "\n".join([f"directive-flow: lỗi: {first}", *rest])


def crash_text(log: Path, lang: str) -> str:
    """What an unexpected failure prints: it is a bug, and where its traceback is."""
    if lang == "en":
        return f"directive-flow: unexpected error (a bug); details in {log}"
    return f"directive-flow: lỗi không lường trước (lỗi của phần mềm); chi tiết trong {log}"


def chosen_lang(argv: Sequence[str]) -> str:
    """The language ``--lang`` (before the command) or the environment asks for, ``vi``
    when neither names one of :data:`LANGUAGES`: what argparse's own messages are in."""
    lang = os.environ.get(LANG_VARIABLE) or "vi"
    tokens = iter(argv)
    for token in tokens:
        if not token.startswith("-"):
            break  # the command: its own options follow
        if token == "--lang":
            lang = next(tokens, lang)
        elif token.startswith("--lang="):
            lang = token.partition("=")[2]
    return lang if lang in LANGUAGES else "vi"


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGUAGES` (argparse does not check a default taken
    from the environment)."""
    if lang not in LANGUAGES:
        raise UsageError(f"{LANG_VARIABLE}: '{lang}' is not one of: {', '.join(LANGUAGES)}")
    return lang


_NOT_UTF8 = re.compile("[\udc80-\udcff]+|[\ud800-\udfff]")


def check_arguments(argv: Sequence[str]) -> None:
    """Refuse an argument that is not UTF-8 text, naming its option (nothing could store it).

    Python hands such argv bytes over as lone surrogates (``os.fsdecode``); a note or an
    attachment's name made of them cannot be stored, shown or logged.
    """
    for i, token in enumerate(argv):
        if bad := _NOT_UTF8.search(token):
            raise RefusedError(
                f"{_option_of(argv, i)}: not UTF-8 text (bytes {_bytes_of(bad.group())}); "
                "give the text in UTF-8 (or rename the file)"
            )


def _option_of(argv: Sequence[str], i: int) -> str:
    """The option ``argv[i]`` is (``--note=...``) or is the value of, else its position."""
    if argv[i].startswith("-"):
        return argv[i].partition("=")[0]
    before = argv[i - 1] if i else ""
    return before if before.startswith("-") else f"argument {i + 1}"


def _bytes_of(escaped: str) -> str:
    """The first bytes Python escaped (``\\udced`` was byte ``0xed``), as hex."""
    return " ".join(
        f"{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else f"U+{ord(c):04X}"
        for c in escaped[:4]
    )


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
    text = f"command: {command}\n\n{traceback.format_exc()}"
    log.write_text(text, encoding="utf-8", errors="backslashreplace")  # argv may not be UTF-8
    return log


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
