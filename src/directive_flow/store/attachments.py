"""Attachments, kept content-addressed under the home folder.

A file lives at ``<home>/attachments/ab/cdef...``, named by the sha256 of its bytes: the
same file sent twice is kept once, and no name a sender chose is ever used as a path (the
original name is only metadata in the ``attachments`` table). Files are written before
the transaction that records them commits: a failed transaction can leave an
unreferenced file, never a row pointing at a missing one. Given the types accepted, the
store checks the very bytes it keeps against the file's name (:mod:`.filetypes`) before
it writes any of them. Every worker and machine that
serves downloads reads the same folder (a shared ``DIRECTIVE_FLOW_HOME``).
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Collection
from pathlib import Path
from stat import S_ISREG

from directive_flow.errors import RefusedError
from directive_flow.store.filetypes import HEAD_BYTES, content_problem

__all__ = ["MAX_ATTACHMENT_BYTES", "attachment_path", "store_attachment"]

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
_CHUNK = 1024 * 1024


def attachment_path(home: Path, digest: str) -> Path:
    """Where the content with sha256 ``digest`` lives."""
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise ValueError(f"not a sha256 digest: {digest!r}")
    return home / "attachments" / digest[:2] / digest[2:]


def store_attachment(
    path: Path, *, home: Path, name: str | None = None, types: Collection[str] | None = None
) -> str:
    """Copy ``path`` into the content-addressed store; return its sha256.

    The file is opened once, a link in its place refused (``OSError``: an inbox folder is
    its sender's to change, and a link swapped in after the check would hand in any file
    the collector can read), and read once: the bytes hashed are the bytes kept. Given
    ``types`` (the types accepted), its first bytes are checked against ``name`` (the
    sender's, default the file's) before anything is written: ``RefusedError``
    ``name: why`` (a file changed since it was checked is refused, not kept). A copy
    already kept leaves the new one unused and removed.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as source:
        if not S_ISREG(os.fstat(source.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        first = source.read(_CHUNK)
        if types is not None:
            shown = path.name if name is None else name
            whole = len(first) <= HEAD_BYTES
            if problem := content_problem(shown, first[:HEAD_BYTES], types, whole=whole):
                raise RefusedError(f"{shown}: {problem}")
        folder = home / "attachments"
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        try:
            hasher = hashlib.sha256()
            with os.fdopen(fd, "wb") as out:
                hasher.update(first)
                out.write(first)
                for chunk in iter(lambda: source.read(_CHUNK), b""):
                    hasher.update(chunk)
                    out.write(chunk)
            digest = hasher.hexdigest()
            target = attachment_path(home, digest)
            target.parent.mkdir(exist_ok=True)
            if target.exists():
                os.unlink(temp)
            else:
                os.replace(temp, target)  # a reader never sees half a file
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    return digest
