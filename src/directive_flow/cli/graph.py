"""``directive-flow graph FILE``: the dependency graph as Mermaid or DOT."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from directive_flow.cli.output import to_json

EXAMPLE = (
    "example: directive-flow graph definitions/directives/kontum/2014-975-tb-vp.yaml --format dot"
)


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "graph",
        help="draw the dependency graph (Mermaid or Graphviz DOT)",
        description="Print the directive's dependency graph; suppliers point at consumers.",
        epilog=EXAMPLE,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="a directive file")
    parser.add_argument("--format", choices=("mermaid", "dot", "json"), default="mermaid")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Draw and print."""
    from directive_flow.definition.agencies import AgencyDirectory
    from directive_flow.planning.diagram import dot, graph_json, mermaid
    from directive_flow.planning.plan import make_plan
    from directive_flow.planning.validation import load_directive

    loaded = load_directive(args.file)
    plan = make_plan(loaded, as_of=date.today())
    due: dict[str, date | None] = {}
    for task in plan.tasks:
        due.setdefault(task.assignment, task.due)
    directory = AgencyDirectory(loaded.registry)
    if args.format == "json":
        print(to_json(graph_json(loaded.directive, directory, due)))
        return 0
    draw = dot if args.format == "dot" else mermaid
    print(draw(loaded.directive, directory, due), end="")
    return 0
