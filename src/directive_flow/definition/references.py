"""Cross-references of a directive, checked on the raw data.

These run even when the schema finds problems, so that a file shows its typos in agency
and assignment ids together with its type errors: the most common mistakes come at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from directive_flow.definition.agencies import AgencyDirectory
from directive_flow.definition.diagnostics import suggest
from directive_flow.definition.echo import quote
from directive_flow.definition.locations import Loc
from directive_flow.definition.yamlio import YamlDocument
from directive_flow.errors import Problem


def reference_problems(doc: YamlDocument, directory: AgencyDirectory) -> list[Problem]:
    """Unknown or duplicate ids in a directive, wherever the data is well-formed enough."""
    data = _mapping(doc.data)
    items = [(i, a) for i, a in enumerate(_list(data.get("assignments"))) if isinstance(a, dict)]
    ids = dict.fromkeys(a["id"] for _, a in items if isinstance(a.get("id"), str))  # in order
    header = _mapping(data.get("header"))
    return [
        *_issuer(doc, header.get("issuer"), directory),
        *([] if header.get("leader") else _leader_escalations(doc, data, items)),
        *_duplicate_ids(doc, items),
        *(p for i, a in items for p in _assignment(doc, i, a, ids, directory)),
    ]


def owner_problems(
    doc: YamlDocument, loc: Loc, code: str, directory: AgencyDirectory
) -> Iterator[Problem]:
    """An unknown agency or group code (a name typed instead is recognised), or an empty group."""
    if not directory.knows(code):
        named = directory.find(code)
        if named:
            yield doc.located(loc, f"{quote(code)} is a name, not a code (did you mean '{named}'?)")
        else:
            hint = suggest(code, directory.codes())
            yield doc.located(loc, f"unknown agency or group {quote(code)}{hint}")
    elif not directory.expand(code):
        yield doc.located(loc, f"group '{code}' expands to no agency")


def _issuer(doc: YamlDocument, issuer: Any, directory: AgencyDirectory) -> Iterator[Problem]:
    if isinstance(issuer, str) and issuer not in directory.agencies:
        named = directory.find(issuer)
        if named in directory.agencies:
            message = f"{quote(issuer)} is a name, not a code (did you mean '{named}'?)"
        else:
            message = f"unknown agency {quote(issuer)}{suggest(issuer, directory.agencies)}"
        yield doc.problem(("header", "issuer"), f"header: issuer: {message}")


def _leader_escalations(
    doc: YamlDocument, data: dict[str, Any], items: list[tuple[int, dict[str, Any]]]
) -> Iterator[Problem]:
    """An escalation to the leader written out in a directive that names no leader."""
    places: list[tuple[Loc, Any]] = [(("reminders",), data.get("reminders"))]
    places += [(("assignments", i, "reminders"), a.get("reminders")) for i, a in items]
    for loc, reminders in places:
        for k, step in enumerate(_list(_mapping(reminders).get("escalation"))):
            if isinstance(step, dict) and step.get("to") == "leader":
                yield doc.located(
                    (*loc, "escalation", k, "to"),
                    "escalates to the leader, but header: leader is not given "
                    "(add header.leader with a name and e-mail, or escalate to: head)",
                )


def _duplicate_ids(doc: YamlDocument, items: list[tuple[int, dict[str, Any]]]) -> Iterator[Problem]:
    named = [(i, a.get("id")) for i, a in items]
    yield from _repeated(doc, ("assignments",), ("id",), named, "duplicate id")


def _repeated(
    doc: YamlDocument, base: Loc, tail: Loc, values: list[tuple[int, Any]], what: str
) -> Iterator[Problem]:
    """Each value met again in a list (``base + (index,) + tail`` locates it), with the line
    of its first place."""
    first: dict[str, int] = {}
    for i, value in values:
        if not isinstance(value, str):
            continue
        if value in first:
            mark = doc.mark((*base, first[value], *tail))
            where = f" (first at line {mark.line})" if mark else ""
            yield doc.located((*base, i, *tail), f"{what} {quote(value)}{where}")
        else:
            first[value] = i


def _assignment(
    doc: YamlDocument, i: int, raw: dict[str, Any], ids: dict[str, None], directory: AgencyDirectory
) -> Iterator[Problem]:
    base: Loc = ("assignments", i)
    own = raw.get("id") if isinstance(raw.get("id"), str) else ""
    lead = raw.get("lead")
    if isinstance(lead, str):
        yield from owner_problems(doc, (*base, "lead"), lead, directory)
        yield from _excluding(doc, base, lead, _strings(raw.get("excluding")), directory)
    for j, code in _strings(raw.get("coordinators")):
        yield from owner_problems(doc, (*base, "coordinators", j), code, directory)
    for j, ref in _strings(raw.get("depends_on")):
        yield from _assignment_ref(doc, (*base, "depends_on", j), ref, str(own), ids)
    yield from _repeated(
        doc, (*base, "depends_on"), (), _strings(raw.get("depends_on")), "depends twice on"
    )
    fields = list(enumerate(_list(_mapping(raw.get("deliverable")).get("fields"))))
    named = [(k, f.get("name")) for k, f in fields if isinstance(f, dict)]
    yield from _repeated(doc, (*base, "deliverable", "fields"), ("name",), named, "duplicate field")
    offsets: dict[Loc, Any] = {
        ("due",): raw.get("due"),
        ("recurrence", "due"): _mapping(raw.get("recurrence")).get("due"),
    }
    for loc, due in offsets.items():
        anchor = _mapping(due).get("after_completion_of")
        if isinstance(anchor, str):
            at = (*base, *loc, "after_completion_of")
            yield from _assignment_ref(doc, at, anchor, str(own), ids)


def _excluding(
    doc: YamlDocument,
    base: Loc,
    lead: str,
    excluded: list[tuple[int, str]],
    directory: AgencyDirectory,
) -> Iterator[Problem]:
    members = directory.expand(lead) if directory.knows(lead) else ()
    if not members:
        return
    for j, code in excluded:
        if code not in members:
            message = f"{quote(code)} is not a member of {quote(lead)}"
            yield doc.located((*base, "excluding", j), message + suggest(code, members))
    if set(members) <= {code for _, code in excluded}:
        yield doc.located((*base, "excluding"), "excludes every member: no task is left")


def _assignment_ref(
    doc: YamlDocument, loc: Loc, ref: str, own: str, ids: dict[str, None]
) -> Iterator[Problem]:
    if ref == own:
        yield doc.located(loc, f"assignment {quote(own)} cannot wait on itself")
    elif ref not in ids:
        yield doc.located(loc, f"unknown assignment {quote(ref)}{suggest(ref, ids)}")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[tuple[int, str]]:
    return [(j, v) for j, v in enumerate(_list(value)) if isinstance(v, str)]
