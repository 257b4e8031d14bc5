"""The local mailbox: where e-mail goes when no SMTP server is configured (embedded mode).

Each message is written as ``<home>/mailbox/<Message-ID digest>.eml``, exactly the bytes
an SMTP server would have been given, under a temporary name first and then renamed, so
a reader never sees half a message and a resend (same Message-ID) replaces it instead of
adding a copy. Operators read it in the portal; any mail client opens the files.
"""

from __future__ import annotations

import email
import heapq
import os
import re
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message as EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from directive_flow.notify.smtp import SmtpServer

__all__ = ["MAILBOX_SENDER", "MAILBOX_SERVER", "Letter", "read_mailbox", "write_eml"]

MAILBOX_SENDER = "nhacviec@directive-flow.local"
MAILBOX_SERVER = SmtpServer(host="mailbox", port=0)
_ID = re.compile(r"<([0-9a-f]{32})@")


def write_eml(data: bytes, folder: Path, *, message_id: str) -> Path:
    """Write an e-mail's bytes into ``folder`` under its Message-ID; return the file."""
    found = _ID.match(message_id)
    name = found.group(1) if found else uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.eml"
    partial = folder / f".{name}.{uuid.uuid4().hex}.partial"
    partial.write_bytes(data)
    os.replace(partial, target)
    return target


@dataclass(frozen=True)
class Letter:
    """One message in the mailbox, as an operator's list shows it."""

    name: str
    sent: datetime | None
    to: str
    subject: str
    body: str


def read_mailbox(folder: Path, *, limit: int = 200) -> list[Letter]:
    """The newest ``limit`` messages (by the time their file was written), newest first.

    A mailbox keeps every message ever written; reading the newest must not stat and
    parse them all on every page. The process remembers each file's time once seen, so a
    read lists the folder's names (cheap), looks at the new files only, and opens the
    ``limit`` newest, parsed once per version of the file. A resend (the same name
    replaced) keeps the place it had in the list until the process starts again.
    """
    if not folder.is_dir():
        return []
    with _LOCK:
        times = _TIMES.setdefault(str(folder.resolve()), {})
        names = {n for n in os.listdir(folder) if n.endswith(".eml") and not n.startswith(".")}
        for gone in times.keys() - names:
            del times[gone]
        for name in names - times.keys():
            try:
                times[name] = (folder / name).stat().st_mtime_ns
            except FileNotFoundError:  # removed since listed
                continue
        newest = heapq.nlargest(limit, times.items(), key=lambda item: (item[1], item[0]))
    letters = []
    for name, _ in newest:
        try:
            letters.append(_parsed(folder / name))
        except FileNotFoundError:  # removed since listed
            continue
    return letters


_LOCK = threading.Lock()
_TIMES: dict[str, dict[str, int]] = {}  # folder -> file name -> its mtime (ns) when first seen
_PARSED: dict[Path, tuple[int, int, Letter]] = {}  # path -> (mtime ns, size, its letter)
_PARSED_LIMIT = 2_000


def _parsed(path: Path) -> Letter:
    """``read_letter(path)``, kept while the file keeps its time and size."""
    stat = path.stat()
    kept = _PARSED.get(path)
    if kept is not None and kept[:2] == (stat.st_mtime_ns, stat.st_size):
        return kept[2]
    letter = read_letter(path)
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[path] = (stat.st_mtime_ns, stat.st_size, letter)
    return letter


def read_letter(path: Path) -> Letter:
    """One ``.eml`` file, decoded (UTF-8 subject, the plain-text body)."""
    parsed = email.message_from_bytes(path.read_bytes())
    subject = str(make_header(decode_header(parsed.get("Subject", ""))))
    date = parsed.get("Date")
    return Letter(
        path.stem,
        parsedate_to_datetime(date) if date else None,
        str(parsed.get("To", "")),
        subject,
        _body(parsed),
    )


def _body(parsed: EmailMessage) -> str:
    part = next((p for p in parsed.walk() if p.get_content_type() == "text/plain"), None)
    if part is None:
        return ""
    payload = part.get_payload(decode=True)
    charset = part.get_content_charset() or "utf-8"
    text = payload.decode(charset, "replace") if isinstance(payload, bytes) else ""
    return text.replace("\r\n", "\n")  # the wire has CRLF line ends
