"""One inbox folder: what it holds, whether it is still being written, what it hands in.

A folder's *fingerprint* is every visible file's name, size and modification time. The
collector keeps, in a hidden marker file inside the folder (``.directive-flow.json``), when
it first saw the folder and the fingerprint of its last look; a folder is taken only when
its fingerprint is the one of the previous look and has stood for the settle time, so a
folder still being copied is left for the next run. The first sight is the folder's
received time, by the server's clock: a file's own modification time is never believed.

:func:`read_drop` reads a claimed folder into a :class:`Drop`: its identity, its data
(through the one intake reader), note, attachments, a digest of its content and first
sight, and every problem found (an unreadable file, a link, a sub-folder, a name that is
not UTF-8 text), each problem for that folder alone.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from directive_flow.errors import RefusedError
from directive_flow.steps.intake import parse_data

__all__ = [
    "DATA_FILES",
    "MARKER",
    "NOTE_FILE",
    "Drop",
    "Marker",
    "fingerprint",
    "read_drop",
    "read_marker",
    "shown_name",
    "write_marker",
]

MARKER = ".directive-flow.json"
DATA_FILES, NOTE_FILE = ("data.yaml", "data.json"), "note.txt"


@dataclass(frozen=True)
class Marker:
    """What the collector remembers of a folder: its first sight, and since when it is unchanged."""

    name: str  # ``agency/directive/task`` as dropped
    first_seen: datetime
    fingerprint: str
    stable_since: datetime

    def to_json(self) -> dict[str, str]:
        """The marker file's content."""
        return {
            "name": self.name,
            "first_seen": self.first_seen.isoformat(),
            "fingerprint": self.fingerprint,
            "stable_since": self.stable_since.isoformat(),
        }


@dataclass
class Drop:
    """A claimed folder as read: who, what, the data, and every problem found."""

    folder: Path
    name: str
    agency: str
    directive: str
    task: str
    received_at: datetime
    digest: str = ""
    data_file: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    attachments: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def shown_name(text: str) -> str:
    """A file name fit for a message even when it is not UTF-8 (a cp1258 share's bytes)."""
    return os.fsencode(text).decode("utf-8", "replace")


def fingerprint(folder: Path) -> str:
    """Every visible entry's relative name, size and modification time, hashed."""
    digest = hashlib.sha256()
    for path in sorted(_visible(folder)):
        stat = path.lstat()
        relative = os.fsencode(path.relative_to(folder))
        digest.update(relative + f"\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def read_marker(folder: Path) -> Marker | None:
    """The collector's marker in ``folder``, or None (first sight, or an unreadable one)."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        return Marker(
            str(data["name"]),
            datetime.fromisoformat(data["first_seen"]),
            str(data["fingerprint"]),
            datetime.fromisoformat(data["stable_since"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_marker(folder: Path, marker: Marker) -> None:
    """Write the marker whole (under a temporary name, then renamed); ``OSError`` if not."""
    partial = folder / f"{MARKER}.partial"
    partial.write_text(json.dumps(marker.to_json()), encoding="utf-8")
    os.replace(partial, folder / MARKER)


def read_drop(folder: Path, marker: Marker) -> Drop:
    """The claimed folder's identity, digest, data, note and attachments, with every problem."""
    agency, directive, task = [*marker.name.split("/"), "", "", ""][:3]
    drop = Drop(folder, marker.name, agency, directive, task.replace("__", "/"), marker.first_seen)
    digest = hashlib.sha256(f"{marker.name}\0{marker.first_seen.isoformat()}\n".encode())
    for path in sorted(_visible(folder)):
        relative = path.relative_to(folder).as_posix()
        content = _content(path, relative, drop)
        if content is not None:
            digest.update(os.fsencode(relative) + b"\0" + hashlib.sha256(content).digest())
            _classify(path, relative, content, drop)
    drop.digest = digest.hexdigest()
    return drop


def _visible(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.rglob("*")
        if not any(s.startswith(".") for s in p.relative_to(folder).parts)
    ]


def _content(path: Path, relative: str, drop: Drop) -> bytes | None:
    """The file's bytes, or None with the reason (a link, a folder, a bad name, unreadable)."""
    name = shown_name(relative)
    if path.is_symlink() or not (path.is_dir() or path.is_file()):
        drop.problems.append(f"{name}: not a regular file (links are not accepted)")
    elif path.is_dir():
        drop.problems.append(f"{name}: sub-folders are not accepted; put files directly")
    elif name != relative:
        drop.problems.append(f"{name}: the file name is not UTF-8 text; rename the file")
    else:
        try:
            return path.read_bytes()
        except OSError as exc:
            drop.problems.append(f"{name}: cannot read the file ({exc.strerror or exc})")
    return None


def _classify(path: Path, relative: str, content: bytes, drop: Drop) -> None:
    if relative in DATA_FILES:
        if drop.data_file:
            drop.problems.append("give the data once: data.yaml or data.json, not both")
        drop.data_file = relative
        try:
            drop.data = parse_data(content, relative)
        except RefusedError as exc:
            drop.problems.extend(exc.problems or [exc.summary])
    elif relative == NOTE_FILE:
        drop.note = _note(content, drop.problems)
    else:
        drop.attachments.append(path)


def _note(content: bytes, problems: list[str]) -> str | None:
    try:
        return content.decode("utf-8-sig").strip() or None
    except UnicodeDecodeError:
        problems.append(f"{NOTE_FILE}: not UTF-8 text; save the note as UTF-8")
        return None


def utc(moment: float) -> datetime:
    """An epoch time as an aware UTC moment."""
    return datetime.fromtimestamp(moment, UTC)
