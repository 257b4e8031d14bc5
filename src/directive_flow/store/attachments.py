"""Attachments, kept content-addressed under the home folder.

A file lives at ``<home>/attachments/ab/cdef...``, named by the sha256 of its bytes: the
same file sent twice is kept once, and no name a sender chose is ever used as a path (the
original name is only metadata in the ``attachments`` table). Files are written before
the transaction that records them commits: a failed transaction can leave an
unreferenced file, never a row pointing at a missing one. Every worker and machine that
serves downloads reads the same folder (a shared ``DIRECTIVE_FLOW_HOME``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

__all__ = ["MAX_ATTACHMENT_BYTES", "attachment_path", "store_attachment"]

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
_CHUNK = 1024 * 1024


def attachment_path(home: Path, digest: str) -> Path:
    """Where the content with sha256 ``digest`` lives."""
    if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
        raise ValueError(f"not a sha256 digest: {digest!r}")
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
