"""E-mail over SMTP with the standard library, configured by Apprise ``mailto://`` URLs.

Why not Apprise's own e-mail plugin: it always adds its own ``Message-ID`` (a
``+Message-ID=`` URL argument only adds a second one, checked with apprise 2.0.1), it
opens one connection per notification, and it reports a refusal as ``False`` without
the server's reply. Apprise still *reads* the URL (host, port, ``mode=insecure|ssl|
starttls``, user, password, ``from=``, ``to=``, ``cc=``, ``bcc=``, provider templates), so
URLs mean the same thing here as anywhere Apprise is used.
"""

from __future__ import annotations

import binascii
import contextlib
import functools
import mimetypes
import re
import smtplib
import socket
import ssl
import time
from base64 import b64encode
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email import encoders
from email.charset import BASE64, QP, Charset
from email.header import Header
from email.message import Message as EmailMessage
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate
from pathlib import Path
from typing import Any, Literal

from directive_flow.notify.message import Message
from directive_flow.notify.services import instantiate

__all__ = [
    "WITHHELD",
    "Gate",
    "SmtpPool",
    "SmtpRoute",
    "SmtpServer",
    "build_email",
    "email_bytes",
    "parse_mail_url",
    "probe",
    "wire_bytes",
]

Mode = Literal["insecure", "ssl", "starttls"]
_APPRISE_APP_ID = "Apprise"  # the sender name Apprise invents when the URL gives none
_ERRORS = (OSError, smtplib.SMTPException)
IDLE_CHECK_SECONDS = 5.0  # a connection idle longer than this gets a NOOP before reuse
_WIRE = compat32.clone(linesep="\r\n")  # SMTP wants CRLF line ends
_UTF8_WORDS = Charset("utf-8")
_UTF8_WORDS.header_encoding = BASE64  # "B" words: Vietnamese is shorter so, and 2.4x faster
_UTF8_TEXT = Charset("utf-8")
_UTF8_TEXT.body_encoding = QP  # whatever Apprise's import set for "utf-8" (it sets QP)
_LINE = 78  # RFC 5322's advised line length; an encoded word is at most 75 (RFC 2047)
_WORD = "=?utf-8?b?{}?="


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to connect: one pooled connection per distinct server."""

    host: str
    port: int
    mode: Mode = "insecure"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    verify_certificate: bool = True


@dataclass(frozen=True)
class SmtpRoute:
    """A server, the envelope sender and the addresses one ``mailto://`` URL names."""

    server: SmtpServer
    sender: str
    sender_name: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    bcc: tuple[str, ...] = ()

    @property
    def envelope(self) -> tuple[str, ...]:
        """Every address the server is asked to deliver to."""
        return (*self.to, *self.cc, *self.bcc)


@functools.lru_cache(maxsize=256)
def parse_mail_url(url: str) -> SmtpRoute:
    """Read a ``mailto://`` or ``mailtos://`` URL the way Apprise does.

    Raises ``ValueError`` with Apprise's complaint when the URL is not a usable e-mail URL.
    """
    plugin, complaint = instantiate(url)
    if plugin is None or not hasattr(plugin, "smtp_host"):
        raise ValueError(f"not a usable e-mail URL ({complaint})")
    return _route_of(plugin)


def _route_of(plugin: Any) -> SmtpRoute:
    """The route an Apprise ``NotifyEmail`` describes (its attributes are untyped)."""
    name, sender = plugin.from_addr
    server = SmtpServer(
        host=str(plugin.smtp_host),
        port=int(plugin.port),
        mode=plugin.secure_mode,
        user=plugin.user or None,
        password=plugin.password or None,
        verify_certificate=bool(plugin.verify_certificate),
    )
    return SmtpRoute(
        server=server,
        sender=str(sender),
        sender_name=name if name and name != _APPRISE_APP_ID else None,
        to=tuple(str(address) for _, address in plugin.targets),
        cc=tuple(sorted(plugin.cc)),
        bcc=tuple(sorted(plugin.bcc)),
    )


def build_email(message: Message, *, route: SmtpRoute, body: str) -> EmailMessage:
    """The MIME message: UTF-8 subject and body, Message-ID from the key, attachments.

    Built with the ``compat32`` classes on purpose: the modern header folder of Python 3.11
    drops the space between two RFC 2047 encoded words, so a long Vietnamese subject
    would come out as "nhiệmvụ"; ``email.header.Header`` folds it correctly.
    Raises ``OSError`` when an attachment cannot be read.
    """
    text = MIMEText(body, "plain", _UTF8_TEXT)  # type: ignore[arg-type]  # a Charset works
    email: EmailMessage = MIMEMultipart() if message.attachments else text
    if message.attachments:
        email.attach(text)
        for path in message.attachments:
            email.attach(_attachment(Path(path)))
    _put_encoded(email, "Subject", message.subject)
    email["From"] = formataddr((route.sender_name or "", route.sender), charset="utf-8")
    email["To"] = ", ".join(route.to)
    if route.cc:
        email["Cc"] = ", ".join(route.cc)
    email["Date"] = formatdate(localtime=True)
    email["Message-ID"] = message.message_id
    _put_encoded(email, "X-Directive-Flow-Key", message.key)
    return email


def wire_bytes(email: EmailMessage) -> bytes:
    """The message as SMTP carries it: CRLF line ends (smtplib does not fix bytes)."""
    return email.as_bytes(policy=_WIRE)


def email_bytes(message: Message, *, route: SmtpRoute, body: str) -> bytes:
    """The e-mail ``build_email`` makes, as SMTP carries it (CRLF, 7-bit headers).

    A message with attachments, or with an address or Message-ID that is not plain
    ASCII on one line, is built by the ``email`` package. Every other one (each reminder) is written
    here: the same headers in the same order, RFC 2047 "B" words cut between characters,
    the body quoted-printable by ``binascii``. The package's generator folds each header
    by trying its text piece by piece: 0.16 of the 0.21 ms a reminder took to build
    (2026-12-03), when a delivery has ~1.1 ms per message to spend in all. A property test
    reads both kinds back alike. Raises ``OSError`` when an attachment cannot be read.
    """
    addresses = (*route.to, *route.cc, route.sender, message.message_id)
    if message.attachments or not all(_plain(a) for a in addresses):
        return wire_bytes(build_email(message, route=route, body=body))
    lines = [
        'Content-Type: text/plain; charset="utf-8"',
        "MIME-Version: 1.0",
        "Content-Transfer-Encoding: quoted-printable",
        _header("Subject", message.subject),
        _sender(route),
        _header("To", ", ".join(route.to)),
        *([_header("Cc", ", ".join(route.cc))] if route.cc else []),
        f"Date: {formatdate(localtime=True)}",
        f"Message-ID: {message.message_id}",
        _header("X-Directive-Flow-Key", message.key),
        "",
        "",
    ]
    text = body.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    content = binascii.b2a_qp(text, istext=True).replace(b"\n", b"\r\n")
    return "\r\n".join(lines).encode("ascii") + content


def _header(field: str, text: str) -> str:
    """``Field: text``, folded at spaces; RFC 2047 words where the text is not plain ASCII
    that no reader could take for an encoded word."""
    if _plain(text):
        return _folded(f"{field}: {text}")
    return f"{field}: " + "\r\n ".join(_words(text, _LINE - len(field) - 2))


def _sender(route: SmtpRoute) -> str:
    """The From line: the address, after the display name when there is one."""
    name = route.sender_name
    if not name:
        return f"From: {route.sender}"
    if _plain(name):
        return _folded("From: " + formataddr((name, route.sender)))
    return "From: " + "\r\n ".join(_words(name, _LINE - 6)) + f" <{route.sender}>"


def _plain(text: str) -> bool:
    """True when ``text`` may stand in a header as it is."""
    return text.isascii() and "=?" not in text and "\r" not in text and "\n" not in text


def _folded(line: str) -> str:
    """A header line folded before spaces to keep lines within 78 characters where it
    can (a word longer than that stays whole); unfolding gives ``line`` back."""
    if len(line) <= _LINE:
        return line
    lines: list[str] = []
    current = ""
    for piece in line.split(" "):
        long = len(current) + 1 + len(piece) > _LINE
        if long and piece and current.strip() and (lines or " " in current):
            lines.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current or lines else piece
    lines.append(current)
    return "\r\n ".join(lines)


def _words(text: str, room: int) -> list[str]:
    """``text`` as RFC 2047 "B" words of UTF-8, the first within ``room`` characters and
    each within 75, never cutting a character in two."""
    data = text.encode("utf-8")
    words: list[str] = []
    start = 0
    while start < len(data) or not words:
        fits = (min(room, 75) if not words else 75) - len(_WORD.format(""))
        end = min(start + max(fits // 4 * 3, 6), len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a character
            end -= 1
        words.append(_WORD.format(b64encode(data[start:end]).decode("ascii")))
        start = end
    return words


def _put_encoded(email: EmailMessage, name: str, text: str) -> None:
    """Set a header as RFC 2047 UTF-8 words, or as it is when it is plain ASCII that no
    reader could take for an encoded word (typeshed types values as str; compat32 takes
    Header)."""
    if text.isascii() and "=?" not in text:
        email[name] = text
    else:
        email[name] = Header(text, _UTF8_WORDS)  # type: ignore[assignment]


def _attachment(path: Path) -> MIMEBase:
    """One file as a MIME part, typed by its name (a .docx letter, a report)."""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    part = MIMEBase(*kind.split("/", 1))
    part.set_payload(path.read_bytes())
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", path.name))
    return part


Gate = Callable[[], bool]  # asked after DATA's 354, before the content and its end: may it go?
WITHHELD = "withheld before its end of data: the server keeps nothing"
_LEADING_DOT = re.compile(rb"(?m)^\.")


class _Withheld(Exception):
    """A message stopped by its gate before its end of data: no server has it."""


class _Smtp(smtplib.SMTP):
    """``smtplib.SMTP`` whose ``DATA`` asks ``gate`` before the content and its end, and
    which writes the next message's ``MAIL`` as soon as a message is taken.

    A message's ``MAIL`` needs only its sender. Given ``then`` (the next message's
    sender), the command goes the moment the server has said 250 to this one's end of
    data, and its reply is read when that message comes: the caller's work between two
    messages (recording one, building the next) happens while the server reads it, not
    between its reply and the next command (0.1-0.2 ms a message, 2026-12-04). Anything
    else said on the connection first (a different sender, ``NOOP``, ``QUIT``) reads
    that reply and, for a command other than ``RSET`` or ``QUIT``, resets the
    transaction it opened. The written-ahead ``MAIL`` declares no ``SIZE`` (RFC 1870
    makes it optional; the server still checks the size at the end of data).
    """

    gate: Gate | None = None
    then: str | None = None  # the sender of the message expected next
    primed: str | None = None  # the sender of a MAIL written ahead, its reply not read yet
    in_data = False  # the message's DATA was begun: past here a message is never resent

    def mail(self, sender: str, options: Sequence[str] = ()) -> tuple[int, bytes]:
        if self.primed is not None and self.primed == sender:
            self.primed = None
            return self.getreply()
        self._unprime(reset=True)
        optionlist = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("mail", f"FROM:{_quoted(sender)}{optionlist}")
        return self.getreply()

    def rcpt(self, recip: str, options: Sequence[str] = ()) -> tuple[int, bytes]:
        optionlist = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("rcpt", f"TO:{_quoted(recip)}{optionlist}")
        return self.getreply()

    def docmd(self, cmd: str, args: str = "") -> tuple[int, bytes]:
        self._unprime(reset=cmd.lower() not in ("rset", "quit"))
        return super().docmd(cmd, args)

    def data(self, msg: bytes | str) -> tuple[int, bytes]:  # type: ignore[override]
        self.in_data = True
        if self.gate is None or not isinstance(msg, bytes):
            code, reply = super().data(msg)
        else:
            code, reply = _gated_data(self, msg, self.gate)
        if code == 250 and self.then is not None:
            self._prime(self.then)
        return code, reply

    def _prime(self, sender: str) -> None:
        """Write ``sender``'s MAIL ahead. The message before is taken whatever happens
        here: a connection that fails now is closed, and the next message finds it so."""
        try:
            self.putcmd("mail", f"FROM:{_quoted(sender)}")
        except _ERRORS:
            self.close()
            return
        self.primed = sender

    def _unprime(self, *, reset: bool) -> None:
        """Read the reply to a MAIL written ahead; reset the transaction it opened."""
        if self.primed is None:
            return
        self.primed = None
        code, _ = self.getreply()
        if code == 250 and reset:
            super().docmd("rset")


UNWRITABLE = "not an address SMTP can carry (printable ASCII only)"


def _writable(address: str) -> bool:
    """True when ``address`` can stand in an SMTP command as it is: printable ASCII.
    Anything else made ``smtplib`` raise (``UnicodeEncodeError`` for ``nguyễn@...``)
    in the middle of a batch; SMTPUTF8 is not used."""
    return address.isascii() and address.isprintable()


@functools.lru_cache(maxsize=1024)
def _quoted(address: str) -> str:
    """``<address>`` as an SMTP command carries it (``smtplib`` parses it per command)."""
    return smtplib.quoteaddr(address)


class _SmtpSsl(_Smtp, smtplib.SMTP_SSL):
    """``smtplib.SMTP_SSL`` with the same gated ``DATA`` (``_Smtp``'s, before SMTP_SSL's)."""


def _gated_data(connection: smtplib.SMTP, msg: bytes, gate: Gate) -> tuple[int, bytes]:
    """``smtplib.SMTP.data`` for bytes, with ``gate`` asked once the server has said to go
    ahead (354) and before the content: a server keeps a message only once the line that
    ends its data came (RFC 5321, 3.3), so a gate that says no, or fails, closes the
    connection and the message is not delivered. The caller records the message before
    this one meanwhile, while the envelope's three exchanges go.

    The content and its end go in one write, as ``smtplib`` sends them: written apart,
    they cost a system call and a wake-up of the server more per message."""
    connection.putcmd("data")
    code, reply = connection.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    body = _LEADING_DOT.sub(b"..", msg)
    try:
        go = gate()
    except BaseException:
        connection.close()
        raise
    if not go:
        connection.close()
        raise _Withheld
    connection.send((body if body.endswith(b"\r\n") else body + b"\r\n") + b".\r\n")
    return connection.getreply()


class SmtpPool:
    """Open SMTP connections kept for a batch: one per server.

    A message is never retried on a new connection after it was handed to a server (it
    might have been taken: a retry could deliver it twice). Instead a connection that
    sat idle is checked with ``NOOP`` before it is reused, and replaced if it is gone.
    """

    def __init__(self, *, timeout: float) -> None:
        self._timeout = timeout
        self._open: dict[SmtpServer, _Smtp | _SmtpSsl] = {}
        self._used: dict[SmtpServer, float] = {}
        self.connections_opened = 0

    def __enter__(self) -> SmtpPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def send(
        self, route: SmtpRoute, data: bytes, gate: Gate | None = None, *, more: bool = False
    ) -> dict[str, str]:
        """Send an e-mail's bytes (``email_bytes``) along ``route``; the error text per
        refused address (empty: all took it). Given ``gate``, it is asked before the end of
        data; a no withholds the message (``WITHHELD`` for every address), an exception
        from it propagates. ``more``: another message from the same sender is likely to
        follow, whose ``MAIL`` is then written as soon as this one is taken.

        A reused connection found gone before ``DATA`` (the server hung up between two
        messages: its reply to a ``MAIL`` written ahead never came) is replaced once:
        nothing of this message had reached the server."""
        if not _writable(route.sender):
            return dict.fromkeys(route.envelope, f"{UNWRITABLE}: the sender {route.sender!r}")
        unwritable = {a: UNWRITABLE for a in route.envelope if not _writable(a)}
        envelope = [a for a in route.envelope if a not in unwritable]
        if not envelope:
            return unwritable
        opened = self.connections_opened
        errors, gone_early = self._attempt(route, envelope, data, gate, more)
        if gone_early and self.connections_opened == opened:
            errors, _ = self._attempt(route, envelope, data, gate, more)
        return errors | unwritable

    def _attempt(
        self, route: SmtpRoute, envelope: list[str], data: bytes, gate: Gate | None, more: bool
    ) -> tuple[dict[str, str], bool]:
        """``send`` to ``envelope`` on the pooled connection, and whether it was found gone
        before ``DATA``."""
        try:
            connection = self._connection(route.server)
        except _ERRORS as exc:
            where = f"{route.server.host}:{route.server.port}"
            failed = f"cannot connect to {where}: {_describe(exc)}"
            return dict.fromkeys(envelope, failed), False
        connection.gate = gate
        connection.then = route.sender if more else None
        connection.in_data = False
        try:
            refused = connection.sendmail(route.sender, envelope, data)
        except _Withheld:
            self._drop(route.server)
            return dict.fromkeys(envelope, WITHHELD), False
        except smtplib.SMTPRecipientsRefused as exc:
            refused = exc.recipients
        except _ERRORS as exc:
            # a refusal before DATA leaves the connection reset (smtplib says RSET); one in
            # or after DATA may not, a 421, a disconnect or a socket error ends it
            answered = isinstance(exc, smtplib.SMTPResponseException)
            vanished = connection.sock is None or not answered
            if vanished or connection.in_data:
                self._drop(route.server)
            retry = vanished and not connection.in_data
            return dict.fromkeys(envelope, _describe(exc)), retry
        except BaseException:  # the gate failed: the connection is closed, the message not sent
            self._drop(route.server)
            raise
        finally:
            connection.gate = connection.then = None
        return {addr: _reply(code, text) for addr, (code, text) in refused.items()}, False

    def close(self) -> None:
        """Say QUIT to every server; a server already gone is no error."""
        for server in list(self._open):
            self._drop(server, polite=True)

    def _connection(self, server: SmtpServer) -> _Smtp | _SmtpSsl:
        """The pooled connection to ``server``: checked if idle, opened on first use."""
        idle = time.monotonic() - self._used.get(server, time.monotonic())
        if server in self._open and (
            self._open[server].sock is None
            or (idle > IDLE_CHECK_SECONDS and not _alive(self._open[server]))
        ):
            self._drop(server)
        if server not in self._open:
            self._open[server] = _connect(server, self._timeout)
            self.connections_opened += 1
        self._used[server] = time.monotonic()
        return self._open[server]

    def _drop(self, server: SmtpServer, *, polite: bool = False) -> None:
        """Forget the connection to ``server``, with a QUIT when ``polite``."""
        connection = self._open.pop(server)
        self._used.pop(server, None)
        try:
            if polite and connection.sock is not None:
                connection.quit()
        except _ERRORS:
            pass
        finally:
            connection.close()


def _connect(server: SmtpServer, timeout: float) -> _Smtp | _SmtpSsl:
    """Connect, secure and log in as the server's mode and credentials ask."""
    connection: _Smtp | _SmtpSsl
    if server.mode == "ssl":
        context = _tls_context(verify=server.verify_certificate)
        connection = _SmtpSsl(server.host, server.port, timeout=timeout, context=context)
    else:
        connection = _Smtp(server.host, server.port, timeout=timeout)
    try:
        if server.mode == "starttls":
            connection.starttls(context=_tls_context(verify=server.verify_certificate))
        if server.user and server.password:
            connection.login(server.user, server.password)
        if connection.sock is not None:  # the end of data goes as soon as the gate allows
            connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except _ERRORS:
        connection.close()
        raise
    return connection


def probe(server: SmtpServer, *, timeout: float = 10.0) -> str | None:
    """Connect, greet (EHLO), secure and log in as a delivery would, ``NOOP``, ``QUIT``:
    no mail is sent. ``None`` when the server took all that, else what went wrong."""
    try:
        connection = _connect(server, timeout)
    except _ERRORS as exc:
        return _describe(exc)
    try:
        connection.ehlo_or_helo_if_needed()
        code, text = connection.noop()
        return None if code == 250 else _reply(code, text)
    except _ERRORS as exc:
        return _describe(exc)
    finally:
        with contextlib.suppress(*_ERRORS):
            connection.quit()
        connection.close()


@functools.cache
def _tls_context(*, verify: bool) -> ssl.SSLContext:
    """One TLS context per process: loading the CA store costs ~20 ms, a connection ~1 ms."""
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _alive(connection: smtplib.SMTP) -> bool:
    """True when the server still answers ``NOOP`` on this connection."""
    try:
        return connection.noop()[0] == 250
    except _ERRORS:
        return False


def _reply(code: int, text: bytes | str) -> str:
    """An SMTP reply as one line: ``451 try later``."""
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(message.split())}"


def _describe(exc: Exception) -> str:
    """The server's reply when there is one, else the exception's own text."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return _reply(exc.smtp_code, exc.smtp_error)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
