"""Delivery throughput to a local SMTP server: one connection reused vs one per message.

Sends 1,000 rendered Vietnamese reminders to an aiosmtpd server on loopback (in this
process, in a thread; no TLS) three ways: ``deliver_many`` (one connection for the batch),
``deliver`` per message (a new connection each), and two floors: ``smtplib.sendmail`` of
the same pre-built bytes over one connection, and the same exchanges written raw on a
socket with each next ``MAIL`` written ahead (the least a client can do). Prints messages
per second and the ratios.
"""

from __future__ import annotations

import argparse
import smtplib
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from directive_flow.domain import Recipient, Stage
from directive_flow.notify import DeliverySettings, Message, ReminderContext, deliver, deliver_many
from directive_flow.notify.reminder import reminder_message
from directive_flow.notify.smtp import email_bytes, parse_mail_url

SENDER = "nhacviec@kontum.gov.vn"


@dataclass
class Counter:
    """An SMTP handler that only counts what it accepts."""

    messages: int = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.messages += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def reminders(count: int) -> list[Message]:
    """``count`` distinct reminders, as the remind flow would render them."""
    return [
        reminder_message(
            ReminderContext(
                directive_number="975/TB-VP",
                directive_title="Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp Ban chỉ đạo",
                assignment_title="Cung cấp thông tin, số liệu để Sở LĐTBXH hoàn thiện báo cáo",
                agency_name=f"Cơ quan số {i}",
                due=date(2015, 6, 10),
                stage=Stage.parse("overdue-1"),
                recipient=Recipient.OWNER,
                task_key=f"supply-data/agency-{i}/H1-2015",
                period_label="H1-2015",
                period_vietnamese="6 tháng đầu năm 2015",
                days_overdue=5,
            ),
            [f"vanthu{i}@agency.kontum.gov.vn"],
        )
        for i in range(count)
    ]


def rate(count: int, run: Callable[[], object], repeat: int) -> float:
    """Messages per second of the best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return count / best


Prepared = list[tuple[tuple[str, ...], bytes]]


def prepare(messages: list[Message], settings: DeliverySettings) -> Prepared:
    """Each message's recipients and wire bytes, built before the floor is timed."""
    assert settings.smtp_url is not None
    route = parse_mail_url(settings.smtp_url.get_secret_value())
    return [(tuple(m.recipients), email_bytes(m, route=route, body=m.body)) for m in messages]


def floor(prepared: Prepared, settings: DeliverySettings) -> None:
    """Bare smtplib over one connection, bytes built beforehand: what SMTP itself costs."""
    assert settings.smtp_url is not None
    route = parse_mail_url(settings.smtp_url.get_secret_value())
    with smtplib.SMTP(route.server.host, route.server.port) as connection:
        for recipients, data in prepared:
            connection.sendmail(route.sender, list(recipients), data)


def raw_floor(prepared: Prepared, settings: DeliverySettings) -> None:
    """The least a client can do for the same messages: the same commands, one exchange
    each (the server offers no pipelining), their bytes built beforehand, each reply a
    bare read, and the next message's ``MAIL`` written as soon as one is taken."""
    assert settings.smtp_url is not None
    route = parse_mail_url(settings.smtp_url.get_secret_value())
    mail = f"MAIL FROM:<{route.sender}>\r\n".encode("ascii")
    jobs = [
        ([f"RCPT TO:<{r}>\r\n".encode("ascii") for r in recipients], _dotted(data))
        for recipients, data in prepared
    ]
    with socket.create_connection((route.server.host, route.server.port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        replies = _Replies(sock)
        replies.expect(220)
        sock.sendall(b"EHLO floor\r\n")
        replies.expect(250)
        sock.sendall(mail)
        for number, (rcpts, content) in enumerate(jobs, 1):
            replies.expect(250)
            for rcpt in rcpts:
                sock.sendall(rcpt)
                replies.expect(250)
            sock.sendall(b"DATA\r\n")
            replies.expect(354)
            sock.sendall(content)
            replies.expect(250)
            if number < len(jobs):
                sock.sendall(mail)
        sock.sendall(b"QUIT\r\n")
        replies.expect(221)


def _dotted(data: bytes) -> bytes:
    """Content as DATA carries it: leading dots doubled, ended by a line with a dot."""
    body = data if data.endswith(b"\r\n") else data + b"\r\n"
    return (b".." + body[1:] if body.startswith(b".") else body).replace(
        b"\r\n.", b"\r\n.."
    ) + b".\r\n"


class _Replies:
    """SMTP replies read straight off a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buffer = sock, b""

    def expect(self, code: int) -> None:
        while True:
            end = self.buffer.find(b"\r\n")
            while end >= 0:
                line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
                if line[3:4] != b"-":
                    assert int(line[:3]) == code, line
                    return
                end = self.buffer.find(b"\r\n")
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buffer += chunk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    count, repeat = args.messages, args.repeat
    counter, port = Counter(), free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        url = f"mailto://127.0.0.1:{port}?from={SENDER}&mode=insecure"
        settings = DeliverySettings(smtp_url=url)
        messages = reminders(count)
        deliver(messages[0], settings=settings)  # warm up: Apprise's plugin table, imports
        reused = rate(count, lambda: deliver_many(messages, settings), repeat)
        fresh = rate(count, lambda: [deliver(m, settings=settings) for m in messages], repeat)
        prepared = prepare(messages, settings)
        bare = rate(count, lambda: floor(prepared, settings), repeat)
        raw = rate(count, lambda: raw_floor(prepared, settings), repeat)
    finally:
        controller.stop()
    assert counter.messages == 1 + 4 * count * repeat, counter.messages
    print(f"{count:,} messages to aiosmtpd on 127.0.0.1 (server in this process), best of {repeat}")
    print(f"deliver_many, one connection reused : {reused:8.0f} msg/s")
    print(f"deliver per message, new connection : {fresh:8.0f} msg/s")
    print(f"floor: bare smtplib, one connection : {bare:8.0f} msg/s")
    print(f"floor: raw socket, MAIL written ahead: {raw:8.0f} msg/s")
    print(f"reuse vs new connection: {reused / fresh:.2f}x; reuse vs floor: {reused / bare:.2f}x")


if __name__ == "__main__":
    main()
