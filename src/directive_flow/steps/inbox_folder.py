"""One inbox folder: what it holds, whether it is still being written, what it hands in.

A folder's *fingerprint* is every visible file's name, size and modification time. The
collector keeps, in a hidden marker file inside the folder (``.directive-flow.json``), when
it first saw the folder and the fingerprint of its last look; a folder is taken only when
its fingerprint is the one of the previous look and has stood for the settle time, so a
folder still being copied is left for the next run. The first sight is the folder's
received time, by the server's clock: a file's own modification time is never believed.

The folder is the agency's to write, so nothing in it is believed either: a marker counts
only when it carries the collector's signature (an HMAC under the installation's signing
key, :mod:`.signing`) over its fields *and the folder's inode number*, and, at a look, when
the ``agency/directive/task`` it names is where the folder is. A marker an agency wrote,
copied from another folder or from an earlier drop at the same place (a folder made again
has a new inode), or that is a link, a pipe or unreadable is ignored with a log line: the
folder is first seen now. A marker is written into a fresh file created exclusively under
a random name, never following a link, then renamed over the old one. The inbox must
therefore sit on a file system that keeps inode numbers (any local one, NFS).

:func:`read_drop` reads a claimed folder into a :class:`Drop`: its identity, its data
(through the one intake reader), note, attachments, a digest of its content and first
sight, and every problem found (an unreadable file, a link, a sub-folder, a name that is
not UTF-8 text), each problem for that folder alone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG
from typing import Any

from directive_flow.errors import RefusedError
from directive_flow.steps.intake import parse_data
from directive_flow.steps.signing import sign, verify
from directive_flow.store.attachments import MAX_ATTACHMENT_BYTES

__all__ = [
    "DATA_FILES",
    "MARKER",
    "NOTE_FILE",
    "Drop",
    "Identity",
    "Marker",
    "fingerprint",
    "folder_identity",
    "forget_marker",
    "read_drop",
    "read_marker",
    "shown_name",
    "write_marker",
]

MARKER = ".directive-flow.json"
DATA_FILES, NOTE_FILE = ("data.yaml", "data.json"), "note.txt"
Identity = tuple[int, int]  # a folder's device and inode number
_PURPOSE = "inbox-marker"  # a marker's signature is good for nothing else, and vice versa
_FIELDS = ("name", "first_seen", "fingerprint", "stable_since")
_MAX_MARKER_BYTES = 4096
log = logging.getLogger(__name__)


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


def folder_identity(status: os.stat_result) -> Identity:
    """What tells one folder from another whatever its path: device and inode number."""
    return status.st_dev, status.st_ino


def read_marker(
    folder: Path, key: bytes, *, name: str | None = None, expect: Identity | None = None
) -> Marker | None:
    """The marker the collector signed with ``key`` for this very folder (and, given
    ``name``, for the task folder of that name), or None: first sight, or any other file.
    Given ``expect``, a folder at ``folder`` that is not that one is not read (``OSError``
    is said in the log, the result is None)."""
    try:
        found = _marker_bytes(folder, expect)
    except OSError as exc:
        return _ignored(folder, f"cannot be read ({exc.strerror or exc})")
    marker = _verified(*found, key) if found else None
    if found and marker is None:
        return _ignored(folder, "was not written by the collector for this folder")
    if marker and name is not None and marker.name != name:
        return _ignored(folder, f"names another folder ({shown_name(marker.name)})")
    return marker


def forget_marker(folder: Path, *, expect: Identity | None = None) -> None:
    """Remove the folder's marker, if any (an emptied folder is first seen again when
    something is put in it); ``OSError`` if the folder at ``folder`` is not ``expect``."""
    with _opened(folder, expect) as fd, contextlib.suppress(FileNotFoundError):
        os.unlink(MARKER, dir_fd=fd)


def write_marker(
    folder: Path, marker: Marker, key: bytes, *, expect: Identity | None = None
) -> None:
    """Write the marker signed for this folder, whole: into a file created for it under a
    fresh name (a link planted in the folder is never followed), then renamed over the old
    one; ``OSError`` if not, or if the folder at ``folder`` is not ``expect``."""
    with _opened(folder, expect) as fd:
        fields = marker.to_json()
        text = _signed_text(fields, os.fstat(fd).st_ino)
        content = json.dumps(fields | {"signature": sign(key, _PURPOSE, text)})
        partial = f"{MARKER}.{secrets.token_hex(8)}.partial"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        try:
            with os.fdopen(os.open(partial, flags, 0o644, dir_fd=fd), "w", encoding="utf-8") as f:
                f.write(content)
            os.replace(partial, MARKER, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(partial, dir_fd=fd)
            raise


@contextlib.contextmanager
def _opened(folder: Path, expect: Identity | None = None) -> Iterator[int]:
    """The folder itself, refused (``OSError``) if a link was put in its place, or if it is
    not the folder ``expect`` names (a folder above it was swapped since it was reached)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        if expect is not None and folder_identity(os.fstat(fd)) != expect:
            raise OSError(errno.ESTALE, "the folder was replaced while it was read", str(folder))
        yield fd
    finally:
        os.close(fd)


def _marker_bytes(folder: Path, expect: Identity | None) -> tuple[bytes, int] | None:
    """The marker file's first bytes and the folder's inode number; None if there is none."""
    with _opened(folder, expect) as fd:
        try:  # a link is refused, a pipe does not block: neither is the collector's
            file = os.open(MARKER, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
        except FileNotFoundError:
            return None
        with os.fdopen(file, "rb") as f:
            if not S_ISREG(os.fstat(file).st_mode):
                raise OSError(f"{MARKER} is not a regular file")
            return f.read(_MAX_MARKER_BYTES), os.fstat(fd).st_ino


def _verified(raw: bytes, inode: int, key: bytes) -> Marker | None:
    """The marker in ``raw`` if its signature is the collector's for the folder ``inode``."""
    try:
        data = json.loads(raw)
        fields = {k: data[k] for k in _FIELDS}
        if not all(isinstance(v, str) for v in fields.values()) or not verify(
            key, _PURPOSE, _signed_text(fields, inode), data["signature"]
        ):
            return None
        first_seen = datetime.fromisoformat(fields["first_seen"])
        stable_since = datetime.fromisoformat(fields["stable_since"])
        return Marker(fields["name"], first_seen, fields["fingerprint"], stable_since)
    except (ValueError, KeyError, TypeError):  # not JSON, not an object, a field missing
        return None


def _signed_text(fields: Mapping[str, str], inode: int) -> str:
    """What a signature covers: the marker's fields and its folder's inode number (kept
    when the collector renames the folder, new when a folder is made again at a place)."""
    return json.dumps({**{k: fields[k] for k in _FIELDS}, "folder": inode}, sort_keys=True)


def _ignored(folder: Path, reason: str) -> Marker | None:
    """None, saying why the marker is not believed (the folder counts as never seen)."""
    log.warning("inbox %s: marker ignored: it %s", shown_name(str(folder)), reason)
    return None


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
            content = _regular_bytes(path)
        except OSError as exc:
            drop.problems.append(f"{name}: cannot read the file ({exc.strerror or exc})")
        else:
            if len(content) <= MAX_ATTACHMENT_BYTES:
                return content
            drop.problems.append(
                f"{name}: over the {MAX_ATTACHMENT_BYTES >> 20} MiB limit for a file"
            )
    return None


def _regular_bytes(path: Path) -> bytes:
    """The bytes of ``path`` (at most one byte past the limit of a file), opened without
    following a link and checked on the opened handle: a regular file with no other
    name (a file swapped for a link after the look, or a hard link to a file the agency
    may not read, is refused)."""
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK), "rb") as file:
        status = os.fstat(file.fileno())
        if not S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (links are not accepted)")
        if status.st_nlink != 1:
            raise OSError(errno.EMLINK, "a hard link to another file; send a copy of it")
        return file.read(MAX_ATTACHMENT_BYTES + 1)


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
