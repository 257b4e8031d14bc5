"""Files the portal hands out, found by id, checked against the reader, never by a name.

An attachment lives at its sha256 (:mod:`directive_flow.store.attachments`); a report at
the paths its ``reports`` row recorded; an urging letter at the fixed path its reminder
drew it to (:func:`~directive_flow.steps.compose.letter_path`). The name a browser saves
a file under is made safe here (:func:`safe_name`); no name anyone typed is a path.

:func:`build_report` lets the consolidating agency (or an operator) build its report
from the portal, through the same ``consolidate`` step the flow runs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from directive_flow.domain import Actor, Stage
from directive_flow.errors import NotFoundError, RefusedError
from directive_flow.steps.audience import check_sees_files_of, check_sees_task
from directive_flow.steps.compose import letter_path
from directive_flow.steps.consolidate import Consolidation, consolidate
from directive_flow.steps.lookup import find_task
from directive_flow.steps.rights import check_owner
from directive_flow.store.attachments import attachment_path
from directive_flow.store.db import session_scope
from directive_flow.store.tables import AttachmentRow, OutboxRow, ReportRow, SubmissionRow, TaskRow

__all__ = [
    "DOCX",
    "MARKDOWN",
    "FileGrant",
    "attachment_file",
    "build_report",
    "letter_file",
    "report_file",
    "safe_name",
]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown; charset=utf-8"
_OCTETS = "application/octet-stream"  # never rendered by the browser, whatever was uploaded
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_NAME_MAX = 120


@dataclass(frozen=True)
class FileGrant:
    """A file the reader may have: where it is, the name to save it as, its media type."""

    path: Path
    name: str
    media_type: str
    directive: str
    task: str


def safe_name(name: str, *, fallback: str = "tep-dinh-kem") -> str:
    """``name`` fit for a download: NFC, no path separators, control or reserved
    characters, no leading dots, at most 120 characters (the extension kept)."""
    text = _UNSAFE.sub("_", unicodedata.normalize("NFC", name)).strip().lstrip(".")
    if len(text) > _NAME_MAX:
        stem, dot, ext = text.rpartition(".")
        keep = ext[:10] if dot and stem else ""
        text = text[: _NAME_MAX - len(keep) - 1] + ("." + keep if keep else "")
    return text or fallback


def attachment_file(session: Session, *, actor: Actor, attachment: int, home: Path) -> FileGrant:
    """An attachment of a task ``actor`` may see."""
    row = session.get(AttachmentRow, attachment)
    if row is None:
        raise NotFoundError(f"no attachment {attachment}")
    submission = session.get_one(SubmissionRow, row.submission_id)
    check_sees_task(session, actor, session.get_one(TaskRow, submission.task_id))
    task = session.get_one(TaskRow, submission.task_id)
    path = _existing(attachment_path(home, row.sha256))
    return FileGrant(path, safe_name(row.original_name), _OCTETS, task.directive_id, task.key)


def report_file(session: Session, *, actor: Actor, report: int, kind: str) -> FileGrant:
    """The Word (``docx``) or Markdown (``md``) file of a consolidated report."""
    row = session.get(ReportRow, report)
    if row is None or kind not in ("docx", "md"):
        raise NotFoundError(f"no report {report}.{kind}")
    task = session.get_one(TaskRow, row.task_id)
    check_sees_files_of(session, actor, task)
    path = Path(row.docx_path if kind == "docx" else row.markdown_path)
    name = f"bao-cao-{task.directive_id}-{task.key.replace('/', '-')}-{row.id}.{kind}"
    media = DOCX if kind == "docx" else MARKDOWN
    return FileGrant(_existing(path), safe_name(name), media, task.directive_id, task.key)


def letter_file(session: Session, *, actor: Actor, letter: int, home: Path) -> FileGrant:
    """The urging letter an escalation carried (by its outbox id)."""
    row = session.get(OutboxRow, letter)
    if row is None or not row.stage.startswith("escalate-"):
        raise NotFoundError(f"no urging letter {letter}")
    task = session.get_one(TaskRow, row.task_id)
    check_sees_files_of(session, actor, task)
    path = letter_path(home, task.directive_id, task.key, Stage.parse(row.stage))
    name = f"van-ban-don-doc-{task.key.replace('/', '-')}-{row.stage}.docx"
    return FileGrant(_existing(path), safe_name(name), DOCX, task.directive_id, task.key)


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise NotFoundError("the file is no longer on this server (DIRECTIVE_FLOW_HOME)")
    return path


def build_report(
    engine: Engine, *, actor: Actor, directive: str, task: str, home: Path, partial: bool
) -> Consolidation:
    """Build ``task``'s consolidated report now: its own agency or an operator only."""
    with session_scope(engine) as session:
        row = find_task(session, directive=directive, task=task)
        check_owner(actor, row, "build the report")
        if not row.consolidates:
            raise RefusedError(f"task '{row.key}' does not consolidate other tasks")
    return consolidate(
        engine, directive=directive, task=task, home=home, partial=partial, actor=actor
    )
