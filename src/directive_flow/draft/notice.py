"""A whole notice drafted: the stages of the package run in order (see the package face)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from directive_flow.definition.agencies import AgencyDirectory
from directive_flow.definition.model import AgencyRegistry
from directive_flow.draft.build import Builder, Paths
from directive_flow.draft.clauses import LATE_START, ClauseReader
from directive_flow.draft.clutter import is_page, strip_page
from directive_flow.draft.deadlines import Context, effective_date
from directive_flow.draft.dependencies import Dependencies
from directive_flow.draft.document import DraftError, Line, Name, Task
from directive_flow.draft.emit import to_plain, to_yaml
from directive_flow.draft.header import Header, read_header
from directive_flow.draft.lexicon import builtin_registry
from directive_flow.draft.owners import Owners
from directive_flow.draft.prose import read_prose
from directive_flow.draft.resolve import Resolver
from directive_flow.draft.sections import TaskReader, outline
from directive_flow.draft.tables import untable
from directive_flow.draft.text import check_text, decode, join, raw_lines

__all__ = ["Draft", "DraftError", "draft_notice"]

_RUNNING_WORDS = 16
"""Longest running page header: the issuer's name and the notice's kind and number."""


@dataclass(frozen=True)
class Draft:
    """A drafted definition: its YAML text, its data with confidences, and its TODOs."""

    yaml: str
    data: dict[str, Any]
    todos: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The definition's structure with ``{"value", "confidence"}`` leaves, and the TODOs."""
        plain: dict[str, Any] = to_plain(self.data)
        return {**plain, "todos": list(self.todos)}

    def json_text(self) -> str:
        """``to_json()`` as indented UTF-8 JSON."""
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)


def draft_notice(
    text_or_bytes: str | bytes,
    *,
    registry: AgencyRegistry | None = None,
    source_name: str,
    output_path: Path | None = None,
    registry_path: Path | None = None,
) -> Draft:
    """Draft a directive definition from a notice; raise ``DraftError`` if it is not text.

    Without a registry, names are read against the built-in list of standard agencies
    (``lexicon``); the others are kept verbatim.
    """
    text = decode(text_or_bytes) if isinstance(text_or_bytes, bytes) else text_or_bytes
    lines, page_date = _lines(text, source_name)
    known = registry or builtin_registry()
    owners = Owners(Resolver(known))
    header = read_header(lines, owners)
    if header.number is None:
        read_prose([line.text for line in lines], header, page_date)
    tasks = _tasks(lines, header, owners)
    paths = Paths(output_path, registry_path, Path(source_name))
    builder = Builder(AgencyDirectory(known), paths, builtin=registry is None)
    data = builder.definition(header, tasks, lines)
    preamble = _preamble(header, source_name, paths)
    return Draft(to_yaml(data, preamble), data, builder.todos, tasks)


def _lines(text: str, source_name: str) -> tuple[list[Line], date | None]:
    """The notice's lines (a web page's clutter dropped first), and the page's date."""
    check_text(text)
    raw, page_date = raw_lines(text), None
    if is_page(raw):
        raw, page_date = strip_page(raw)
    lines = join(raw)
    if not lines:
        raise DraftError(f"{source_name}: the notice is empty")
    return lines, page_date


def _tasks(lines: list[Line], header: Header, owners: Owners) -> list[Task]:
    start, end = header.body
    annex = lines[slice(*header.annex)] if header.annex else []
    body = [
        line
        for line in [*lines[start:end], *annex]
        if not _addressed(line, header) and line.text != header.title and not _running(line, header)
    ]
    body = _told(body)
    issuer = header.issuer.code if header.issuer else None
    clauses = ClauseReader(owners, _addressees(header, owners), issuer)
    effective = effective_date([line.text for line in body], header.issued)
    reader = TaskReader(owners, Context(header.issued, header.meeting, effective), clauses)
    tasks = reader.read(outline(untable(body)))
    _unique(tasks)
    return Dependencies(owners, tasks, issuer).link()


def _told(body: list[Line]) -> list[Line]:
    """A paragraph that opens with 'Tuy nhiên, đến nay ... chưa ...' joined to the one before
    it, so that the assignment it says was not done is read as history with it."""
    out: list[Line] = []
    for line in body:
        before = out[-1] if out else None
        if before and LATE_START.match(line.text) and before.text.endswith("."):
            breaks = (*before.breaks, (len(before.text) + 1, line.first))
            out[-1] = Line(f"{before.text} {line.text}", before.first, line.last, breaks)
        else:
            out.append(line)
    return out


def _addressees(header: Header, owners: Owners) -> list[Name]:
    """The agencies a letter is sent to ('Kính gửi'): whom 'quý cơ quan' means."""
    names: list[Name] = []
    for text in header.addressees:
        text = text.strip(" .;")
        found = owners.name_list(text) or owners.leading(text)[0]
        names += found or [owners.resolver.resolve(text)]
    return names


def _addressed(line: Line, header: Header) -> bool:
    """Lines of the 'Kính gửi' block are not tasks."""
    text = line.text.removeprefix("- ")
    return line.text.startswith("Kính gửi") or (
        line.text.startswith("- ") and text in header.addressees
    )


def _running(line: Line, header: Header) -> bool:
    """A page's running header ('UBND TỈNH KON TUM - Công văn số 1530/UBND-KGVX'): the
    notice's own number again, on a short line that is no sentence."""
    if not header.number or line.text.endswith((".", ";", ":")):
        return False
    squeezed = "".join(line.text.split())
    return "".join(header.number.split()) in squeezed and len(line.text.split()) <= _RUNNING_WORDS


def _unique(tasks: list[Task]) -> None:
    seen: dict[str, int] = {}
    for task in tasks:
        count = seen.get(task.ident, 0)
        seen[task.ident] = count + 1
        if count:
            task.ident = f"{task.ident}-{count + 1}"


def _preamble(header: Header, source_name: str, paths: Paths) -> list[str]:
    what = " ".join(p for p in (header.number, header.issued and header.issued.isoformat()) if p)
    return [
        f"yaml-language-server: $schema={paths.schema()}",
        "",
        f"DRAFT of {what or 'a notice'}, written by `directive-flow draft` from {source_name}.",
        "Review every TODO and assumption below, then validate: directive-flow validate FILE",
        "",
    ]
