"""One task as its page shows it: the assignment as written, the form, versions, rights.

:func:`task_view` reads a task the actor may see (:mod:`.audience`) and says what the
actor may do with it (:mod:`.rights` decides; here only the answers are collected so a
page shows the buttons that will work). The source lines are the assignment's block in
the directive file as registered, with their line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from directive_flow.domain import Actor, ExtensionStatus, TaskState
from directive_flow.errors import ForbiddenError, NotFoundError
from directive_flow.steps.audience import check_sees_task
from directive_flow.steps.fields import bounds
from directive_flow.steps.lookup import find_task
from directive_flow.steps.rights import check_decides_extension, check_reviewer
from directive_flow.steps.tasklist import TaskItem, task_list
from directive_flow.store.tables import (
    AttachmentRow,
    DirectiveRow,
    DirectiveVersionRow,
    ExtensionRow,
    ReviewRow,
    SubmissionRow,
    TaskRow,
)

__all__ = ["Attachment", "Extension", "FieldSpec", "Rights", "TaskView", "Version", "task_view"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of the deliverable's form."""

    name: str
    label: str
    type: str
    unit: str | None
    required: bool
    min: float | None = None  # the bounds a figure is checked against (steps.fields.bounds)
    max: float | None = None


@dataclass(frozen=True)
class Attachment:
    """A file handed in with a version (downloaded by id, never by its name)."""

    id: int
    name: str
    size: int


@dataclass(frozen=True)
class Version:
    """One submitted version and the decision on it, if any."""

    version: int
    submitted_by: str
    submitted_at: datetime
    data: dict[str, Any]
    note: str | None
    attachments: tuple[Attachment, ...]
    decision: str | None = None
    reason: str | None = None
    reviewed_by: str | None = None


@dataclass(frozen=True)
class Extension:
    """A request for more time."""

    id: int
    until: date
    reason: str
    status: ExtensionStatus
    requested_by: str
    requested_at: datetime
    decided_by: str | None


@dataclass(frozen=True)
class Rights:
    """What the actor may do with the task now."""

    submit: bool
    extend: bool
    review: bool
    decide_extension: bool


@dataclass(frozen=True)
class TaskView:
    """Everything the task page shows."""

    item: TaskItem
    directive_title: str
    deliverable: str
    fields: tuple[FieldSpec, ...]
    as_written: str | None
    source_path: str
    source_lines: tuple[tuple[int, str], ...]
    versions: tuple[Version, ...]
    extensions: tuple[Extension, ...]
    rights: Rights

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of ``GET /api/tasks/{directive}/{task}``."""
        return {
            **self.item.to_json(),
            "directive_title": self.directive_title,
            "deliverable": self.deliverable,
            "fields": [vars(f) for f in self.fields],
            "as_written": self.as_written,
            "source": {"path": self.source_path, "lines": [list(x) for x in self.source_lines]},
            "versions": [_version_json(v) for v in self.versions],
            "extensions": [_extension_json(e) for e in self.extensions],
            "rights": vars(self.rights),
        }


def task_view(
    session: Session, *, actor: Actor, directive: str, task: str, as_of: date
) -> TaskView:
    """The page of ``task``; ``ForbiddenError`` when ``actor`` may not see it."""
    row = find_task(session, directive=directive, task=task)
    check_sees_task(session, actor, row)
    items = task_list(session, agency=row.agency, as_of=as_of, only=(directive, row.key))
    if not items:
        raise NotFoundError(f"task '{row.key}' is cancelled (its assignment left the directive)")
    head = session.get_one(DirectiveRow, directive)
    version = _current_file(session, head)
    spec = row.deliverable or {}
    fields = tuple(_field(f) for f in spec.get("fields", []))
    extensions = _extensions(session, row)
    return TaskView(
        item=items[0],
        directive_title=head.title,
        deliverable=str(spec.get("type", "")),
        fields=fields,
        as_written=row.as_written,
        source_path=PurePath(version.source_path).name if version else "",
        source_lines=_source_lines(version.source_text if version else "", row.assignment),
        versions=_versions(session, row),
        extensions=extensions,
        rights=_rights(session, actor, row, extensions, as_of),
    )


def _field(spec: dict[str, Any]) -> FieldSpec:
    return FieldSpec(
        str(spec["name"]),
        str(spec.get("label") or spec["name"]),
        str(spec.get("type", "text")),
        spec.get("unit"),
        bool(spec.get("required", True)),
        *bounds(spec),
    )


def _current_file(session: Session, head: DirectiveRow) -> DirectiveVersionRow | None:
    query = select(DirectiveVersionRow).where(
        DirectiveVersionRow.directive_id == head.id,
        DirectiveVersionRow.version == head.current_version,
    )
    return session.scalars(query).first()


def _source_lines(text: str, assignment: str) -> tuple[tuple[int, str], ...]:
    """The assignment's block (``- id: <assignment>`` and the lines indented under it),
    without the YAML comments: they are the definition's editors' notes, often in
    English, not the directive's words."""
    lines = text.splitlines()
    start = re.compile(rf"^(\s*)-\s+id:\s*['\"]?{re.escape(assignment)}['\"]?\s*(#.*)?$")
    for number, line in enumerate(lines):
        if match := start.match(line):
            indent = len(match.group(1))
            block = [(number + 1, _uncommented(line))]
            for later, text_line in enumerate(lines[number + 1 :], start=number + 2):
                if text_line.strip() and len(text_line) - len(text_line.lstrip()) <= indent:
                    break
                if not _COMMENT_LINE.match(text_line):  # the editors' notes stay theirs
                    block.append((later, _uncommented(text_line)))
            return tuple(block)
    return ()


_COMMENT_LINE = re.compile(r"^\s*#")


def _uncommented(line: str) -> str:
    """``line`` without its trailing YAML comment: a ``#`` after a space, outside quotes."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and i > 0 and line[i - 1] in " \t":
            return line[:i].rstrip(" \t")  # YAML's blanks only: a no-break space is text
    return line


def _versions(session: Session, row: TaskRow) -> tuple[Version, ...]:
    subs = list(
        session.scalars(
            select(SubmissionRow)
            .where(SubmissionRow.task_id == row.id)
            .order_by(SubmissionRow.version.desc())
        )
    )
    ids = [s.id for s in subs]
    files: dict[int, list[Attachment]] = {i: [] for i in ids}
    query = select(AttachmentRow).where(AttachmentRow.submission_id.in_(ids))
    for a in session.scalars(query.order_by(AttachmentRow.id)):
        files[a.submission_id].append(Attachment(a.id, a.original_name, a.size))
    reviews = {  # by the task (indexed): the reviews table holds every year's decisions
        r.submission_id: r
        for r in session.scalars(
            select(ReviewRow).where(ReviewRow.task_id == row.id).order_by(ReviewRow.id)
        )
    }
    return tuple(_version(s, tuple(files[s.id]), reviews.get(s.id)) for s in subs)


def _version(s: SubmissionRow, files: tuple[Attachment, ...], r: ReviewRow | None) -> Version:
    decided = (r.decision.value, r.reason, r.reviewed_by) if r else (None, None, None)
    return Version(s.version, s.submitted_by, s.submitted_at, s.data, s.note, files, *decided)


def _extensions(session: Session, row: TaskRow) -> tuple[Extension, ...]:
    query = select(ExtensionRow).where(ExtensionRow.task_id == row.id)
    return tuple(
        Extension(
            e.id,
            e.requested_until,
            e.reason,
            e.status,
            e.requested_by,
            e.requested_at,
            e.decided_by,
        )
        for e in session.scalars(query.order_by(ExtensionRow.id.desc()))
    )


def _rights(
    session: Session, actor: Actor, row: TaskRow, extensions: tuple[Extension, ...], day: date
) -> Rights:
    owner = actor.operator or actor.speaks_for(row.agency)
    pending = any(e.status == ExtensionStatus.PENDING for e in extensions)
    open_task = row.state == TaskState.ASSIGNED
    return Rights(
        submit=owner and row.state != TaskState.ACCEPTED,
        extend=owner and open_task and row.due is not None and day <= row.due and not pending,
        review=row.state == TaskState.SUBMITTED and _allowed(check_reviewer, session, actor, row),
        decide_extension=pending and _allowed(check_decides_extension, session, actor, row),
    )


def _allowed(check: Any, session: Session, actor: Actor, row: TaskRow) -> bool:
    try:
        check(session, actor, row)
    except ForbiddenError:
        return False
    return True


def _version_json(v: Version) -> dict[str, Any]:
    return {
        "version": v.version,
        "submitted_by": v.submitted_by,
        "submitted_at": v.submitted_at.isoformat(),
        "data": v.data,
        "note": v.note,
        "attachments": [vars(a) for a in v.attachments],
        "decision": v.decision,
        "reason": v.reason,
        "reviewed_by": v.reviewed_by,
    }


def _extension_json(e: Extension) -> dict[str, Any]:
    return {
        "request": e.id,
        "until": e.until.isoformat(),
        "reason": e.reason,
        "status": e.status.value,
        "requested_by": e.requested_by,
        "requested_at": e.requested_at.isoformat(),
        "decided_by": e.decided_by,
    }
