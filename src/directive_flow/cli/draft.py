"""``directive-flow draft NOTICE.txt [--registry REG]``: a draft definition from a notice's text."""

from __future__ import annotations

import argparse
from pathlib import Path

from directive_flow.errors import UsageError

EXAMPLE = """examples:
  directive-flow draft notice.txt --registry definitions/agencies/kontum.yaml -o draft.yaml
  directive-flow draft pasted-page.txt        # no registry: names kept, standard agencies known
  directive-flow draft notice.txt --registry definitions/agencies/kontum.yaml --format json
  directive-flow draft notice.txt --registry REG --against definitions/directives/kontum/x.yaml"""


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "draft",
        help="draft a directive definition from the text of a notice",
        description="Read a notice (conclusion notice, directive, official letter, plan) "
        "and write a draft definition: header, assignments with owners, deadlines and "
        "dependencies, each with its source lines. Review the TODOs, then validate.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "notice", type=Path, metavar="NOTICE", help="the notice: text, HTML, a pasted page"
    )
    parser.add_argument(
        "--registry",
        type=Path,
        default=None,
        help="the agency registry (without it: names verbatim, standard agencies from a built-in list)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=None, help="write here (default: stdout)"
    )
    parser.add_argument("--format", choices=("yaml", "json"), default="yaml")
    parser.add_argument(
        "--against",
        type=Path,
        default=None,
        metavar="EXISTING",
        help="show the difference from a reviewed definition",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Draft, then write, print or compare."""
    from directive_flow.definition.loader import load_registry
    from directive_flow.draft import draft_notice

    registry = load_registry(args.registry).registry if args.registry else None
    draft = draft_notice(
        _read(args.notice),
        registry=registry,
        source_name=str(args.notice),
        output_path=args.output,
        registry_path=args.registry,
    )
    if args.against is not None:
        return _against(draft.data, args.against)
    text = draft.json_text() + "\n" if args.format == "json" else draft.yaml
    if args.output is None:
        print(text, end="")
    else:
        _write(args.output, text)
        tasks, todos = len(draft.tasks), len(draft.todos)
        if args.lang == "en":
            print(f"wrote {args.output} ({tasks} assignment(s), {todos} TODO(s))")
        else:
            print(f"đã ghi {args.output} ({tasks} nhiệm vụ, {todos} mục TODO cần bổ sung)")
    return 0


def _against(data: dict[str, object], path: Path) -> int:
    from directive_flow.draft.compare import compare, render
    from directive_flow.planning.validation import load_directive

    result = compare(data, load_directive(path).directive)
    print(render(result))
    return 0 if result.same else 1


def _read(path: Path) -> bytes:
    from directive_flow.draft.text import MAX_BYTES

    try:
        if path.stat().st_size > MAX_BYTES:
            from directive_flow.draft import DraftError

            raise DraftError(
                f"{path}: too large ({path.stat().st_size:,} bytes; the limit is {MAX_BYTES:,})"
            )
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
