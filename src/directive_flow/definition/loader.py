"""Definition files -> validated models, every problem located.

:class:`Loader` parses the YAML safely (``yamlio``), validates the schema, loads the
agency registry a directive names, and runs the cross-reference and file-level checks,
raising ``DefinitionError`` with every problem in the file at once. The checks that need
planning (deadline order, cycles) come from its :meth:`Loader.schedule_problems` hook:
``directive_flow.planning.validation.load_directive`` is the one full way a directive is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from directive_flow.definition.agencies import AgencyDirectory
from directive_flow.definition.checks import directive_problems, registry_problems
from directive_flow.definition.diagnostics import suggest, validation_problems
from directive_flow.definition.echo import quote, show
from directive_flow.definition.loaded import LoadedDirective, LoadedRegistry
from directive_flow.definition.model import AgencyRegistry, Directive
from directive_flow.definition.references import reference_problems
from directive_flow.definition.yamlio import YamlDocument, parse_yaml, read_yaml
from directive_flow.errors import DefinitionError, Problem

M = TypeVar("M", bound=BaseModel)

KINDS: dict[str, type[BaseModel]] = {"agency-registry": AgencyRegistry, "directive": Directive}
DEFINITION_SUFFIXES = (".yaml", ".yml")
NOT_A_REGISTRY = "not an agency registry (its top holds no 'kind: agency-registry')"


@dataclass
class Loader:
    """Loads definition files, reading each registry once however many directives use it."""

    registries: dict[Path, LoadedRegistry | DefinitionError] = field(default_factory=dict)

    def load(self, path: Path) -> LoadedRegistry | LoadedDirective:
        """Load a file of either kind, chosen by its ``kind`` key."""
        doc = read_yaml(path)
        model = _kind_of(doc)
        if model is AgencyRegistry:
            return self._registry_from(doc, path)
        return self._directive_from(doc, path)

    def load_text(self, text: str, path: Path) -> LoadedDirective:
        """Validate ``text`` as if it were the directive file at ``path``.

        The registry is found relative to ``path``, problems are located in ``path``: this
        is how a stored version of a directive is loaded again.
        """
        doc = parse_yaml(text, str(path))
        if _kind_of(doc) is not Directive:
            raise DefinitionError([doc.problem(("kind",), "kind: expected 'directive'")])
        return self._directive_from(doc, path)

    def registry(self, path: Path) -> LoadedRegistry:
        """Load (once) the registry at ``path``."""
        key = path.resolve()
        if key not in self.registries:
            try:
                self.registries[key] = self._registry_from(read_yaml(path), path)
            except DefinitionError as exc:
                self.registries[key] = exc
        cached = self.registries[key]
        if isinstance(cached, DefinitionError):
            raise cached
        return cached

    def _registry_from(self, doc: YamlDocument, path: Path) -> LoadedRegistry:
        kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
        if kind != "agency-registry":  # another file: its keys are not echoed (it may be any)
            raise DefinitionError([doc.problem((), NOT_A_REGISTRY)])
        registry = _validate(doc, AgencyRegistry)
        _raise_if(registry_problems(doc, registry))
        return LoadedRegistry(registry, doc, path)

    def _directive_from(self, doc: YamlDocument, path: Path) -> LoadedDirective:
        problems: list[Problem] = []
        try:
            directive: Directive | None = _validate(doc, Directive)
        except DefinitionError as exc:
            directive, problems = None, list(exc.problems)
        registry = self._registry_for(doc, path, problems)
        if registry is not None:  # a reference problem says more than a schema one at its place
            refs = reference_problems(doc, AgencyDirectory(registry.registry))
            taken = {(p.line, p.col) for p in refs}
            problems = [p for p in problems if (p.line, p.col) not in taken] + refs
        if directive is not None and registry is not None:
            loaded = LoadedDirective(directive, registry.registry, doc, path)
            _raise_if(problems + directive_problems(loaded))
            _raise_if(self.schedule_problems(loaded))
            return loaded
        _raise_if(problems)
        raise AssertionError("an invalid directive without problems")  # pragma: no cover

    def schedule_problems(self, loaded: LoadedDirective) -> list[Problem]:
        """Checks that need planning (deadlines, cycles); none at this stage.

        :class:`directive_flow.planning.validation.DirectiveLoader` supplies them: the
        definition stage knows a directive must also be plannable, not how to plan it.
        """
        return []

    def _registry_for(
        self, doc: YamlDocument, path: Path, problems: list[Problem]
    ) -> LoadedRegistry | None:
        """The registry the directive names, or None (with the reason added to ``problems``)."""
        name = doc.data.get("registry") if isinstance(doc.data, dict) else None
        if not isinstance(name, str):
            return None  # the schema has reported it
        target = path.parent / name
        try:
            exists = target.is_file()
        except OSError:  # e.g. a name longer than the file system allows
            exists = False
        if not exists:
            problems.append(doc.problem(("registry",), f"registry: no such file {quote(name)}"))
            return None
        if target.suffix.lower() not in DEFINITION_SUFFIXES:
            message = f"registry: {quote(name)} is not a definition file (*.yaml, *.yml)"
            problems.append(doc.problem(("registry",), message))
            return None
        try:
            return self.registry(target)
        except DefinitionError as exc:
            note = doc.problem(("registry",), f"registry: {quote(name)} is invalid")
            problems += [note, *exc.problems]
            return None


def load_registry(path: Path | str) -> LoadedRegistry:
    """Read and fully validate one agency registry file."""
    return Loader().registry(Path(path))


def _kind_of(doc: YamlDocument) -> type[BaseModel]:
    data: Any = doc.data
    if not isinstance(data, dict):
        raise DefinitionError([doc.problem((), "expected a mapping with a 'kind' key at the top")])
    kind = data.get("kind")
    if isinstance(kind, str) and kind in KINDS:
        return KINDS[kind]
    if kind is None:
        message = "missing required key 'kind' (agency-registry or directive)"
        raise DefinitionError([doc.problem((), message)])
    message = f"kind: {show(kind)} is not one of: 'agency-registry', 'directive'"
    raise DefinitionError([doc.problem(("kind",), message + suggest(str(kind), KINDS))])


def _validate(doc: YamlDocument, model: type[M]) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = validation_problems(doc, exc, model)
        raise DefinitionError(sorted(problems, key=_order)) from None


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise DefinitionError(sorted(problems, key=_order))


def _order(problem: Problem) -> tuple[int, int, str]:
    return (problem.line or 0, problem.col or 0, problem.message)
