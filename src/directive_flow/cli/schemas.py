"""``directive-flow schema``: JSON Schemas of both kinds of definition file, for editors."""

from __future__ import annotations

import argparse
from pathlib import Path

from directive_flow.cli.common import add_format
from directive_flow.cli.output import to_json

EXAMPLE = "example: directive-flow schema -o schema/"


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "schema",
        help="write the JSON Schemas of registry and directive files",
        description="Write agencies.schema.json and directive.schema.json (for the "
        "yaml-language-server line at the top of every definition).",
        epilog=EXAMPLE,
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("schema"), help="folder (default: schema/)"
    )
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write both schema files."""
    from directive_flow.definition.json_schema import write_schemas

    written = write_schemas(args.output)
    if args.format == "json":
        print(to_json({"written": [str(path) for path in written]}))
        return 0
    for path in written:
        print(f"wrote {path}" if args.lang == "en" else f"đã ghi {path}")
    return 0
