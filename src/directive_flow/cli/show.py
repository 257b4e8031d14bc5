"""``directive-flow show FILE``: a directive as a person reads it."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from directive_flow.cli.common import add_format
from directive_flow.cli.output import to_json

if TYPE_CHECKING:
    from directive_flow.definition.loaded import LoadedDirective

EXAMPLE = "example: directive-flow show definitions/directives/kontum/2014-975-tb-vp.yaml"


def add_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the command to the parser."""
    parser = sub.add_parser(
        "show",
        help="summarise a directive: header, sections, owners, deadlines",
        description="Print a directive's header and assignments by section, owners named.",
        epilog=EXAMPLE,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="a directive file")
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Load and print."""
    from directive_flow.planning.validation import load_directive

    loaded = load_directive(args.file)
    if args.format == "json":
        print(to_json(loaded.directive.model_dump(mode="json", exclude_none=True)))
    else:
        print(render(loaded))
    return 0


def render(loaded: LoadedDirective) -> str:
    """Header lines, then each assignment with its owners, deadline and inputs."""
    from directive_flow.definition.agencies import AgencyDirectory
    from directive_flow.planning.plan import make_plan

    directive, directory = loaded.directive, AgencyDirectory(loaded.registry)
    header = directive.header
    due = {t.assignment: t.due for t in make_plan(loaded, as_of=date.today()).tasks}
    out = [
        f"{header.shown_number} ({header.type}) — {directory.name(header.issuer)}, ngày {header.issued:%d/%m/%Y}",
        header.title,
    ]
    if header.signer:
        out.append(
            f"Ký: {header.signer.formula + ' ' if header.signer.formula else ''}{header.signer.name}"
        )
    for a in directive.assignments:
        members = directory.expand(a.lead)
        owner = directory.name(a.lead) + (f" ({len(members)} cơ quan)" if len(members) > 1 else "")
        when = due.get(a.id)
        out += ["", f"[{a.section}] {a.id}: {a.title}", f"    chủ trì: {owner}"]
        if a.coordinators:
            out.append("    phối hợp: " + ", ".join(directory.name(c) for c in a.coordinators))
        out.append(
            f"    sản phẩm: {a.deliverable.type}; hạn: {when.strftime('%d/%m/%Y') if when else 'không thời hạn'}"
        )
        if a.depends_on:
            out.append("    chờ: " + ", ".join(a.depends_on))
    return "\n".join(out)
