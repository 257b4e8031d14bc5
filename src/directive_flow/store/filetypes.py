"""What an attachment may be: a document of an allowed type whose content is that type.

A government task tracker takes documents, never programs. An attachment is accepted when

1. its content is no program, whatever its name: a Windows executable (``MZ``), a Linux
   one (ELF), a macOS one (Mach-O, also the fat ``CAFEBABE``) or a script (``#!``);
2. its name ends in an allowed type (``DIRECTIVE_FLOW_ATTACHMENT_TYPES``, the default
   :data:`~directive_flow.settings.DEFAULT_ATTACHMENT_TYPES`), compared without regard to
   case (``BAO-CAO.PDF`` is a ``.pdf``); a name without a type is refused;
3. its first bytes are that type's (:data:`KINDS`): ``%PDF-`` for a PDF, the OLE2 header
   for ``.doc``/``.xls``/``.ppt``, a ZIP entry for ``.docx``/``.xlsx``/``.pptx`` and the
   OpenDocument files, the image and archive signatures; a text type (``.txt``,
   ``.csv``) holds text: UTF-16 with its byte-order mark that decodes, or else bytes
   with no control character but tab, line ends, form feed and a closing Ctrl-Z
   (UTF-8, or a Vietnamese 8-bit code page such as Windows-1258 or TCVN3). A type an
   installation adds that this table does not know meets rule 1 only.

Only the first :data:`HEAD_BYTES` are looked at (a text file's too), by
:func:`content_problem`; every path (CLI, inbox, flow, portal) meets it in
:func:`directive_flow.steps.submit.submit`, and the store checks again the very bytes it
keeps (:func:`directive_flow.store.attachments.store_attachment`).
"""

from __future__ import annotations

import codecs
from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["HEAD_BYTES", "KINDS", "Kind", "content_problem", "program_of", "suffix_of"]

HEAD_BYTES = 64 * 1024
"""How much of a file's beginning is looked at."""

_OLE2 = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # Word, Excel, PowerPoint 97-2003
_ZIP_ENTRY = (b"PK\x03\x04",)  # Office Open XML, OpenDocument: a ZIP package
_TEXT_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Kind:
    """One type: what it is called in a refusal, and how its content begins."""

    label: str  # "a PDF document": "the content is not <label>"
    signatures: tuple[bytes, ...] = ()  # the content starts with one of these
    text: bool = False  # or: the content is text

    def matches(self, head: bytes, *, whole: bool = False) -> bool:
        """Whether ``head`` (the file's first bytes; ``whole``: all of them) is this type."""
        return _is_text(head, whole=whole) if self.text else head.startswith(self.signatures)


KINDS: dict[str, Kind] = {
    "pdf": Kind("a PDF document", (b"%PDF-",)),
    "doc": Kind("a Word 97-2003 document", _OLE2),
    "docx": Kind("a Word document", _ZIP_ENTRY),
    "odt": Kind("an OpenDocument text", _ZIP_ENTRY),
    "rtf": Kind("an RTF document", (b"{\\rtf",)),
    "txt": Kind("plain text", text=True),
    "xls": Kind("an Excel 97-2003 workbook", _OLE2),
    "xlsx": Kind("an Excel workbook", _ZIP_ENTRY),
    "ods": Kind("an OpenDocument spreadsheet", _ZIP_ENTRY),
    "csv": Kind("CSV text", text=True),
    "ppt": Kind("a PowerPoint 97-2003 presentation", _OLE2),
    "pptx": Kind("a PowerPoint presentation", _ZIP_ENTRY),
    "odp": Kind("an OpenDocument presentation", _ZIP_ENTRY),
    "jpg": Kind("a JPEG image", (b"\xff\xd8\xff",)),
    "jpeg": Kind("a JPEG image", (b"\xff\xd8\xff",)),
    "png": Kind("a PNG image", (b"\x89PNG\r\n\x1a\n",)),
    "gif": Kind("a GIF image", (b"GIF87a", b"GIF89a")),
    "tif": Kind("a TIFF image", (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")),
    "tiff": Kind("a TIFF image", (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")),
    "zip": Kind("a ZIP archive", (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")),
    "7z": Kind("a 7z archive", (b"7z\xbc\xaf\x27\x1c",)),
    "rar": Kind("a RAR archive", (b"Rar!\x1a\x07",)),
    # a detached signature (CMS, DER or PEM), for an installation that adds it
    "p7s": Kind("a PKCS#7 signature", (b"\x30\x80", b"\x30\x81", b"\x30\x82", b"\x30\x83",
                                        b"-----BEGIN ")),
}  # fmt: skip
"""The types whose content is checked, by lowercase extension."""

_PROGRAMS: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
    (b"\xfe\xed\xfa\xce", "a macOS program"),
    (b"\xfe\xed\xfa\xcf", "a macOS program"),
    (b"\xce\xfa\xed\xfe", "a macOS program"),
    (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"\xca\xfe\xba\xbe", "a macOS program"),
    (b"#!", "a script (#!)"),
)


def suffix_of(name: str) -> str:
    """The type a file's name gives: what follows its last dot, lowercase ('' for none).

    ``bao-cao.PDF`` is ``pdf``, ``a.tar.gz`` is ``gz``; ``bao-cao`` and ``bao-cao.exe.``
    (a name Windows opens as a program) have none."""
    _, dot, suffix = name.rpartition(".")
    return suffix.lower() if dot else ""


def program_of(head: bytes) -> str | None:
    """What kind of program ``head`` begins, or None."""
    return next((what for magic, what in _PROGRAMS if head.startswith(magic)), None)


def content_problem(
    name: str, head: bytes, allowed: Collection[str], *, whole: bool = False
) -> str | None:
    """Why an attachment called ``name`` whose content begins with ``head`` is refused
    (the message, without the name), or None; ``allowed``: the lowercase types accepted;
    ``whole``: ``head`` is the entire file."""
    if (program := program_of(head)) is not None:
        return f"the content is {program}, not a document; it is not accepted whatever its name"
    suffix, listed = suffix_of(name), ", ".join(allowed)
    if not suffix:
        return f"the name has no type (such as .pdf); attach a file of one of these types: {listed}"
    if suffix not in allowed:
        return f"a file of type .{suffix} is not accepted; attach one of these types: {listed}"
    kind = KINDS.get(suffix)
    if kind is None or kind.matches(head, whole=whole):
        return None
    return (
        f"the content is not {kind.label} (.{suffix}); attach the real file, "
        f"or save it again as .{suffix}"
    )


def _is_text(head: bytes, *, whole: bool) -> bool:
    """Text: UTF-16 with its byte-order mark that decodes, or bytes with no control
    character but tab, line ends, form feed and Ctrl-Z (UTF-8 or an 8-bit code page)."""
    if head.startswith(_UTF16_BOMS):
        try:
            text = codecs.getincrementaldecoder("utf-16")().decode(head, final=whole)
        except UnicodeDecodeError:
            return False
        return not any(ord(c) in _TEXT_CONTROLS for c in text)
    return _TEXT_CONTROLS.isdisjoint(head)
