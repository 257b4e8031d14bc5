"""Collecting submissions that agencies drop into the inbox folder.

Layout (``LAYOUT``)::

    <home>/inbox/<agency>/<directive>/<task>/
        data.yaml or data.json   the figures (optional when the deliverable has no fields)
        note.txt                 an optional note (UTF-8)
        any other file           an attachment

``<task>`` is the task key with ``/`` written as ``__`` (``supply-data__so-yt``,
``bao-cao__ubnd-huyen-a__H1-2015``), or the assignment id alone for a task without a
period. Names starting with a dot are ignored (they are moved along with the folder).

A task folder is taken only when nothing in it changed for ``settle_seconds``: a folder
still being copied is left for the next run (tools that keep old modification times
should copy elsewhere, then move the folder in). An empty folder is left alone.

- valid: one submission through :func:`engine.submissions.submit`, then the folder moves
  to ``<home>/inbox/.done/<UTC stamp>-<agency>-<directive>-<task>/``;
- invalid (unknown directive or task, another agency's task, data problems, unreadable
  YAML or JSON, a corrupt file): the folder moves to ``<home>/inbox/.rejected/<same>/``
  with ``LY-DO-TU-CHOI.txt`` beside the files, every problem on its own line. A folder
  whose files cannot be read is rejected for that alone: its data is checked (against
  the deliverable, by ``submit``) once every file is readable.

Nothing is deleted. Each submission carries ``inbox_digest``, the sha256 over the
folder's sorted (name relative to the inbox, content): a run that dies between the
database commit and the move finds the digest on the next run (the store keeps it
unique per task) and only moves the folder. Files at any other depth are reported as
misplaced and left where they are.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from directive_flow.domain import Actor, Channel
from directive_flow.errors import NotFoundError, RefusedError
from directive_flow.steps.intake import Intake, IntakeFile, parse_data
from directive_flow.steps.submit import submit
from directive_flow.store.db import session_scope
from directive_flow.store.tables import SubmissionRow

LAYOUT = "<home>/inbox/<agency>/<directive>/<task key, '/' written as '__'>/{data.yaml|data.json, note.txt, attachments}"
DONE, REJECTED, REASON_FILE = ".done", ".rejected", "LY-DO-TU-CHOI.txt"
DATA_FILES, NOTE_FILE = ("data.yaml", "data.json"), "note.txt"
Outcome = Literal["ingested", "already_ingested", "rejected", "waiting", "failed", "misplaced"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
_MAX_NAME_BYTES = 200  # a moved folder's name, well under the file systems' 255
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FolderOutcome:
    """What one run did with one folder (``folder`` is relative to the inbox)."""

    folder: str
    outcome: Outcome
    version: int | None = None
    moved_to: Path | None = None
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """JSON shape of one outcome."""
        moved = str(self.moved_to) if self.moved_to else None
        return asdict(self) | {"moved_to": moved, "problems": list(self.problems)}


@dataclass(frozen=True)
class CollectReport:
    """Every folder's outcome, in the order the inbox was read."""

    outcomes: tuple[FolderOutcome, ...]

    @property
    def counts(self) -> dict[str, int]:
        """How many folders ended in each outcome."""
        return {o: sum(1 for f in self.outcomes if f.outcome == o) for o in OUTCOMES}

    def to_json(self) -> dict[str, Any]:
        """Counts and outcomes."""
        return {"counts": self.counts, "folders": [f.to_json() for f in self.outcomes]}


@dataclass
class _Drop:
    """A task folder as read: who, what, the data, and every problem found."""

    folder: Path
    name: str  # relative to the inbox
    agency: str
    directive: str
    task: str
    digest: str = ""
    data_file: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    attachments: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def collect_inbox(
    engine: Engine,
    *,
    home: Path,
    settle_seconds: float = 60.0,
    now: float | None = None,
) -> CollectReport:
    """Take every settled task folder under ``<home>/inbox``; see the module docstring."""
    inbox, moment = home / "inbox", time.time() if now is None else now
    outcomes: list[FolderOutcome] = []
    for path, depth in _entries(inbox):
        name = path.relative_to(inbox).as_posix()
        if depth < 3 or not path.is_dir() or path.is_symlink():
            outcomes.append(FolderOutcome(name, "misplaced", problems=(_misplaced(name),)))
        elif not _settled(path, moment, settle_seconds):
            outcomes.append(FolderOutcome(name, "waiting"))
        else:
            outcomes.append(_take(engine, inbox, path, moment))
    return CollectReport(tuple(outcomes))


def _entries(inbox: Path) -> Iterator[tuple[Path, int]]:
    """Task folders (depth 3), and stray files above them (depth 1 or 2)."""
    if not inbox.is_dir():
        return
    for agency in _visible(inbox):
        if not agency.is_dir() or agency.is_symlink():
            yield agency, 1
            continue
        for directive in _visible(agency):
            if not directive.is_dir() or directive.is_symlink():
                yield directive, 2
                continue
            for task in _visible(directive):
                yield task, 3


def _visible(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def _misplaced(name: str) -> str:
    return f"{name}: not inside a task folder; expected {LAYOUT}"


def _settled(folder: Path, now: float, settle_seconds: float) -> bool:
    """Nothing in ``folder`` changed for ``settle_seconds``, and it holds a visible file."""
    try:
        entries = list(folder.rglob("*"))
        latest = max(p.lstat().st_mtime for p in [folder, *entries])
    except OSError:  # a file vanished while we looked: something is still at work
        return False
    visible = any(not _hidden(p, folder) for p in entries)
    return visible and now - latest >= settle_seconds


def _take(engine: Engine, inbox: Path, folder: Path, now: float) -> FolderOutcome:
    drop = _read(inbox, folder)
    at = datetime.fromtimestamp(min(now, _dropped_at(folder)), UTC)
    version: int | None = None
    outcome: Outcome = "rejected"
    if not drop.problems:
        version, outcome, drop.problems = _ingest(engine, drop, inbox.parent, at)
    target = inbox / (DONE if outcome != "rejected" else REJECTED)
    try:
        moved = _move(folder, target, _moved_name(drop, at))
        if outcome == "rejected":
            _write_reason(moved, drop, at)
    except OSError as exc:
        log.error("inbox %s: %s, but the folder cannot be moved: %s", drop.name, outcome, exc)
        problems = (*drop.problems, f"cannot move the folder: {exc}")
        return FolderOutcome(drop.name, "failed", version, None, problems)
    log.log(logging.WARNING if drop.problems else logging.INFO, "inbox %s: %s", drop.name, outcome)
    return FolderOutcome(drop.name, outcome, version, moved, tuple(drop.problems))


def _dropped_at(folder: Path) -> float:
    """When the agency finished dropping the folder: its newest file (the submission time,
    so a folder dropped on the deadline is on time even if collected the next morning)."""
    return max((p.stat().st_mtime for p in folder.rglob("*")), default=folder.stat().st_mtime)


def _read(inbox: Path, folder: Path) -> _Drop:
    """The folder's identity, digest, data, note and attachments, with every problem."""
    agency, directive, task = folder.relative_to(inbox).parts
    drop = _Drop(folder, f"{agency}/{directive}/{task}", agency, directive, task.replace("__", "/"))
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if not _hidden(p, folder)):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink() or not (path.is_dir() or path.is_file()):
            drop.problems.append(f"{relative}: not a regular file (links are not accepted)")
        elif path.is_dir():
            drop.problems.append(f"{relative}: sub-folders are not accepted; put files directly")
        else:
            content = _content(path, relative, drop)
            digest.update(
                f"{drop.name}/{relative}\0{hashlib.sha256(content).hexdigest()}\n".encode()
            )
            _classify(path, relative, content, drop)
    drop.digest = digest.hexdigest()
    return drop


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _content(path: Path, relative: str, drop: _Drop) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        drop.problems.append(f"{relative}: cannot read the file ({exc.strerror or exc})")
        return b""


def _classify(path: Path, relative: str, content: bytes, drop: _Drop) -> None:
    if relative in DATA_FILES:
        if drop.data_file:
            drop.problems.append("give the data once: data.yaml or data.json, not both")
        drop.data_file, drop.data = relative, _data(relative, content, drop.problems)
    elif relative == NOTE_FILE:
        drop.note = _note(content, drop.problems)
    else:
        drop.attachments.append(path)


def _data(relative: str, content: bytes, problems: list[str]) -> dict[str, Any]:
    try:
        return parse_data(content, relative)
    except RefusedError as exc:
        problems.extend(exc.problems or [exc.summary])
        return {}


def _note(content: bytes, problems: list[str]) -> str | None:
    try:
        return content.decode("utf-8-sig").strip() or None
    except UnicodeDecodeError:
        problems.append(f"{NOTE_FILE}: not UTF-8 text; save the note as UTF-8")
        return None


def _ingest(
    engine: Engine, drop: _Drop, home: Path, at: datetime
) -> tuple[int | None, Outcome, list[str]]:
    """Submit once: (version, outcome, problems); a digest already stored is not resent."""
    try:
        intake = Intake.of(
            directive=drop.directive,
            task=drop.task,
            agency=drop.agency,
            actor=Actor.for_agency("inbox", drop.agency, Channel.INBOX),
            data=drop.data,
            note=drop.note,
            attachments=tuple(IntakeFile(p, p.name) for p in drop.attachments),
            inbox_digest=drop.digest,
        )
        with session_scope(engine) as session:
            known = _stored_version(session, drop.digest)
            if known is not None:
                return known, "already_ingested", []
            submitted = submit(session, intake, home=home, now=at)
            return submitted.version, "ingested", []
    except RefusedError as exc:
        return None, "rejected", list(exc.problems) or [exc.summary]
    except NotFoundError as exc:
        return None, "rejected", [str(exc)]
    except IntegrityError:  # another run stored this very folder between our look and write
        with session_scope(engine) as session:
            known = _stored_version(session, drop.digest)
        if known is None:
            raise
        return known, "already_ingested", []


def _stored_version(session: Session, digest: str) -> int | None:
    query = select(SubmissionRow.version).where(SubmissionRow.inbox_digest == digest)
    return session.scalars(query).first()


def _moved_name(drop: _Drop, at: datetime) -> str:
    name = f"{at:%Y%m%dT%H%M%SZ}-{drop.agency}-{drop.directive}-{drop.name.rsplit('/', 1)[1]}"
    return name.encode()[:_MAX_NAME_BYTES].decode(errors="ignore")


def _move(folder: Path, root: Path, name: str) -> Path:
    """Rename ``folder`` into ``root`` under ``name`` (``name-2``, ... if taken)."""
    root.mkdir(parents=True, exist_ok=True)
    target, n = root / name, 1
    while target.exists():
        n += 1
        target = root / f"{name}-{n}"
    folder.rename(target)
    return target


def _write_reason(folder: Path, drop: _Drop, at: datetime) -> None:
    lines = [
        "Hồ sơ nộp qua hộp thư bị từ chối, chưa được ghi nhận.",
        f"Thư mục: {drop.name}",
        f"Thời điểm kiểm tra (UTC): {at:%Y-%m-%d %H:%M:%S}",
        "Lý do (mỗi dòng một lỗi):",
        *(f"- {problem}" for problem in drop.problems),
        f"Sửa các lỗi trên rồi đặt lại thư mục theo cấu trúc: {LAYOUT}",
    ]
    target, n = folder / REASON_FILE, 1
    while target.exists():  # never overwrite a file the agency sent
        n += 1
        target = folder / f"LY-DO-TU-CHOI-{n}.txt"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
