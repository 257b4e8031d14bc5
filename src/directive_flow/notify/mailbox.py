"""The local mailbox: where e-mail goes when no SMTP server is configured (embedded mode).

Each message is written as ``<home>/mailbox/<Message-ID digest>.eml``, exactly the bytes
an SMTP server would have been given, under a temporary name first and then renamed, so
a reader never sees half a message and a resend (same Message-ID) replaces it instead of
adding a copy. Operators read it in the portal; any mail client opens the files.
"""

from __future__ import annotations

import email
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message as EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from directive_flow.notify.smtp import SmtpServer, wire_bytes

__all__ = ["MAILBOX_SENDER", "MAILBOX_SERVER", "Letter", "read_mailbox", "write_eml"]

MAILBOX_SENDER = "nhacviec@directive-flow.local"
MAILBOX_SERVER = SmtpServer(host="mailbox", port=0)
_ID = re.compile(r"<([0-9a-f]{32})@")


def write_eml(message: EmailMessage, folder: Path) -> Path:
    """Write ``message`` into ``folder`` under its Message-ID; return the file."""
    found = _ID.match(str(message["Message-ID"]))
    name = found.group(1) if found else uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.eml"
    partial = folder / f".{name}.{uuid.uuid4().hex}.partial"
    partial.write_bytes(wire_bytes(message))
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
    """The newest ``limit`` messages, newest first."""
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)
    return [read_letter(path) for path in files[:limit]]


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
