"""Header and tasks -> the definition's data (``kind: directive``), with TODOs collected."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from directive_flow.definition.agencies import AgencyDirectory, fold
from directive_flow.draft.document import DueGuess, Line, Name, Task
from directive_flow.draft.emit import Value
from directive_flow.draft.header import Header
from directive_flow.draft.sections import slug

SCHEMA_URL = "https://directive-flow.example/schema/directive.schema.json"
_SCHEMA_LINE = re.compile(r"\$schema=(\S+)")


@dataclass(frozen=True)
class Paths:
    """Where the draft will live, and the files it refers to."""

    output: Path | None = None
    registry: Path | None = None
    source: Path | None = None

    def relative(self, target: Path) -> str:
        """``target`` relative to the output's folder (or to the working folder)."""
        base = self.output.parent if self.output else Path.cwd()
        return Path(os.path.relpath(target.resolve(), base.resolve())).as_posix()

    def schema(self) -> str:
        """The directive schema, found next to the registry's own schema."""
        if self.registry is None or not self.registry.is_file():
            return SCHEMA_URL
        with self.registry.open(encoding="utf-8", errors="replace") as handle:
            match = _SCHEMA_LINE.search(handle.readline())
        if not match or "://" in match[1]:
            return SCHEMA_URL
        return self.relative(self.registry.parent / match[1]).replace(
            "agencies.schema.json", "directive.schema.json"
        )


@dataclass
class Builder:
    """Collects the definition and every TODO on the way."""

    directory: AgencyDirectory
    paths: Paths
    builtin: bool = False
    todos: list[str] = field(default_factory=list)

    def todo(self, where: str, message: str) -> str:
        """Record a TODO; return the comment line for it."""
        self.todos.append(f"{where}: {message}")
        return f"TODO: {message}"

    def definition(self, header: Header, tasks: list[Task], lines: list[Line]) -> dict[str, Any]:
        """The whole definition as data."""
        data: dict[str, Any] = {
            "kind": "directive",
            "id": Value(directive_id(header), 0.9),
            "registry": self._registry(),
            "header": self.header(header, lines),
        }
        if not tasks:
            data["assignments"] = Value([], 0.0, (self.todo("assignments", "no task found"),))
        else:
            data["assignments"] = [self.assignment(t) for t in tasks]
        return data

    def _registry(self) -> Value:
        if self.paths.registry is None:
            note = self.todo("registry", "give the path of the agency registry")
            return Value("agencies.yaml", 0.0, (note,))
        return Value(self.paths.relative(self.paths.registry), 1.0)

    def header(self, header: Header, lines: list[Line]) -> dict[str, Any]:
        """The ``header:`` block; missing required fields are null with a TODO."""
        out: dict[str, Any] = {}
        conf = header.confidence
        out["number"] = self._required("number", header.number, conf.get("number", 0.0))
        out["type"] = Value(header.kind, conf.get("kind", 0.5))
        out["issuer"] = self._issuer(header.issuer)
        out["issued"] = self._required("issued", header.issued, conf.get("issued", 0.0))
        if header.place:
            out["place"] = Value(header.place, conf.get("place", 0.8))
        out["title"] = self._required("title", header.title, conf.get("title", 0.0))
        if header.meeting:
            out["meeting_date"] = Value(header.meeting, conf.get("meeting_date", 0.7))
        if header.chair:
            out["chair"] = Value(header.chair, conf.get("chair", 0.6))
        if header.signer and header.signer_title:
            out["signer"] = self._signer(header)
        if header.recipients:
            out["recipients"] = Value(header.recipients, 0.9)
        if self.paths.source and self.paths.source.is_file() and lines:
            file = self.paths.relative(self.paths.source)
            out["source"] = {"file": file, "lines": [lines[0].first, lines[-1].last]}
        return out

    def _required(self, key: str, value: Any, confidence: float) -> Value:
        if value is None:
            return Value(
                None, 0.0, (self.todo(f"header.{key}", f"the notice's {key} was not found"),)
            )
        return Value(value, confidence)

    def _issuer(self, issuer: Name | None) -> Value:
        if issuer is None:
            return Value(None, 0.0, (self.todo("header.issuer", "the issuer was not found"),))
        if issuer.code is None:
            note = self.todo("header.issuer", f"'{issuer.text}' is not in the registry")
            return Value(issuer.text, issuer.confidence, (note,))
        return Value(issuer.code, issuer.confidence)

    def _signer(self, header: Header) -> dict[str, Any]:
        signer: dict[str, Any] = {
            "name": Value(header.signer, header.confidence.get("signer", 0.7))
        }
        signer["title"] = Value(header.signer_title, 0.6)
        if header.formula:
            signer["formula"] = Value(header.formula, 0.8)
        return signer

    def assignment(self, task: Task) -> dict[str, Any]:
        """One ``assignments:`` item."""
        where = f"assignments[{task.ident}]"
        out: dict[str, Any] = {"id": task.ident}
        out["section"] = Value(task.section, 0.95, tuple(task.notes))
        out["lines"] = [task.first, task.last]
        out["title"] = Value(task.title, 0.9)
        out["lead"] = self._owner(task.lead, f"{where}.lead")
        if task.coordinators:
            owners = [
                self._owner(c, f"{where}.coordinators", lead=False) for c in task.coordinators
            ]
            comments = tuple(c for o in owners for c in o.comments)
            out["coordinators"] = Value([o.value for o in owners], _least(owners), comments)
        if task.consolidates:
            out["consolidates"] = Value(True, 0.7)
        if task.depends_on:
            out["depends_on"] = Value(list(task.depends_on), 0.7)
        out["deliverable"] = {"type": Value(task.deliverable, 0.5)}
        key, value = self._due(task.due, f"{where}.due")
        out[key] = value
        return out

    def _owner(self, name: Name, where: str, *, lead: bool = True) -> Value:
        if name.how == "missing":
            note = self.todo(where, "the notice names no owner for this task: add lead")
            return Value(None, 0.0, (note,))
        if name.code is None:
            known = "the built-in list" if self.builtin else "the registry"
            note = self.todo(where, f"'{name.text}' is not in {known}: use its code")
            return Value(name.text, name.confidence, (note,))
        comments: tuple[str, ...] = ()
        if self.builtin:
            comments = (f"built-in list: {self.directory.name(name.code)}; check the code",)
        if name.how == "typo":
            comments += (f"assumption: '{name.text}' read as {name.code} (a misspelling?)",)
        if lead and name.code in self.directory.groups and self.builtin:
            comments += ("group: one task for each member your registry lists",)
        elif lead and name.code in self.directory.groups:
            count = len(self.directory.expand(name.code))
            comments += (f"group: one task for each of its {count} members",)
        return Value(name.code, name.confidence, comments)

    def _due(self, guess: DueGuess, where: str) -> tuple[str, Value]:
        comments = [f"assumption: {c.removeprefix('assumption: ')}" for c in [guess.comment] if c]
        if guess.todo:
            comments.append(self.todo(where, guess.todo))
        if guess.recurrence is not None:
            return "recurrence", Value(guess.recurrence, guess.confidence, tuple(comments))
        return "due", Value(guess.due, guess.confidence, tuple(comments))


def _least(values: list[Value]) -> float:
    return min(v.confidence for v in values)


def directive_id(header: Header) -> str:
    """'kontum-2014-975-tb-vp' from the place, the year and the number."""
    parts = [
        "".join(fold(header.place or "").split()),
        str(header.issued.year) if header.issued else "",
        slug(header.number or ""),
    ]
    ident = "-".join(p for p in parts if p and p != "x")
    return re.sub(r"[^a-z0-9-]+", "-", ident).strip("-")[:80] or "draft"
