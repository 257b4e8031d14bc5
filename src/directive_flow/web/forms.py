"""Forms in and out: problems placed beside their fields, uploads kept off the user's names.

A step refuses with problems written ``field: message``; :func:`place` puts each one
beside the field it names (a problem of an attached file, ``name.pdf: message``, beside
the files' field, the file named), the rest at the top of the form, each in Vietnamese
only (:func:`~directive_flow.texts.refusals.said`: no English reaches a clerk). Uploads are copied into a
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
from directive_flow.texts.refusals import said

__all__ = ["FILES", "Placed", "file_names", "place", "text_of", "uploads"]

_CHUNK = 1024 * 1024
FILES = "attachments"
"""The form's files field: where a problem of an attached file is shown."""


@dataclass
class Placed:
    """Problems by field name, and those that name no field."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        """True when there is any problem."""
        return bool(self.fields or self.general)


def place(problems: Iterable[str], names: Iterable[str], files: Iterable[str] = ()) -> Placed:
    """Each ``name: message`` problem beside its field (``name.sub`` counts as ``name``);
    one naming an attached file (``files``, or the attachment's name itself) beside the
    files' field, the file named."""
    known, sent, placed = set(names), set(files), Placed()
    for problem in problems:
        head, sep, message = problem.partition(": ")
        name = head.split(".")[0].split("[")[0]
        if (sep and head in sent) or head == "attachment name":
            shown = f"{head}: {said(message)}" if head in sent else said(message)
            placed.fields.setdefault(FILES, []).append(shown)
        elif sep and name in known:
            placed.fields.setdefault(name, []).append(said(message))
        else:
            placed.general.append(said(problem))
    return placed


def file_names(form: FormData, name: str = FILES) -> list[str]:
    """The names the files of field ``name`` are kept under (as problems name them)."""
    return [
        safe_name(item.filename)
        for item in form.getlist(name)
        if isinstance(item, UploadFile) and item.filename
    ]


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
                problems.append(f"{shown}: over the 25 MiB limit for an attachment")
                return None
            out.write(chunk)
    item.file.close()
    return IntakeFile(target, shown)
