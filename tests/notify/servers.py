"""Real servers on loopback for the notify tests: SMTP (aiosmtpd) and HTTP (webhooks).

Both run in threads on free ports of 127.0.0.1 and record what they receive. The SMTP
server counts the connections made to it and can be told to refuse (``refuse_data``,
``refuse_rcpt``) to test failures and recovery.
"""

from __future__ import annotations

import asyncio
import email
import json
import socket
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SENDER = "nhacviec@kontum.gov.vn"


def free_port() -> int:
    """A TCP port nobody listens on right now (aiosmtpd cannot bind port 0 itself)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    """One message as the SMTP server took it."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @property
    def text(self) -> str:
        """The decoded plain-text body, CRLF (the canonical form on the wire) read as LF."""
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content()).replace("\r\n", "\n")


@dataclass
class SmtpSink:
    """What the test SMTP server received, and how it should answer."""

    received: list[Received] = field(default_factory=list)
    connections: int = 0
    refuse_data: str | None = None
    refuse_rcpt: dict[str, str] = field(default_factory=dict)
    port: int = 0
    idle_timeout: float = 300.0
    mails: list[str] = field(default_factory=list)  # every MAIL's sender, in order
    refuse_mail: dict[int, str] = field(default_factory=dict)  # answer to the n-th MAIL (0-)
    hang_up_after: int | None = None  # close the session once this many messages are taken
    quits: int = 0  # sessions ended by the client's QUIT

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self.mails.append(address)
        if len(self.mails) - 1 in self.refuse_mail:
            return self.refuse_mail[len(self.mails) - 1]
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_QUIT(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.quits += 1
        return "221 Bye"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse_data is not None:
            return self.refuse_data
        content = envelope.original_content or b""
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), content))
        if len(self.received) == self.hang_up_after and server.transport is not None:
            asyncio.get_running_loop().call_soon(server.transport.close)  # after the 250
        return "250 Message accepted for delivery"

    def url(self, **query: str) -> str:
        """An Apprise URL for this server, without TLS."""
        args = "&".join(
            f"{k}={v}" for k, v in {"from": SENDER, **query, "mode": "insecure"}.items()
        )
        return f"mailto://127.0.0.1:{self.port}?{args}"


class CountingController(Controller):
    """An aiosmtpd controller that counts the SMTP sessions it serves."""

    def __init__(self, sink: SmtpSink, port: int, **options: Any) -> None:
        super().__init__(sink, hostname="127.0.0.1", port=port, **options)
        self.sink = sink

    def factory(self) -> SMTP:
        self.sink.connections += 1
        return SMTP(self.handler, timeout=self.sink.idle_timeout, **self.SMTP_kwargs)


@dataclass
class Hook:
    """One webhook call as the HTTP listener took it."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class HttpSink:
    """What the test HTTP listener received, and the status it answers with."""

    port: int
    calls: list[Hook] = field(default_factory=list)
    status: int = 200

    def url(self, path: str = "/hook") -> str:
        return f"json://127.0.0.1:{self.port}{path}"


def http_handler(sink: HttpSink) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            sink.calls.append(Hook(self.path, dict(self.headers.items()), body))
            self.send_response(sink.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

    return Handler


def self_signed_context(directory: Path) -> ssl.SSLContext:
    """A server TLS context for 127.0.0.1 with a throw-away self-signed certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context


def password_check(user: bytes, password: bytes) -> Any:
    """An aiosmtpd authenticator accepting one login."""

    def check(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (user, password)
        return AuthResult(success=ok, handled=False)

    return check
