"""Forms in and out: problems placed beside their fields, uploads kept off the user's names.

A step refuses with problems written ``field: message``; :func:`place` puts each one
beside the field it names, the rest at the top of the form. Uploads are copied into a
private temporary folder under generated names (the name the sender gave is only
metadata), at most ``MAX_ATTACHMENT_BYTES`` each, counted while copying.
"""

from __future__ import annotations

import re
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

__all__ = ["Placed", "in_vietnamese", "place", "text_of", "uploads"]

_CHUNK = 1024 * 1024
_SAID = (  # the steps' words for the most common mistakes, as a form says them
    (r"missing required field \((.*)\)", r"Chưa nhập: \1 là bắt buộc."),
    (
        r"expected a whole number, got (.*?)( \(write numbers.*\))?",
        r"Cần một số nguyên, đã nhập \1.",
    ),
    (r"expected a number, got (.*?)( \(write numbers.*\))?", r"Cần một số, đã nhập \1."),
    (r"expected a percentage between 0 and 100, got (.*)", r"Cần tỉ lệ từ 0 đến 100, đã nhập \1."),
    (r"expected true or false.*", "Chọn có hoặc không."),
    (r"expected a date.*?, got (.*)", r"Cần một ngày (31/07/2024), đã nhập \1."),
)


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
            placed.general.append(problem)
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


def in_vietnamese(message: str) -> str:
    """A step's problem as the form shows it: in Vietnamese when it is a common one, with
    the step's own words kept after it (they name the value exactly)."""
    for pattern, said in _SAID:
        if match := re.fullmatch(pattern, message):
            return f"{match.expand(said)} ({message})"
    return message
