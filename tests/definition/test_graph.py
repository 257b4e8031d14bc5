"""The dependency graph: order, cycles in order, critical path."""

from __future__ import annotations

from datetime import date

import pytest

from directive_flow.definition.graph import CycleFound, DependencyGraph


def test_order_puts_suppliers_first_and_keeps_written_order_for_ties() -> None:
    graph = DependencyGraph({"c": ("a", "b"), "b": (), "a": (), "d": ()})
    assert graph.order() == ["b", "a", "d", "c"]


def test_cycle_is_listed_in_waits_on_order_from_the_least_id() -> None:
    graph = DependencyGraph({"b": ("c",), "c": ("a",), "a": ("b",)})
    with pytest.raises(CycleFound) as caught:
        graph.order()
    assert caught.value.cycle == ["a", "b", "c", "a"]
    assert str(caught.value) == "dependency cycle: a -> b -> c -> a (each waits on the next)"


def test_critical_path_follows_the_latest_supplier_back_from_the_latest_deadline() -> None:
    graph = DependencyGraph({"s1": (), "s2": (), "mid": ("s1",), "end": ("mid", "s2"), "x": ()})
    due = {
        "s1": date(2024, 1, 10),
        "s2": date(2024, 1, 20),
        "mid": date(2024, 1, 25),
        "end": date(2024, 2, 1),
        "x": date(2024, 3, 1),
    }
    assert graph.critical_path(due) == ["s1", "mid", "end"]


def test_no_critical_path_without_dated_dependencies() -> None:
    graph = DependencyGraph({"a": (), "b": ("a",)})
    assert graph.critical_path({"a": None, "b": date(2024, 1, 1)}) == []


def test_consumers_invert_the_edges() -> None:
    graph = DependencyGraph({"a": (), "b": ("a",), "c": ("a",)})
    assert graph.consumers() == {"a": ["b", "c"], "b": [], "c": []}
