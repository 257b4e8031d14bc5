"""bench/bench_scale.py's code path on a tiny store: it runs, and says what it measured."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench"


def test_scale_bench_measures_every_figure_at_two_sizes(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        scale = importlib.import_module("bench_scale")
        floor = importlib.import_module("register_floor")
        url = f"sqlite:///{tmp_path / 'scale.db'}"
        figures = scale.run_backend(url, [1, 2], tmp_path, lambda _: None, per_year=20)
        sweep = floor.register_sweep(url, "sqlite", (5, 20), tmp_path, runs=1)
    finally:
        sys.path.remove(str(BENCH))
    assert set(figures["sizes"]) == {1, 2}
    assert set(figures["growth"]) == {*scale.MEASURES, "register_100"}
    assert figures["sizes"][2]["rows"]["directives"] == 40
    assert 0 < figures["sizes"][1]["dashboard_changed"]["boards"] <= scale.CHANGED
    assert sweep["20"]["tasks"] == 20
    assert sweep["per_task_growth"] > 0


def test_the_national_store_grows_province_by_province(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        scale = importlib.import_module("bench_scale")
        url = f"sqlite:///{tmp_path / 'national.db'}"
        figures = scale.run_national(url, [1, 3], tmp_path, lambda _: None, per_year=20)
    finally:
        sys.path.remove(str(BENCH))
    one, three = figures["sizes"][1], figures["sizes"][3]
    assert three["rows"]["directives"] == 60
    assert three["rows"]["agencies"] == 3 * one["rows"]["agencies"]
    # province 0 is the same at every size: its decision does not see the others' work
    assert three["registry_decision"]["due"] == one["registry_decision"]["due"] > 0
    assert three["nation_decision"]["due"] > one["nation_decision"]["due"]
    assert three["directive_status"]["directive"] == one["directive_status"]["directive"]
    assert 0 < three["dashboard_changed"]["boards"] <= scale.CHANGED
    assert three["register_100"]["tasks"] == 100
    assert set(figures["growth"]) == {*scale.NATIONAL, "register_100"}
