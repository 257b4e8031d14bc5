"""Collecting submissions that agencies drop into the inbox folder, one folder at a time.

Layout (``LAYOUT``)::

    <home>/inbox/<agency>/<directive>/<task>/
        data.yaml or data.json   the figures (optional when the deliverable has no fields)
        note.txt                 an optional note (UTF-8)
        any other file           an attachment

``<task>`` is the task key with ``/`` written as ``__`` (``supply-data__so-yt``), or the
assignment id alone for a task without a period. Names starting with a dot are ignored.

A run, folder by folder, each on its own (a problem with one never stops the others):

1. **look** (:mod:`.inbox_folder`): the first look records the folder's first sight (its
   received time, by the server's clock) in a hidden marker; a folder is taken once its
   files (names, sizes, times) are the same as at the previous look and have stood for
   ``settle_seconds``. A folder still being written waits; an empty one is left alone.
   The folder is the agency's to write: its marker counts only when signed with the
   installation's key for that very folder, and the agency, directive and task are where
   the folder is (a marker naming another is ignored, the folder first seen now).
2. **claim**: the folder is renamed into ``.processing/``. Files an agency adds after that
   land in a new folder at the old place, taken as a new version by a later run: nothing
   added during a run is lost.
3. **store**: one submission through the one intake path, received at the first sight;
   the folder then moves to ``.done/`` (stored) or ``.rejected/`` with
   ``LY-DO-TU-CHOI.txt``, the note for the agency's clerk in Vietnamese
   (:mod:`.inbox_words`): every problem, the check time in local time, the layout. A run that dies between the commit and the
   move leaves the folder in ``.processing/``: the next run finds its digest stored (the
   store keeps it unique per task) and only moves it. The digest covers the content and
   the first sight, so the same files dropped again after a return are a new version.

A run may be given ``directives`` (a registry's, when runs are partitioned by province):
it then takes only task folders under those directives, and finishes only the claimed
folders of theirs; files above the task folders, and folders of a directive no registry
holds, are left to a run over every directive (which reports and rejects them).

Outcomes per folder: ``ingested``, ``already_ingested``, ``rejected``, ``waiting``,
``misplaced`` (a file above the task folders, left in place), ``failed`` (the store was
unreachable, or the folder cannot be read, written or moved: left where it is, said in
the report and the log, tried again next run). Nothing is ever deleted.
:meth:`CollectReport.table` is the run as the operators' table shows it (Vietnamese words,
paths relative to the inbox); :meth:`CollectReport.news` says whether it is worth a new
version of that table.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from stat import S_ISDIR
from typing import Any, Literal, get_args

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, StatementError
from sqlalchemy.orm import Session

from directive_flow.domain import Actor, Channel
from directive_flow.errors import NotFoundError, RefusedError, StoreError
from directive_flow.settings import Settings, get_settings
from directive_flow.steps.inbox_folder import (
    Drop,
    Identity,
    Marker,
    fingerprint,
    folder_identity,
    forget_marker,
    read_drop,
    read_marker,
    shown_name,
    utc,
    write_marker,
)
from directive_flow.steps.inbox_words import OUTCOME_WORDS, misplaced, refusal_note, said
from directive_flow.steps.intake import Intake, IntakeFile
from directive_flow.steps.signing import signing_key
from directive_flow.steps.submit import submit
from directive_flow.store.db import session_scope
from directive_flow.store.tables import SubmissionRow

__all__ = ["LAYOUT", "OUTCOMES", "REASON_FILE", "CollectReport", "FolderOutcome", "collect_inbox"]

LAYOUT = "<home>/inbox/<agency>/<directive>/<task key, '/' written as '__'>/{data.yaml|data.json, note.txt, attachments}"
DONE, REJECTED, PROCESSING = ".done", ".rejected", ".processing"
REASON_FILE = "LY-DO-TU-CHOI.txt"
Outcome = Literal["ingested", "already_ingested", "rejected", "waiting", "failed", "misplaced"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
Row = dict[str, str | int | None]  # a line of the operators' table
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

    def row(self, inbox: Path) -> Row:
        """One line of the operators' table: Vietnamese words, paths relative to ``inbox``."""
        name = shown_name(self.folder)
        problems = [misplaced(name)] if self.outcome == "misplaced" else map(said, self.problems)
        return {
            "Thư mục": name,
            "Kết quả": OUTCOME_WORDS[self.outcome],
            "Phiên bản": self.version,
            "Chuyển đến": _relative(self.moved_to, inbox) if self.moved_to else "",
            "Vấn đề": "; ".join(problems),
        }


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

    def table(self, inbox: Path) -> list[Row]:
        """The run as the operators' table shows it (``inbox``: where the folders were)."""
        return [o.row(inbox) for o in self.outcomes]

    def news(self, table: list[Row], last: list[Any] | None) -> bool:
        """Whether ``table`` (this run's) is worth publishing after ``last`` (the table last
        published; None: none yet): a folder was taken or refused, or the inbox shows
        otherwise than then. A stray file or a folder still waiting, unchanged, is not."""
        taken = any(o.outcome in ("ingested", "rejected") for o in self.outcomes)
        return taken or table != last


def collect_inbox(
    engine: Engine,
    *,
    home: Path,
    settle_seconds: float = 60.0,
    now: float | None = None,
    directives: Collection[str] | None = None,
    settings: Settings | None = None,
) -> CollectReport:
    """Take every settled task folder under ``<home>/inbox`` (only those of ``directives``,
    if given); see the module docstring. Markers are signed with the key of ``settings``
    (default: the environment's), or the one kept in the store."""
    with session_scope(engine) as session:
        key = signing_key(session, settings or get_settings())
    clock = time.time() if now is None else now
    zone = (settings or get_settings()).zone
    run = _Run(engine, home / "inbox", settle_seconds, clock, key, zone)
    mine = _Mine(directives)
    claimed = [f for f in run.claimed() if mine.claimed(f, key)]
    outcomes = [run.guarded(folder.name, partial(run.finish, folder)) for folder in claimed]
    for path, depth, name in _entries(run.inbox):
        if not mine.entry(depth, name):
            continue
        kind = _kind(path)
        if kind is not None and kind != "folder":  # the folder cannot be looked into
            outcomes.append(
                FolderOutcome(name, "failed", problems=(f"{shown_name(name)}: {kind}",))
            )
        elif depth < 3 or kind is None:
            outcomes.append(FolderOutcome(name, "misplaced", problems=(_misplaced(name),)))
        else:
            outcomes.append(run.guarded(name, partial(run.look, path, name)))
    return CollectReport(tuple(outcomes))


@dataclass(frozen=True)
class _Mine:
    """Which folders a run takes: all of them, or those of some directives only."""

    directives: Collection[str] | None

    def entry(self, depth: int, name: str) -> bool:
        """A folder (or stray file) ``agency/directive[/task]`` under the inbox."""
        if self.directives is None:
            return True
        return depth >= 2 and _directive_of(name) in self.directives

    def claimed(self, folder: Path, key: bytes) -> bool:
        """A folder an earlier run claimed: its marker (signed with ``key``) names its directive."""
        if self.directives is None:
            return True
        marker = read_marker(folder, key)
        return marker is not None and _directive_of(marker.name) in self.directives


def _directive_of(name: str) -> str | None:
    """The directive of ``agency/directive/task`` (None above the directive folders)."""
    parts = name.split("/")
    return parts[1] if len(parts) > 1 else None


@dataclass
class _Run:
    engine: Engine
    inbox: Path
    settle: float
    clock: float
    key: bytes  # signs and verifies the markers
    zone: tzinfo  # the offices' time zone, for the refusal note

    @property
    def now(self) -> datetime:
        return utc(self.clock)

    def guarded(self, name: str, step: Callable[[], FolderOutcome]) -> FolderOutcome:
        """One folder's step; whatever goes wrong is this folder's outcome, never the run's."""
        try:
            return step()
        except OSError as exc:  # the file named as the inbox sees it, never the server's path
            where = f" ({_relative(exc.filename, self.inbox)})" if exc.filename else ""
            problem = f"{shown_name(name)}: {exc.strerror or exc}{where}"
        except Exception as exc:  # a bug: the folder stays where it is, the others go on
            log.exception("inbox %s: unexpected failure", shown_name(name))
            problem = f"{shown_name(name)}: unexpected failure ({type(exc).__name__}); see the log"
        log.error("inbox %s: %s", shown_name(name), problem)
        return FolderOutcome(name, "failed", problems=(problem,))

    def claimed(self) -> list[Path]:
        """Folders an earlier run claimed and did not finish (it died, or the store was down)."""
        folder = self.inbox / PROCESSING
        return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def look(self, folder: Path, name: str) -> FolderOutcome:
        """First sight, a change, or a settled folder (taken).

        The folder is reached from the inbox one name at a time, none of them a link, and
        only that folder is marked and moved: an agency that swaps a folder above its task
        folder for a link (to another agency's) between the listing and the look gets its
        look failed, never a marker written into, or a folder taken from, the other place.
        """
        with _Place.reached(self.inbox, name) as place:
            if shown_name(name) != name:  # bytes from a share in another code page: no task key
                return self.refuse(place, name, "the folder name is not UTF-8 text; rename it")
            if not _has_files(folder):  # no first sight until something is in it
                forget_marker(folder, expect=place.identity)
                return FolderOutcome(name, "waiting")
            seen = fingerprint(folder)
            marker = read_marker(folder, self.key, name=name, expect=place.identity)
            if marker is None or marker.fingerprint != seen:
                first = marker.first_seen if marker else self.now
                marker = Marker(name, first, seen, self.now)
                write_marker(folder, marker, self.key, expect=place.identity)
            if (self.now - marker.stable_since).total_seconds() < self.settle:
                return FolderOutcome(name, "waiting")
            return self.finish(place.move(self.inbox / PROCESSING, _stamped(self.now, name)))

    def finish(self, folder: Path) -> FolderOutcome:
        """Read a claimed folder, store it once, move it on (its marker, signed for this
        folder, names the task folder it was claimed from)."""
        marker = read_marker(folder, self.key)
        if marker is None:
            drop = Drop(folder, folder.name, "", "", "", self.now, problems=["no collector marker"])
        else:
            drop = read_drop(folder, marker)
        version: int | None = None
        outcome: Outcome = "rejected"
        if not drop.problems:
            version, outcome, drop.problems = _ingest(self.engine, drop, self.inbox.parent)
        if outcome == "failed":  # the store could not be reached: try again next run
            log.error("inbox %s: %s", drop.name, "; ".join(drop.problems))
            return FolderOutcome(drop.name, "failed", problems=tuple(drop.problems))
        target = self.inbox / (REJECTED if outcome == "rejected" else DONE)
        moved = _move(folder, target, _stamped(self.now, drop.name))
        if outcome == "rejected":
            _write_reason(moved, drop, self.now, self.zone)
        log.log(
            logging.WARNING if drop.problems else logging.INFO, "inbox %s: %s", drop.name, outcome
        )
        return FolderOutcome(drop.name, outcome, version, moved, tuple(drop.problems))

    def refuse(self, place: _Place, name: str, problem: str) -> FolderOutcome:
        """Move a folder that cannot be handed in aside, with the reason beside it."""
        problems = [f"{shown_name(name)}: {problem}"]
        drop = Drop(self.inbox / name, name, "", "", "", self.now, problems=problems)
        moved = place.move(self.inbox / REJECTED, _stamped(self.now, name))
        _write_reason(moved, drop, self.now, self.zone)
        log.warning("inbox %s: rejected: %s", shown_name(name), problem)
        return FolderOutcome(name, "rejected", None, moved, tuple(drop.problems))


def _entries(inbox: Path) -> Iterator[tuple[Path, int, str]]:
    """Task folders (depth 3), and stray files above them (depth 1 or 2)."""
    if not inbox.is_dir():
        return
    for agency in _visible(inbox):
        if _kind(agency) != "folder":
            yield agency, 1, agency.name
            continue
        for directive in _visible(agency):
            if _kind(directive) != "folder":
                yield directive, 2, f"{agency.name}/{directive.name}"
                continue
            for task in _visible(directive):
                yield task, 3, f"{agency.name}/{directive.name}/{task.name}"


def _visible(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError as exc:  # an unreadable folder is said every run, not waited on silently
        log.error("inbox %s: cannot read the folder (%s)", shown_name(str(folder)), exc.strerror)
        return []


def _kind(path: Path) -> str | None:
    """ "folder" for a real folder (not a link to one), None for anything else, or why it
    cannot be told (a folder above it its owner made unreadable to the collector)."""
    try:
        return "folder" if S_ISDIR(path.lstat().st_mode) else None
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"


def _has_files(folder: Path) -> bool:
    return any(not p.name.startswith(".") for p in folder.iterdir())


def _misplaced(name: str) -> str:
    return f"{shown_name(name)}: not inside a task folder; expected {LAYOUT}"


def _ingest(engine: Engine, drop: Drop, home: Path) -> tuple[int | None, Outcome, list[str]]:
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
            submitted = submit(session, intake, home=home, now=drop.received_at)
            outcome: Outcome = "already_ingested" if submitted.repeated else "ingested"
            return submitted.version, outcome, []
    except RefusedError as exc:
        return None, "rejected", list(exc.problems) or [exc.summary]
    except NotFoundError as exc:
        return None, "rejected", [str(exc)]
    except IntegrityError:  # another run stored this very folder between our look and write
        return _already(engine, drop)
    except (OperationalError, StoreError) as exc:
        return None, "failed", [f"the store cannot be reached: {exc}"]
    except (DBAPIError, StatementError) as exc:  # a value this database refuses
        return None, "rejected", [f"the store refused the data: {type(exc.orig).__name__}"]


def _already(engine: Engine, drop: Drop) -> tuple[int | None, Outcome, list[str]]:
    with session_scope(engine) as session:
        known = _stored_version(session, drop.digest)
    if known is None:
        return None, "failed", ["stored by another run at the same moment; will look again"]
    return known, "already_ingested", []


def _stored_version(session: Session, digest: str) -> int | None:
    query = select(SubmissionRow.version).where(SubmissionRow.inbox_digest == digest)
    return session.scalars(query).first()


def _stamped(at: datetime, name: str) -> str:
    readable = shown_name(name).replace("/", "-")
    stamped = f"{at:%Y%m%dT%H%M%SZ}-{readable}"
    return stamped.encode()[:_MAX_NAME_BYTES].decode(errors="ignore")


def _move(folder: Path, root: Path, name: str) -> Path:
    """Rename ``folder`` into ``root`` under ``name`` (``name-2``, ... if taken)."""
    target = _free_name(root, name)
    folder.rename(target)
    return target


def _free_name(root: Path, name: str) -> Path:
    """``root/name``, or ``name-2``, ... if taken; ``root`` made if missing."""
    root.mkdir(parents=True, exist_ok=True)
    target, n = root / name, 1
    while target.exists():
        n += 1
        target = root / f"{name}-{n}"
    return target


@dataclass(frozen=True)
class _Place:
    """A task folder as reached from the inbox: its parent folder's handle, its own name
    in it, and its identity (device and inode) when it was reached."""

    parent: int
    name: str
    identity: Identity

    @classmethod
    @contextlib.contextmanager
    def reached(cls, inbox: Path, relative: str) -> Iterator[_Place]:
        """Open ``agency/directive`` from the inbox one name at a time, never through a
        link (``OSError`` if one is met), and note the task folder's identity."""
        *parents, task = relative.split("/")
        opened = [os.open(inbox, os.O_RDONLY | os.O_DIRECTORY)]
        try:
            for part in parents:
                flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
                opened.append(os.open(part, flags, dir_fd=opened[-1]))
            status = os.stat(task, dir_fd=opened[-1], follow_symlinks=False)
            if not S_ISDIR(status.st_mode):
                raise OSError(errno.ENOTDIR, "not a folder", relative)
            yield cls(opened[-1], task, folder_identity(status))
        finally:
            for fd in opened:
                os.close(fd)

    def move(self, root: Path, name: str) -> Path:
        """Rename the folder reached, and only it, into ``root`` under ``name``."""
        target = _free_name(root, name)
        now = folder_identity(os.stat(self.name, dir_fd=self.parent, follow_symlinks=False))
        if now != self.identity:
            raise OSError(errno.ESTALE, "the folder was replaced while it was looked at")
        os.rename(self.name, target, src_dir_fd=self.parent)
        return target


def _relative(path: str | bytes | os.PathLike[str], inbox: Path) -> str:
    """``path`` as seen from the inbox (its name alone if it is elsewhere)."""
    where = Path(os.fsdecode(path))
    shown = where.relative_to(inbox).as_posix() if where.is_relative_to(inbox) else where.name
    return shown_name(shown)


def _write_reason(folder: Path, drop: Drop, at: datetime, zone: tzinfo) -> None:
    """The note for the agency's clerk: UTF-8 with a BOM and CRLF, for Notepad (see
    :mod:`.inbox_words`)."""
    text = refusal_note(shown_name(drop.name), drop.problems, at=at, zone=zone)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    name, n = REASON_FILE, 1
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        while True:  # a new file: never one the agency sent, nor through a link it planted
            try:
                out = os.open(name, flags, 0o644, dir_fd=fd)
                break
            except FileExistsError:
                n += 1
                name = f"LY-DO-TU-CHOI-{n}.txt"
        with os.fdopen(out, "w", encoding="utf-8-sig", newline="\r\n") as file:
            file.write(text)
    finally:
        os.close(fd)
