"""Validate 1,000 directives of 50 assignments; compare with libyaml parsing the same files.

The floor is PyYAML's C safe loader only parsing each file (yaml.load with CSafeLoader);
validate does that work plus locations, schema, references, graph and deadline checks.
Aim (issue 2): at most 3x the floor.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import write_corpus

from directive_flow.planning.validation import validate_paths


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

        def floor() -> None:
            for path in [folder / "registry.yaml", *paths]:
                yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

        def validate() -> None:
            report = validate_paths([folder])
            assert report.ok, report.problems[:3]

        floor_s = best_of(3, floor)
        validate_s = best_of(3, validate)
    print(f"corpus: 1,000 directives x 50 assignments, {size / 1e6:.1f} MB")
    print(f"floor  (libyaml parse only): {floor_s:6.2f} s")
    print(f"validate (all checks)      : {validate_s:6.2f} s")
    print(f"ratio                      : {validate_s / floor_s:6.2f}x  (aim <= 3x)")


if __name__ == "__main__":
    main()
