"""The dependency graph drawn as Mermaid or Graphviz DOT text, or given as JSON data."""

from __future__ import annotations

from datetime import date
from typing import Any

from directive_flow.definition.agencies import AgencyDirectory
from directive_flow.definition.graph import DependencyGraph
from directive_flow.definition.model import Directive


def _label(directive: Directive, directory: AgencyDirectory, ident: str, due: date | None) -> str:
    assignment = next(a for a in directive.assignments if a.id == ident)
    members = directory.expand(assignment.lead)
    owner = directory.name(assignment.lead)
    if len(members) > 1:
        owner += f" ({len(members)} cơ quan)"
    when = due.isoformat() if due else "không thời hạn"
    return f"{ident}\\n{owner}\\n{when}".replace('"', "'")


def mermaid(directive: Directive, directory: AgencyDirectory, due: dict[str, date | None]) -> str:
    """A Mermaid flowchart: suppliers point at their consumers."""
    graph = DependencyGraph.of(directive)
    lines = ["flowchart LR"]
    for ident in graph.suppliers:
        text = _label(directive, directory, ident, due.get(ident)).replace("\\n", "<br/>")
        lines.append(f'    {_node(ident)}["{text}"]')
    for consumer, suppliers in graph.suppliers.items():
        lines += [f"    {_node(s)} --> {_node(consumer)}" for s in suppliers]
    return "\n".join(lines) + "\n"


def dot(directive: Directive, directory: AgencyDirectory, due: dict[str, date | None]) -> str:
    """A Graphviz digraph: suppliers point at their consumers."""
    graph = DependencyGraph.of(directive)
    lines = [f'digraph "{directive.id}" {{', "    rankdir=LR;", "    node [shape=box];"]
    for ident in graph.suppliers:
        lines.append(
            f'    "{ident}" [label="{_label(directive, directory, ident, due.get(ident))}"];'
        )
    for consumer, suppliers in graph.suppliers.items():
        lines += [f'    "{s}" -> "{consumer}";' for s in suppliers]
    return "\n".join([*lines, "}"]) + "\n"


def _node(ident: str) -> str:
    return ident.replace("-", "_")


def graph_json(
    directive: Directive, directory: AgencyDirectory, due: dict[str, date | None]
) -> dict[str, Any]:
    """The graph as data: each assignment with its owner and first deadline, each edge."""
    graph = DependencyGraph.of(directive)
    nodes = [
        {
            "id": a.id,
            "lead": a.lead,
            "owner": directory.name(a.lead),
            "agencies": len(directory.expand(a.lead)),
            "due": day.isoformat() if (day := due.get(a.id)) else None,
        }
        for a in directive.assignments
    ]
    edges = [[s, consumer] for consumer, suppliers in graph.suppliers.items() for s in suppliers]
    return {"directive": directive.id, "nodes": nodes, "edges": edges}
