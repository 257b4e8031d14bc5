"""Agencies hand in their work: data checked against the deliverable, files kept by hash.

Data is a mapping of field name to value, or to ``{value: ..., unit: ...}`` when the
sender states the unit (it must then be the declared one). Types: ``integer`` (whole
number), ``number``, ``percent`` (0-100), ``text``, ``boolean``, ``date`` (ISO
``YYYY-MM-DD``). A submission with any problem is refused whole, every problem listed.

Attachments are stored content-addressed: ``<home>/attachments/ab/cdef...`` named by the
sha256 of their bytes, so the same file sent twice is kept once; the original file name
is only metadata. Each file may be at most ``MAX_ATTACHMENT_BYTES`` (25 MiB). Files are
written before the database transaction commits: a failed transaction can leave an
unreferenced file, never a row pointing at a missing one.

Each submission is a new version of the task's submissions; nothing is overwritten.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directive_flow.definition.diagnostics import suggest
from directive_flow.domain import TaskState
from directive_flow.errors import NotFoundError
from directive_flow.steps.common import RefusedError, local_day, record, utc_now
from directive_flow.steps.lookup import check_agency, find_directive, find_task
from directive_flow.store.tables import AttachmentRow, SubmissionRow, TaskRow

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Submitted:
    """The stored submission: its task key, version and attachment hashes."""

    directive: str
    key: str
    version: int
    attachments: tuple[str, ...]


def submit(
    session: Session,
    *,
    directive: str,
    task: str,
    agency: str,
    actor: str,
    home: Path,
    data: Mapping[str, Any] | None = None,
    attachments: Sequence[Path] = (),
    note: str | None = None,
    at: datetime | None = None,
    inbox_digest: str | None = None,
) -> Submitted:
    """Store a new version of ``agency``'s submission for ``task``.

    ``inbox_digest`` identifies the inbox folder it came from: the store refuses a second
    submission of the task with the same digest (see ``engine.inbox``).
    """
    row = _own_task(session, directive=directive, task=task, agency=agency)
    fields = row.deliverable.get("fields", [])
    clean, problems = check_data(fields, data or {})
    problems += _attachment_problems(attachments)
    if problems:
        raise RefusedError(f"submission for task '{row.key}' refused:", problems)
    hashes = [store_attachment(path, home=home) for path in attachments]
    when = at or utc_now()
    version = _next_version(session, row.id)
    submission = SubmissionRow(
        task_id=row.id,
        version=version,
        agency=agency,
        data=clean,
        note=note,
        submitted_by=actor,
        submitted_at=when,
        submitted_on=local_day(when),
        inbox_digest=inbox_digest,
    )
    session.add(submission)
    session.flush()
    session.add_all(
        AttachmentRow(
            submission_id=submission.id,
            sha256=digest,
            original_name=path.name,
            size=path.stat().st_size,
        )
        for path, digest in zip(attachments, hashes, strict=True)
    )
    before = {"state": row.state, "completed_on": _iso(row.completed_on)}
    row.state, row.completed_on, row.return_reason = TaskState.SUBMITTED, local_day(when), None
    after = {"state": row.state, "version": version, "data": clean, "attachments": hashes}
    record(
        session,
        actor=actor,
        action="submit",
        at=when,
        directive_id=directive,
        task_id=row.id,
        before=before,
        after=after | ({"note": note} if note else {}),
    )
    return Submitted(directive, row.key, version, tuple(hashes))


def _own_task(session: Session, *, directive: str, task: str, agency: str) -> TaskRow:
    try:
        row = find_task(session, directive=directive, task=task, agency=agency, for_update=True)
    except NotFoundError:
        find_directive(session, directive=directive)
        check_agency(session, agency=agency, directive=directive)  # name the agency if that's it
        raise
    if row.agency != agency:
        check_agency(session, agency=agency, directive=directive)
        raise RefusedError(
            f"task '{row.key}' belongs to '{row.agency}'; '{agency}' may not submit it"
        )
    if row.cancelled:
        raise RefusedError(f"task '{row.key}' is cancelled (its assignment left the directive)")
    if row.state == TaskState.ACCEPTED:
        raise RefusedError(f"task '{row.key}' is already accepted; it can no longer change")
    return row


def _next_version(session: Session, task_id: int) -> int:
    query = select(func.max(SubmissionRow.version)).where(SubmissionRow.task_id == task_id)
    return (session.scalar(query) or 0) + 1


def check_data(
    fields: Sequence[Mapping[str, Any]], data: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The data normalised to ``{name: value}``, and every problem found."""
    by_name = {str(f["name"]): f for f in fields}
    problems: list[str] = []
    clean: dict[str, Any] = {}
    for name in sorted(set(data) - set(by_name)):
        hint = suggest(name, by_name) if by_name else " (this deliverable declares no fields)"
        problems.append(f"{name}: unknown field{hint}")
    for name, spec in by_name.items():
        if name not in data or data[name] is None:
            if spec.get("required", True):
                problems.append(f"{name}: missing required field ({spec['label']})")
            continue
        value, problem = _check_value(spec, data[name])
        if problem:
            problems.append(f"{name}: {problem}")
        else:
            clean[name] = value
    return clean, problems


def _check_value(spec: Mapping[str, Any], raw: Any) -> tuple[Any, str | None]:
    value = raw
    if isinstance(raw, Mapping):
        if set(raw) - {"value", "unit"} or "value" not in raw:
            return None, "give a value, or a mapping with 'value' and 'unit'"
        value, unit = raw["value"], raw.get("unit")
        declared = spec.get("unit")
        if unit is not None and str(unit).strip().casefold() != str(declared).casefold():
            expected = f"'{declared}'" if declared else "no unit"
            return None, f"unit '{unit}' is not the declared unit ({expected})"
    return _typed(str(spec["type"]), value)


def _typed(kind: str, value: Any) -> tuple[Any, str | None]:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "integer":
        ok = number and float(value).is_integer()
        return (int(value), None) if ok else (None, f"expected a whole number, got {value!r}")
    if kind == "number":
        return (value, None) if number else (None, f"expected a number, got {value!r}")
    if kind == "percent":
        if number and 0 <= value <= 100:
            return value, None
        return None, f"expected a percentage between 0 and 100, got {value!r}"
    if kind == "boolean":
        ok = isinstance(value, bool)
        return (value, None) if ok else (None, f"expected true or false, got {value!r}")
    if kind == "date":
        return _date(value)
    if isinstance(value, str) and value.strip():
        return value.strip(), None
    return None, f"expected text, got {value!r}"


def _date(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, date):
        return value.isoformat(), None
    try:
        return date.fromisoformat(str(value)).isoformat(), None
    except ValueError:
        return None, f"expected a date YYYY-MM-DD, got {value!r}"


def _attachment_problems(paths: Sequence[Path]) -> list[str]:
    problems: list[str] = []
    for path in paths:
        if not path.is_file():
            problems.append(f"{path}: no such file")
        elif path.stat().st_size > MAX_ATTACHMENT_BYTES:
            mib = path.stat().st_size / 2**20
            problems.append(f"{path}: {mib:.1f} MiB is over the 25 MiB limit for an attachment")
    return problems


def attachment_path(home: Path, digest: str) -> Path:
    """Where the content with sha256 ``digest`` lives."""
    return home / "attachments" / digest[:2] / digest[2:]


def store_attachment(path: Path, *, home: Path) -> str:
    """Copy ``path`` into the content-addressed store; return its sha256."""
    hasher = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(_CHUNK), b""):
            hasher.update(chunk)
    digest = hasher.hexdigest()
    target = attachment_path(home, digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_atomically(path, target)
    return digest


def _copy_atomically(path: Path, target: Path) -> None:
    # Write beside the target then rename: a reader never sees half a file.
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out, path.open("rb") as source:
            for chunk in iter(lambda: source.read(_CHUNK), b""):
                out.write(chunk)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
