"""The house reads by stage: imports run one way, and no module imports itself round a cycle.

The import graph is built with ``ast`` from the source of ``src/directive_flow`` and
``flows`` — every import, at the top of a module, inside a function (a lazy import is
still a dependency) and under ``if TYPE_CHECKING`` (a type-only import still ties the
code together). Each module belongs to a stage; a module may import its own stage and the
stages before it, never one after.
"""

from __future__ import annotations

import ast
import graphlib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SOURCES = [ROOT / "src" / "directive_flow", ROOT / "flows"]

STAGES: list[tuple[str, ...]] = [
    ("directive_flow", "directive_flow.errors", "directive_flow.domain", "directive_flow.settings",
     "directive_flow.bundled"),
    ("directive_flow.calendar", "directive_flow.texts"),
    ("directive_flow.definition",),
    ("directive_flow.planning", "directive_flow.draft"),
    ("directive_flow.store",),
    ("directive_flow.notify", "directive_flow.report"),
    ("directive_flow.steps",),
    ("directive_flow.web", "flows"),
    ("directive_flow.cli",),
]  # fmt: skip
"""The stages in the order data travels (docs/architecture.md draws them)."""


def _module_name(path: Path) -> str:
    base = ROOT / "src" if path.is_relative_to(ROOT / "src") else ROOT
    parts = list(path.relative_to(base).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for source in SOURCES
        for path in source.rglob("*.py")
        if "migrations" not in path.parts
    }


def _imports(path: Path, module: str) -> Iterator[tuple[str, int]]:
    """Every module ``path`` imports (absolute), with the line, wherever the import stands."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            yield base, node.lineno
            yield from ((f"{base}.{alias.name}", node.lineno) for alias in node.names)


def _stage(module: str) -> int:
    best = max(
        ((len(prefix), i) for i, group in enumerate(STAGES) for prefix in group
         if module == prefix or module.startswith(prefix + ".")),
        default=None,
    )  # fmt: skip
    assert best is not None, f"{module} belongs to no stage: add it to STAGES"
    return best[1]


def _edges() -> list[tuple[str, str, int]]:
    modules = _modules()
    edges = []
    for module, path in modules.items():
        for target, line in _imports(path, module):
            if target in modules and target != module:
                edges.append((module, target, line))
    return edges


def test_every_module_belongs_to_a_stage() -> None:
    for module in _modules():
        _stage(module)


def test_imports_run_one_way() -> None:
    backward = [
        f"{module}:{line} imports {target}"
        for module, target, line in _edges()
        if _stage(target) > _stage(module)
    ]
    assert backward == []


def test_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for module, target, _ in _edges():
        if not module.startswith(target + "."):  # a module may import its own package's face
            graph.setdefault(module, set()).add(target)
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_the_library_never_imports_prefect() -> None:
    offenders = [
        f"{module}:{line}"
        for module, path in _modules().items()
        if module.startswith("directive_flow")
        for target, line in _imports(path, module)
        if target.split(".")[0] == "prefect"
    ]
    assert offenders == []
