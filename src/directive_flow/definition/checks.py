"""Rules a schema cannot express: references, groups, dependency cycles, deadline order.

Each rule returns located problems; the loader gathers them so that a file shows every
problem at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from directive_flow.calendar.periods import Period
from directive_flow.definition.agencies import AgencyDirectory, fold
from directive_flow.definition.diagnostics import suggest
from directive_flow.definition.echo import quote
from directive_flow.definition.locations import Loc
from directive_flow.definition.model import (
    AgencyRegistry,
    Directive,
    OffsetDue,
    Recurrence,
)
from directive_flow.definition.yamlio import YamlDocument
from directive_flow.errors import Problem

if TYPE_CHECKING:
    from directive_flow.definition.loaded import LoadedDirective

_PERIOD_PREFIX = {"half-year": "H", "year": "Y", "quarter": "Q", "month": "M"}


# -- registry ---------------------------------------------------------------------------


def registry_problems(doc: YamlDocument, registry: AgencyRegistry) -> list[Problem]:
    """Duplicate codes, unknown or looping parents, unknown members, empty or cyclic groups,
    shared names, two heads."""
    directory = AgencyDirectory(registry)
    return [
        *_duplicates(doc, "agencies", [a.code for a in registry.agencies], "code"),
        *_duplicates(doc, "groups", [g.code for g in registry.groups], "code"),
        *_group_code_clashes(doc, directory),
        *_parents(doc, directory),
        *_heads(doc, registry),
        *_group_members(doc, directory),
        *_shared_names(doc, directory),
        *_notify_urls(doc, registry),
    ]


def _duplicates(doc: YamlDocument, items: str, ids: list[str], key: str) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident in first:
            line = doc.mark((items, first[ident], key)) or doc.mark(())
            where = f" (first at line {line.line})" if line else ""
            yield doc.located((items, i, key), f"duplicate {key} '{ident}'{where}")
        else:
            first[ident] = i


def _group_code_clashes(doc: YamlDocument, directory: AgencyDirectory) -> Iterator[Problem]:
    for i, group in enumerate(directory.registry.groups):
        if group.code in directory.agencies:
            yield doc.located(("groups", i, "code"), f"'{group.code}' is also an agency code")


def _parents(doc: YamlDocument, directory: AgencyDirectory) -> Iterator[Problem]:
    """Each ``parent`` is another agency, and following parents never comes back round."""
    loops = _parent_loops(directory)
    for i, agency in enumerate(directory.registry.agencies):
        parent, loc = agency.parent, ("agencies", i, "parent")
        if parent is None:
            continue
        if parent == agency.code:
            yield doc.located(loc, "an agency cannot be its own parent")
        elif parent in directory.groups:
            yield doc.located(loc, f"'{parent}' is a group, not an agency (a parent is one agency)")
        elif parent not in directory.agencies:
            hint = suggest(parent, directory.agencies)
            yield doc.located(loc, f"unknown agency '{parent}'{hint}")
        elif agency.code in loops:
            yield doc.located(loc, "parents form a loop: " + " -> ".join(loops[agency.code]))


def _parent_loops(directory: AgencyDirectory) -> dict[str, list[str]]:
    """Each loop of two or more parents, keyed by its agency first in the file and written
    from it: reported once. Every agency is walked once, however long the chains."""
    agencies = directory.agencies
    position = {code: k for k, code in enumerate(agencies)}
    done: set[str] = set()
    loops: dict[str, list[str]] = {}
    for start in agencies:
        walk: list[str] = []
        code: str | None = start
        while code in agencies and code not in done:
            done.add(code)
            walk.append(code)
            code = agencies[code].parent
        loop = walk[walk.index(code) :] if code in walk else []
        if len(loop) > 1:
            first = min(loop, key=position.__getitem__)
            k = loop.index(first)
            loops[first] = [*loop[k:], *loop[:k], first]
    return loops


def _heads(doc: YamlDocument, registry: AgencyRegistry) -> Iterator[Problem]:
    """At most one contact per agency is its head: urging letters go to the head."""
    for i, agency in enumerate(registry.agencies):
        heads = [j for j, contact in enumerate(agency.contacts) if contact.head]
        for j in heads[1:]:
            message = (
                f"a second head contact (the first is contacts[{heads[0]}]); an agency has one head"
            )
            yield doc.located(("agencies", i, "contacts", j, "head"), message)


def _group_members(doc: YamlDocument, directory: AgencyDirectory) -> Iterator[Problem]:
    for i, group in enumerate(directory.registry.groups):
        for j, member in enumerate(group.members):
            if not directory.knows(member):
                hint = suggest(member, directory.codes())
                yield doc.located(
                    ("groups", i, "members", j), f"unknown agency or group '{member}'{hint}"
                )
        if cycle := _group_cycle(directory, group.code, [group.code]):
            yield doc.located(
                ("groups", i, "members"), "group contains itself: " + " -> ".join(cycle)
            )
        elif not directory.expand(group.code):
            yield doc.located(("groups", i, "members"), "group expands to no agency")


def _group_cycle(directory: AgencyDirectory, code: str, path: list[str]) -> list[str] | None:
    """A way from ``path[-1]`` (``code``) back to ``path[0]`` through nested groups, if any.

    Depth-first with its own stack, each group entered once: a registry nesting thousands
    of groups deep is checked, not a ``RecursionError`` (nor an exponential walk)."""
    stack = [(code, iter(directory.groups[code].members))]
    trail, entered = list(path), {code}
    while stack:
        member = next(stack[-1][1], None)
        if member is None:
            stack.pop()
            trail.pop()
            continue
        if member == path[0]:
            return [*trail, member]
        if member in directory.groups and member not in entered:
            entered.add(member)
            trail.append(member)
            stack.append((member, iter(directory.groups[member].members)))
    return None


def _shared_names(doc: YamlDocument, directory: AgencyDirectory) -> Iterator[Problem]:
    owners: dict[str, set[str]] = {}
    for agency in directory.registry.agencies:
        for text in {agency.name, *agency.short_names, *agency.aliases}:
            owners.setdefault(fold(text), set()).add(agency.code)
    for i, agency in enumerate(directory.registry.agencies):
        for text in (agency.name, *agency.short_names, *agency.aliases):
            others = sorted(owners[fold(text)] - {agency.code})
            if others:
                message = (
                    f"name {quote(text)} is also used by {', '.join(others)}; names must be unique"
                )
                yield doc.located(("agencies", i), message)


def _notify_urls(doc: YamlDocument, registry: AgencyRegistry) -> Iterator[Problem]:
    """Every ``notify`` URL is one Apprise can send to (Apprise is loaded only if there is one)."""
    found = [
        (("agencies", i, "contacts", j, "notify", k), url)
        for i, agency in enumerate(registry.agencies)
        for j, contact in enumerate(agency.contacts)
        for k, url in enumerate(contact.notify)
    ]
    for loc, url in found:
        if not _apprise_knows(url):
            yield doc.located(loc, f"{quote(url)} is not a notification URL Apprise can send to")


def _apprise_knows(url: str) -> bool:
    import logging
    import warnings
    from urllib.parse import urlsplit

    try:
        urlsplit(url).port  # noqa: B018 - raises for a port outside 0-65535, which Apprise takes
    except ValueError:
        return False
    import apprise

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        logging.getLogger("apprise").disabled = True
        try:
            return apprise.Apprise.instantiate(url) is not None
        finally:
            logging.getLogger("apprise").disabled = False


# -- directive --------------------------------------------------------------------------


def directive_problems(loaded: LoadedDirective) -> list[Problem]:
    """Recurrence, calendar and source-line problems of a schema-valid directive."""
    doc, directive = loaded.doc, loaded.directive
    return [
        *_recurrences(doc, directive),
        *_calendar_days(doc, directive),
        *_source_lines(loaded),
    ]


def _recurrences(doc: YamlDocument, directive: Directive) -> Iterator[Problem]:
    for i, assignment in enumerate(directive.assignments):
        base: Loc = ("assignments", i)
        if isinstance(assignment.due, OffsetDue) and assignment.due.after in _PERIOD_ANCHORS:
            message = f"'after: {assignment.due.after}' only applies inside a recurrence"
            yield doc.located((*base, "due", "after"), message)
        if recurrence := assignment.recurrence:
            yield from _recurrence(doc, (*base, "recurrence"), recurrence.every, recurrence)


_PERIOD_ANCHORS = frozenset({"cutoff", "period-start", "period-end"})


def _recurrence(
    doc: YamlDocument, loc: Loc, every: str, recurrence: Recurrence
) -> Iterator[Problem]:
    prefix = _PERIOD_PREFIX[every]
    labels = {"first": recurrence.first, "last": recurrence.last}
    for key, label in labels.items():
        if label is not None and not str(label).startswith(prefix):
            yield doc.located(
                (*loc, key),
                f"'{label}' is not a {every} period (e.g. {prefix}{_example(prefix)})",
            )
    first, last = labels["first"], labels["last"]
    if (
        last
        and first
        and first[0] == last[0] == prefix
        and Period.parse(last) < Period.parse(first)
    ):
        yield doc.located((*loc, "last"), f"last period '{last}' comes before first '{first}'")
    due = recurrence.due
    if due.after in ("issued", "meeting"):
        yield doc.located(
            (*loc, "due", "after"),
            f"'after: {due.after}' gives every period the same date; use cutoff, period-start or period-end",
        )


def _example(prefix: str) -> str:
    return {"H": "1-2026", "Y": "-2026", "Q": "3-2026", "M": "08-2026"}[prefix]


def _calendar_days(doc: YamlDocument, directive: Directive) -> Iterator[Problem]:
    plain = directive.calendar.model_copy(update={"working_days": ()}).work_calendar()
    for j, day in enumerate(directive.calendar.working_days):
        if plain.is_working_day(day):
            message = f"{day.isoformat()} is already a working day"
            yield doc.located(("calendar", "working_days", j), message)


def _source_lines(loaded: LoadedDirective) -> Iterator[Problem]:
    source, doc = loaded.directive.header.source, loaded.doc
    if source is None:
        return
    path = loaded.path.parent / source.file
    try:
        count = len(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError) as exc:
        reason = (
            "no such file" if isinstance(exc, FileNotFoundError) else "cannot be read as UTF-8 text"
        )
        yield doc.problem(
            ("header", "source", "file"), f"header: source: file: {reason} {quote(source.file)}"
        )
        return
    ranges: list[tuple[Loc, tuple[int, int] | None]] = [
        (("header", "source", "lines"), source.lines)
    ]
    ranges += [
        (("assignments", i, "lines"), a.lines) for i, a in enumerate(loaded.directive.assignments)
    ]
    for loc, lines in ranges:
        if lines and lines[1] > count:
            yield doc.located(
                loc, f"line {lines[1]} is past the end of {quote(source.file)} ({count} lines)"
            )
