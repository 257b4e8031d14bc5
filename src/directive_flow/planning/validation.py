"""Full validation: one directive file (``load_directive``), or many at once.

A directive is valid when its file, its references and its schedule hold; the schedule
checks live in :mod:`directive_flow.planning.checks`. ``validate_paths`` reports every
problem of every file, each once (a registry's problems once however many use it).

Reading many files allocates millions of short-lived objects (nodes, dicts, models) that
reference counting frees file by file; none forms a cycle. While ``validate_paths`` runs,
the collector's first threshold is raised (``fewer_collections``) so that it does not
sweep each file's tree three times on its way out: a third of the time at 1,000 files,
measured in ``bench/bench_validate.py``.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from directive_flow.definition.loaded import LoadedDirective
from directive_flow.definition.loader import DEFINITION_SUFFIXES, Loader
from directive_flow.errors import DefinitionError, Problem, UsageError
from directive_flow.planning.checks import schedule_problems

BULK_THRESHOLD = 50_000  # net new container objects between young collections (Python: 700)


class _Collections:
    """The collector's thresholds while bulk reads run: raised by the first read in,
    restored by the last out (reads may nest, or run in several threads)."""

    def __init__(self) -> None:
        self.lock, self.readers, self.saved = threading.Lock(), 0, gc.get_threshold()

    @contextmanager
    def fewer(self) -> Iterator[None]:
        with self.lock:
            if self.readers == 0:
                self.saved = gc.get_threshold()
                first, *rest = self.saved
                gc.set_threshold(max(first, BULK_THRESHOLD), *rest)
            self.readers += 1
        try:
            yield
        finally:
            with self.lock:
                self.readers -= 1
                if self.readers == 0:
                    gc.set_threshold(*self.saved)


fewer_collections = _Collections().fewer


class DirectiveLoader(Loader):
    """The definition loader with the schedule checks: full validation."""

    def schedule_problems(self, loaded: LoadedDirective) -> list[Problem]:
        """Cycles and deadline order (see :mod:`directive_flow.planning.checks`)."""
        return schedule_problems(loaded)


def load_directive(path: Path | str) -> LoadedDirective:
    """Read and fully validate one directive file."""
    loaded = DirectiveLoader().load(Path(path))
    if not isinstance(loaded, LoadedDirective):
        raise DefinitionError([Problem(str(path), 1, 1, "kind: expected 'directive'")])
    return loaded


def load_directive_text(text: str, path: Path | str) -> LoadedDirective:
    """Validate ``text`` as if it were the directive file at ``path`` (a stored version)."""
    return DirectiveLoader().load_text(text, Path(path))


@dataclass
class Report:
    """What ``validate`` found: files checked and their problems, in file order."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def invalid_files(self) -> list[str]:
        """Files with at least one problem."""
        return sorted({p.path for p in self.problems})

    @property
    def ok(self) -> bool:
        """No problem anywhere."""
        return not self.problems


def definition_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The YAML files named, or found recursively under the folders named (sorted).

    A name that is there but cannot be read as a file (a link to nowhere, a loop of links)
    is yielded all the same, so that loading it reports why, and the other files go on; a
    name that is not there at all is a usage error."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.suffix in DEFINITION_SUFFIXES and _a_file(p) and not _hidden(p, path)
            )
        elif path.is_file() or os.path.lexists(path):
            yield path
        else:
            raise UsageError(f"no such file or folder: {path}")


def _a_file(path: Path) -> bool:
    """A regular file, or a link that does not lead to a folder (it is reported)."""
    return path.is_file() or (path.is_symlink() and not path.is_dir())


def validate_paths(paths: Iterable[Path]) -> Report:
    """Load every file under ``paths``; collect their problems, registries' only once."""
    report, loader, seen = Report(), DirectiveLoader(), set[Problem]()
    with fewer_collections():
        for path in definition_files(paths):
            report.files.append(str(path))
            try:
                loader.load(path)
            except DefinitionError as exc:
                fresh = [p for p in exc.problems if p not in seen]
                seen.update(fresh)
                report.problems.extend(fresh)
    return report


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)
