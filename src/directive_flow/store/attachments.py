"""Attachments, kept content-addressed under the home folder.

A file lives at ``<home>/attachments/ab/cdef...``, named by the sha256 of its bytes: the
same file sent twice is kept once, and no name a sender chose is ever used as a path (the
original name is only metadata in the ``attachments`` table). Files are written before
the transaction that records them commits: a failed transaction can leave an
unreferenced file, never a row pointing at a missing one. Every worker and machine that
serves downloads reads the same folder (a shared ``DIRECTIVE_FLOW_HOME``).
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path
from stat import S_ISREG

__all__ = ["MAX_ATTACHMENT_BYTES", "attachment_path", "store_attachment"]

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
_CHUNK = 1024 * 1024


def attachment_path(home: Path, digest: str) -> Path:
    """Where the content with sha256 ``digest`` lives."""
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise ValueError(f"not a sha256 digest: {digest!r}")
    return home / "attachments" / digest[:2] / digest[2:]


def store_attachment(path: Path, *, home: Path) -> str:
    """Copy ``path`` into the content-addressed store; return its sha256.

    The file is opened once, a link in its place refused (``OSError``: an inbox folder is
    its sender's to change, and a link swapped in after the check would hand in any file
    the collector can read), and read once: the bytes hashed are the bytes kept. A copy
    already kept leaves the new one unused and removed.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as source:
        if not S_ISREG(os.fstat(source.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        folder = home / "attachments"
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".incoming-")
        try:
            hasher = hashlib.sha256()
            with os.fdopen(fd, "wb") as out:
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
