"""Validate 1,000 directives of 50 assignments; compare with libyaml reading the same files.

The floor is what validate cannot avoid: libyaml composing each file into nodes
(``yaml.compose`` with ``CSafeLoader``, the positions every message needs); validate does
that plus building plain data, the schema, references, graph and deadline checks. The
old floor, ``yaml.load`` (which also runs PyYAML's constructor, a step validate skips),
is printed beside it. ``validate_paths`` raises the garbage collector's first threshold
while it reads (``fewer_collections``); the compose floor is timed both with Python's
default thresholds and under the same setting, and the ratio to the stricter one is
printed too. Aims: at most 3x ``yaml.load`` (issue 2), 1.5x ``yaml.compose``
(issue 11).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import write_corpus

from directive_flow.planning.validation import fewer_collections, validate_paths


def best_of(runs: int, fn: object) -> float:
    """Fastest wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_corpus(folder, files=1000, assignments=50)
        size = sum(p.stat().st_size for p in paths)

        files = [folder / "registry.yaml", *paths]

        def compose() -> None:
            for path in files:
                yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def compose_fewer() -> None:
            with fewer_collections():
                compose()

        def load() -> None:
            for path in files:
                yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def validate() -> None:
            report = validate_paths([folder])
            assert report.ok, report.problems[:3]

        compose_s, load_s = best_of(3, compose), best_of(3, load)
        fewer_s = best_of(3, compose_fewer)
        validate_s = best_of(3, validate)
    print(f"corpus: 1,000 directives x 50 assignments, {size / 1e6:.1f} MB")
    print(f"floor: libyaml compose (nodes, positions): {compose_s:6.2f} s")
    print(f"the same, collector as validate sets it  : {fewer_s:6.2f} s")
    print(f"old floor: libyaml load (+ constructor)  : {load_s:6.2f} s")
    print(f"validate (all checks)                    : {validate_s:6.2f} s")
    print(f"ratio to compose: {validate_s / compose_s:5.2f}x  (aim <= 1.5x)")
    print(f"ratio to compose, same collector: {validate_s / fewer_s:5.2f}x")
    print(f"ratio to load   : {validate_s / load_s:5.2f}x  (aim <= 3x)")


if __name__ == "__main__":
    main()
