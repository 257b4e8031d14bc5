"""The dependency graph between a directive's assignments (``graphlib``).

An edge runs from a supplier to its consumer: ``depends_on`` and ``after_completion_of``
both make one.
"""

from __future__ import annotations

import graphlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from directive_flow.definition.model import Assignment, Directive, OffsetDue


class CycleFound(ValueError):
    """The graph has a cycle; ``cycle`` lists it in order, first node repeated last."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        super().__init__("dependency cycle: " + " -> ".join(cycle) + " (each waits on the next)")


def suppliers_of(assignment: Assignment) -> tuple[str, ...]:
    """Every assignment this one waits on, in the order written, without repeats."""
    found = list(assignment.depends_on)
    for due in (assignment.due, assignment.recurrence and assignment.recurrence.due):
        if isinstance(due, OffsetDue) and due.after_completion_of:
            found.append(due.after_completion_of)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class DependencyGraph:
    """Assignment ids and, for each, the ids it waits on."""

    suppliers: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, directive: Directive) -> DependencyGraph:
        """The graph of a directive's assignments."""
        return cls({a.id: suppliers_of(a) for a in directive.assignments})

    def order(self) -> list[str]:
        """Suppliers before consumers; ties in the order written. Raises ``CycleFound``."""
        sorter = graphlib.TopologicalSorter(self.suppliers)
        try:
            sorter.prepare()
        except graphlib.CycleError as exc:
            raise CycleFound(_waits_on_order(exc.args[1])) from None
        order: list[str] = []
        rank = {node: i for i, node in enumerate(self.suppliers)}
        while sorter.is_active():
            ready = sorted(sorter.get_ready(), key=lambda n: rank.get(n, len(rank)))
            order.extend(ready)
            sorter.done(*ready)
        return order

    def consumers(self) -> dict[str, list[str]]:
        """For each assignment, the assignments waiting on it."""
        result: dict[str, list[str]] = {node: [] for node in self.suppliers}
        for consumer, suppliers in self.suppliers.items():
            for supplier in suppliers:
                result.setdefault(supplier, []).append(consumer)
        return result

    def critical_path(self, due: Mapping[str, date | None]) -> list[str]:
        """The dependency chain ending at the latest deadline, through latest-due suppliers.

        Only chains of two or more dated assignments count; empty when there are none.
        """
        dated = {
            n: [s for s in sups if due.get(s) is not None] for n, sups in self.suppliers.items()
        }
        depth: dict[str, int] = {}
        for node in self.order():
            depth[node] = 1 + max((depth[s] for s in dated.get(node, ())), default=0)
        ends = [n for n in self.suppliers if due.get(n) is not None and dated[n]]
        if not ends:
            return []

        def weight(n: str) -> tuple[date, int]:
            return (due[n] or date.min, depth[n])

        chain = [max(ends, key=weight)]
        while dated.get(chain[-1]):
            chain.append(max(dated[chain[-1]], key=weight))
        return chain[::-1]


def _waits_on_order(cycle: list[str]) -> list[str]:
    """graphlib lists each node before its successor; show 'waits on' order from the least id."""
    nodes = cycle[:-1][::-1]
    start = nodes.index(min(nodes))
    nodes = nodes[start:] + nodes[:start]
    return [*nodes, nodes[0]]
