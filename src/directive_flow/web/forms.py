"""Forms in and out: problems placed beside their fields, uploads kept off the user's names.

A step refuses with problems written ``field: message``; :func:`place` puts each one
beside the field it names, the rest at the top of the form. Uploads are copied into a
private temporary folder under generated names (the name the sender gave is only
metadata), at most ``MAX_ATTACHMENT_BYTES`` each, counted while copying.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from starlette.datastructures import FormData, UploadFile

from directive_flow.steps.downloads import safe_name
from directive_flow.steps.intake import IntakeFile
from directive_flow.store.attachments import MAX_ATTACHMENT_BYTES
from directive_flow.texts.refusals import in_vietnamese

__all__ = ["Placed", "in_vietnamese", "place", "text_of", "uploads"]

_CHUNK = 1024 * 1024


@dataclass
class Placed:
    """Problems by field name, and those that name no field."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        """True when there is any problem."""
        return bool(self.fields or self.general)


def place(problems: Iterable[str], names: Iterable[str]) -> Placed:
    """Each ``name: message`` problem beside its field (``name.sub`` counts as ``name``)."""
    known, placed = set(names), Placed()
    for problem in problems:
        head, sep, message = problem.partition(": ")
        name = head.split(".")[0].split("[")[0]
        if sep and name in known:
            placed.fields.setdefault(name, []).append(in_vietnamese(message))
        else:
            placed.general.append(
                f"{head}: {in_vietnamese(message)}" if sep else in_vietnamese(problem)
            )
    return placed


def text_of(form: FormData, name: str) -> str:
    """A text field's value ('' when absent or a file)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


@contextmanager
def uploads(form: FormData, name: str, problems: list[str]) -> Iterator[tuple[IntakeFile, ...]]:
    """The files of field ``name``, copied to a temporary folder removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="df-upload-"))
    try:
        files = []
        for index, item in enumerate(form.getlist(name)):
            if isinstance(item, UploadFile) and item.filename:
                files.append(_copy(item, folder / f"{index:03d}", problems))
        yield tuple(f for f in files if f is not None)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy(item: UploadFile, target: Path, problems: list[str]) -> IntakeFile | None:
    """One upload, refused (with the problem added) once it passes the limit."""
    shown = safe_name(item.filename or "")
    copied = 0
    with target.open("wb") as out:
        for chunk in iter(lambda: item.file.read(_CHUNK), b""):
            copied += len(chunk)
            if copied > MAX_ATTACHMENT_BYTES:
                problems.append(f"attachments: {shown} is over the 25 MiB limit for an attachment")
                return None
            out.write(chunk)
    item.file.close()
    return IntakeFile(target, shown)
