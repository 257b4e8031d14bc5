"""Delivery to a real SMTP server and a real HTTP listener, both on loopback."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from notify.servers import (
    SENDER,
    CountingController,
    HttpSink,
    SmtpSink,
    free_port,
    password_check,
    self_signed_context,
)

from directive_flow.domain import Recipient, Stage
from directive_flow.notify import (
    DeliverySettings,
    Message,
    ReminderContext,
    deliver,
    deliver_many,
    message_id,
    redact,
    reminder_message,
    sending,
    smtp,
)

SUBJECT = "[directive-flow] 975/TB-VP - Nhắc việc: còn 3 ngày làm việc đến hạn ngày 30/06/2015"
BODY = "Kính gửi: Sở Y tế (đầu mối của cơ quan),\n\nĐề nghị quý cơ quan khẩn trương hoàn thành.\n"


def msg(
    key: str = "reminder/t1/before-3", recipients: tuple[str, ...] = ("a@soyte.vn",)
) -> Message:
    return Message(key=key, subject=SUBJECT, body=BODY, recipients=recipients)


def test_email_arrives_with_vietnamese_subject_body_and_message_id(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    result = deliver(msg(recipients=("a@soyte.vn", "b@soyte.vn")), settings=settings)
    assert result.ok, result.error
    assert result.error is None
    assert result.message_id == message_id("reminder/t1/before-3")
    [got] = smtp_sink.received
    assert got.mail_from == "nhacviec@kontum.gov.vn"
    assert got.rcpt_tos == ["a@soyte.vn", "b@soyte.vn"]
    assert got.message["Subject"] == SUBJECT
    assert got.message["Message-ID"] == message_id("reminder/t1/before-3")
    assert got.message["From"] == "Văn phòng UBND tỉnh Kon Tum <nhacviec@kontum.gov.vn>"
    assert got.message["To"] == "a@soyte.vn, b@soyte.vn"
    assert got.message["X-Directive-Flow-Key"] == "reminder/t1/before-3"
    assert got.text == BODY


def test_headers_are_7bit_rfc2047_and_long_subjects_keep_their_spaces(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    long_subject = (
        SUBJECT + ": “Hoàn chỉnh báo cáo sơ kết 6 tháng đầu năm và phương hướng nhiệm vụ”"
    )
    message = Message("k", long_subject, BODY, ["a@soyte.vn"])
    assert deliver(message, settings=settings).ok
    [got] = smtp_sink.received
    assert got.raw.isascii()
    assert got.message["Subject"] == long_subject


def test_a_resend_carries_the_same_message_id(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    deliver(msg(), settings=settings)
    deliver(msg(), settings=settings)
    first, second = (r.message["Message-ID"] for r in smtp_sink.received)
    assert first == second == message_id("reminder/t1/before-3")


def test_a_rendered_reminder_round_trips(smtp_sink: SmtpSink, settings: DeliverySettings) -> None:
    context = ReminderContext(
        directive_number="975/TB-VP",
        directive_title="Kết luận của Phó Chủ tịch UBND tỉnh",
        assignment_title="Cung cấp thông tin, số liệu để Sở LĐTBXH hoàn thiện báo cáo",
        agency_name="UBND huyện Đắk Glei",
        due=date(2015, 6, 10),
        stage=Stage.parse("escalate-head"),
        recipient=Recipient.HEAD,
        task_key="supply-data/dak-glei/H1-2015",
        days_overdue=5,
    )
    message = reminder_message(context, ["chutich@dakglei.kontum.gov.vn"])
    assert deliver(message, settings=settings).ok
    [got] = smtp_sink.received
    assert got.message["Subject"] == message.subject
    assert got.text == message.body
    assert "Kính gửi: Thủ trưởng UBND huyện Đắk Glei," in got.text


def test_a_mailto_recipient_uses_its_own_server_and_addresses(smtp_sink: SmtpSink) -> None:
    url = smtp_sink.url(to="vanthu@soyte.vn", cc="theodoi@soyte.vn")
    result = deliver(msg(recipients=(url,)), settings=DeliverySettings())
    assert result.ok, result.error
    [got] = smtp_sink.received
    assert got.rcpt_tos == ["vanthu@soyte.vn", "theodoi@soyte.vn"]
    assert got.message["Cc"] == "theodoi@soyte.vn"
    assert got.message["Message-ID"] == message_id("reminder/t1/before-3")


def test_webhook_gets_json_with_the_message_id(http_sink: HttpSink) -> None:
    result = deliver(msg(recipients=(http_sink.url(),)), settings=DeliverySettings())
    assert result.ok, result.error
    [call] = http_sink.calls
    assert call.path == "/hook"
    assert call.headers["X-Message-ID"] == message_id("reminder/t1/before-3")
    assert call.body["title"] == SUBJECT
    assert call.body["message"] == BODY.rstrip("\n")  # Apprise trims the body
    assert call.body["message_id"] == message_id("reminder/t1/before-3")


def test_email_and_webhook_in_one_message(
    smtp_sink: SmtpSink, http_sink: HttpSink, settings: DeliverySettings
) -> None:
    result = deliver(msg(recipients=("a@soyte.vn", http_sink.url())), settings=settings)
    assert [o.recipient for o in result.outcomes] == ["a@soyte.vn", http_sink.url()]
    assert result.ok
    assert len(smtp_sink.received) == 1
    assert len(http_sink.calls) == 1


def test_redirect_all_to_sends_only_there_and_notes_the_originals(
    smtp_sink: SmtpSink, http_sink: HttpSink, settings: DeliverySettings
) -> None:
    staging = settings.model_copy(update={"redirect_all_to": "kiemthu@kontum.gov.vn"})
    hook = "json://user:secret@127.0.0.1:9/hook"
    result = deliver(msg(recipients=("a@soyte.vn", hook)), settings=staging)
    assert result.ok
    assert result.redirected
    assert [o.recipient for o in result.outcomes] == ["kiemthu@kontum.gov.vn"]
    [got] = smtp_sink.received
    assert got.rcpt_tos == ["kiemthu@kontum.gov.vn"]
    assert got.text == (
        "[Thử nghiệm: thư này được chuyển hướng; người nhận gốc: a@soyte.vn, "
        "json://user:***@127.0.0.1:9/hook]\n\n" + BODY
    )
    assert http_sink.calls == []


def test_a_refusing_server_gives_a_failed_result_then_recovers(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    smtp_sink.refuse_data = "451 try later"
    failed = deliver(msg(), settings=settings)
    assert not failed.ok
    assert failed.failed == ("a@soyte.vn",)
    assert failed.error == "a@soyte.vn: 451 try later"
    assert smtp_sink.received == []
    smtp_sink.refuse_data = None
    again = deliver(msg(), settings=settings)
    assert again.ok
    assert [r.message["Message-ID"] for r in smtp_sink.received] == [failed.message_id]


def test_one_refused_address_fails_alone(smtp_sink: SmtpSink, settings: DeliverySettings) -> None:
    smtp_sink.refuse_rcpt["khong-co@soyte.vn"] = "550 no such mailbox"
    result = deliver(msg(recipients=("a@soyte.vn", "khong-co@soyte.vn")), settings=settings)
    assert result.failed == ("khong-co@soyte.vn",)
    assert result.error == "khong-co@soyte.vn: 550 no such mailbox"
    assert [r.rcpt_tos for r in smtp_sink.received] == [["a@soyte.vn"]]


def test_no_server_listening_is_a_result_not_an_exception() -> None:
    port = free_port()
    settings = DeliverySettings(smtp_url=f"mailto://127.0.0.1:{port}?from=a@b.vn&mode=insecure")
    result = deliver(msg(), settings=settings)
    assert not result.ok
    assert result.error is not None
    assert result.error.startswith(f"a@soyte.vn: cannot connect to 127.0.0.1:{port}: ")
    assert "Connection refused" in result.error


def test_webhook_error_status_is_a_failed_result(http_sink: HttpSink) -> None:
    http_sink.status = 500
    result = deliver(msg(recipients=(http_sink.url(),)), settings=DeliverySettings())
    assert not result.ok
    assert result.error is not None
    assert "500" in result.error
    assert len(http_sink.calls) == 1


def test_configuration_problems_are_failed_results() -> None:
    recipients = ("a@soyte.vn", "Sở Y tế", "nope://x", "mailto://127.0.0.1")
    result = deliver(msg(recipients=recipients), settings=DeliverySettings())
    assert [o.error for o in result.outcomes] == [
        "no SMTP server configured (DIRECTIVE_FLOW_SMTP_URL)",
        "neither an e-mail address nor a notification URL",
        "not a usable notification URL (Unparseable URL nope://x)",
        "not a usable e-mail URL (Invalid ~From~ email specified:; "
        "Could not load E-Mail URL: mailto://1...1)",
    ]
    broken = DeliverySettings(smtp_url="mailto://x")
    assert deliver(msg(), settings=broken).error == (
        "a@soyte.vn: DIRECTIVE_FLOW_SMTP_URL: not a usable e-mail URL "
        "(Invalid ~From~ email specified:; Could not load E-Mail URL: mailto://x)"
    )


def test_attachments_arrive_under_their_vietnamese_names(
    smtp_sink: SmtpSink, settings: DeliverySettings, tmp_path: Path
) -> None:
    letter = tmp_path / "Văn bản đôn đốc.docx"
    letter.write_bytes(b"PK\x03\x04 not really a docx")
    message = Message("k", SUBJECT, BODY, ["a@soyte.vn"], [letter])
    assert deliver(message, settings=settings).ok
    [got] = smtp_sink.received
    [part] = list(got.message.iter_attachments())
    assert part.get_filename() == "Văn bản đôn đốc.docx"
    assert part.get_content() == letter.read_bytes()
    assert got.text == BODY


def test_a_missing_attachment_fails_the_message(
    smtp_sink: SmtpSink, settings: DeliverySettings, tmp_path: Path
) -> None:
    message = Message("k", SUBJECT, BODY, ["a@soyte.vn"], [tmp_path / "missing.docx"])
    result = deliver(message, settings=settings)
    assert result.error is not None
    assert result.error.startswith("a@soyte.vn: cannot read attachment: ")
    assert smtp_sink.received == []


def test_deliver_many_reuses_one_connection(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    messages = [msg(key=f"k{i}", recipients=(f"u{i}@soyte.vn",)) for i in range(20)]
    results = deliver_many(messages, settings)
    assert [r.ok for r in results] == [True] * 20
    assert [r.key for r in results] == [f"k{i}" for i in range(20)]
    assert len(smtp_sink.received) == 20
    assert smtp_sink.connections == 1


def test_deliver_opens_a_connection_per_call(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    for i in range(3):
        deliver(msg(key=f"k{i}"), settings=settings)
    assert smtp_sink.connections == 3


def test_deliver_many_reconnects_after_the_server_drops_it(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    smtp_sink.refuse_data = "421 closing connection"
    first = deliver_many([msg(key="k0")], settings)[0]
    assert first.error == "a@soyte.vn: 421 closing connection"
    smtp_sink.refuse_data = None
    results = deliver_many([msg(key=f"k{i}") for i in range(1, 4)], settings)
    assert all(r.ok for r in results)
    assert len(smtp_sink.received) == 3


def test_a_421_mid_batch_costs_one_message_and_one_reconnect(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    answers = iter(["250 OK", "421 closing connection", "250 OK", "250 OK"])
    original = smtp_sink.handle_DATA

    async def flaky(server, session, envelope):  # type: ignore[no-untyped-def]
        answer = next(answers)
        return answer if answer.startswith("421") else await original(server, session, envelope)

    smtp_sink.handle_DATA = flaky  # type: ignore[method-assign]
    results = deliver_many([msg(key=f"k{i}") for i in range(4)], settings)
    assert [r.ok for r in results] == [True, False, True, True]
    assert results[1].error == "a@soyte.vn: 421 closing connection"  # not retried: no doubles
    assert smtp_sink.connections == 2
    assert len(smtp_sink.received) == 3


def test_an_idle_connection_the_server_closed_is_replaced(
    smtp_sink: SmtpSink, settings: DeliverySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(smtp, "IDLE_CHECK_SECONDS", 0.05)
    smtp_sink.idle_timeout = 0.2

    def slowly() -> Iterator[Message]:
        yield msg(key="k0")
        time.sleep(0.6)  # the server hangs up on the idle session meanwhile
        yield msg(key="k1")

    results = deliver_many(slowly(), settings)
    assert [r.ok for r in results] == [True, True]
    assert smtp_sink.connections == 2


def test_secrets_are_masked_in_error_text() -> None:
    assert redact("mailtos://user:pa55@smtp.gmail.com?to=a@b.vn") == (
        "mailtos://user:***@smtp.gmail.com?to=a@b.vn"
    )
    assert redact("mailto://127.0.0.1:2525?from=a@b.vn") == "mailto://127.0.0.1:2525?from=a@b.vn"
    settings = DeliverySettings(smtp_url="mailtos://user:pa55@smtp.gmail.com")
    assert "pa55" not in repr(settings)


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_tls_and_login(mode: str, tmp_path: Path) -> None:
    sink = SmtpSink(port=free_port())
    context = self_signed_context(tmp_path)
    tls: dict[str, Any] = {"tls_context": context, "require_starttls": True}
    if mode == "ssl":  # TLS from the first byte: aiosmtpd cannot tell, so allow AUTH anyway
        tls = {"ssl_context": context, "auth_require_tls": False}
    controller = CountingController(
        sink,
        sink.port,
        authenticator=password_check(b"nhacviec", b"pa55"),
        **tls,
    )
    controller.start()
    try:
        url = f"mailtos://nhacviec:pa55@127.0.0.1:{sink.port}?from={SENDER}&mode={mode}&verify=no"
        good = deliver_many([msg(key="k0"), msg(key="k1")], DeliverySettings(smtp_url=url))
        bad_url = url.replace("pa55", "wrong")
        bad = deliver(msg(key="k2"), settings=DeliverySettings(smtp_url=bad_url))
    finally:
        controller.stop()
    assert [r.ok for r in good] == [True, True]
    assert [r.message["Message-ID"] for r in sink.received] == [message_id("k0"), message_id("k1")]
    assert bad.error is not None
    assert bad.error.startswith(f"a@soyte.vn: cannot connect to 127.0.0.1:{sink.port}: 535 ")


def test_without_smtp_mail_goes_to_the_local_mailbox_once_per_message(tmp_path: Path) -> None:
    from directive_flow.notify.mailbox import read_mailbox

    box = DeliverySettings(mailbox=tmp_path / "mailbox")
    message = Message("k/1", "Nhắc việc: Sở Y tế", "Kính gửi: Sở Y tế,\nNội dung.", ["a@soyte.vn"])
    assert deliver(message, settings=box).ok
    assert deliver(message, settings=box).ok  # a resend replaces, never duplicates
    [letter] = read_mailbox(tmp_path / "mailbox")
    assert (letter.to, letter.subject) == ("a@soyte.vn", "Nhắc việc: Sở Y tế")
    assert letter.body == "Kính gửi: Sở Y tế,\nNội dung."
    assert letter.name == message.message_id[1:33]


def test_a_gate_is_asked_once_the_message_is_sent_and_before_its_end_of_data(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    """The gate is asked once per message, before the line that ends its data: a no
    closes the connection, the server keeps nothing, and the next message goes."""
    seen: list[int] = []

    def gate(answer: bool) -> smtp.Gate:
        def ask() -> bool:
            seen.append(len(smtp_sink.received))
            return answer

        return ask

    with sending(settings) as send:
        first = send(msg(key="k0"), gate(True))
        withheld = send(msg(key="k1", recipients=("a@soyte.vn", "b@soyte.vn")), gate(False))
        last = send(msg(key="k2"))
    assert (first.ok, last.ok) == (True, True)
    assert withheld.error == f"a@soyte.vn: {smtp.WITHHELD}; b@soyte.vn: {smtp.WITHHELD}"
    assert seen == [0, 1]  # asked before each message's end of data, once each
    assert [str(m.message["X-Directive-Flow-Key"]) for m in smtp_sink.received] == ["k0", "k2"]
    assert smtp_sink.connections == 2  # the withheld message's connection was closed


def test_a_gate_that_fails_stops_the_message_and_says_why(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    def broken() -> bool:
        raise RuntimeError("the record of the message before failed")

    with sending(settings) as send:
        with pytest.raises(RuntimeError, match="record of the message before"):
            send(msg(key="k0"), broken)
        assert send(msg(key="k1")).ok
    assert [str(m.message["X-Directive-Flow-Key"]) for m in smtp_sink.received] == ["k1"]


def test_every_channel_asks_the_gate_once_before_handing_over(
    smtp_sink: SmtpSink, http_sink: HttpSink, tmp_path: Path
) -> None:
    """A message by e-mail and a webhook asks once; a no sends neither; the mailbox too."""
    asked: list[str] = []

    def no() -> bool:
        asked.append("no")
        return False

    both = msg(key="k0", recipients=("a@soyte.vn", http_sink.url()))
    with sending(DeliverySettings(smtp_url=smtp_sink.url())) as send:
        result = send(both, no)
    assert [o.error for o in result.outcomes] == [smtp.WITHHELD, smtp.WITHHELD]
    with sending(DeliverySettings(mailbox=tmp_path / "mailbox")) as send:
        assert send(msg(key="k1"), no).error == f"a@soyte.vn: {smtp.WITHHELD}"
    assert asked == ["no", "no"]
    assert (smtp_sink.received, http_sink.calls) == ([], [])
    assert not (tmp_path / "mailbox").exists() or list((tmp_path / "mailbox").iterdir()) == []


def _soon(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    """True once ``condition`` holds, within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def test_the_next_message_s_mail_goes_as_soon_as_one_is_taken(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    """With more to come, the server reads the next MAIL before that message is even
    handed to the sender; without, it does not; both arrive whole from one connection."""
    with sending(settings) as send:
        assert send(msg(key="k0"), more=True).ok
        assert _soon(lambda: len(smtp_sink.mails) == 2)
        assert send(msg(key="k1", recipients=("b@soyte.vn",))).ok
        time.sleep(0.2)
        assert len(smtp_sink.mails) == 2
    assert [(m.mail_from, m.rcpt_tos) for m in smtp_sink.received] == [
        (SENDER, ["a@soyte.vn"]),
        (SENDER, ["b@soyte.vn"]),
    ]
    assert [str(m.message["X-Directive-Flow-Key"]) for m in smtp_sink.received] == ["k0", "k1"]
    assert smtp_sink.connections == 1


def test_a_mail_written_ahead_for_no_message_ends_with_a_quit(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    with sending(settings) as send:
        assert send(msg(key="k0"), more=True).ok
    assert _soon(lambda: smtp_sink.quits == 1)
    assert (len(smtp_sink.mails), len(smtp_sink.received)) == (2, 1)


def test_an_idle_check_answers_the_mail_written_ahead_and_resets_it(
    smtp_sink: SmtpSink, settings: DeliverySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The NOOP of an idle connection's check comes after the MAIL written ahead: its
    reply is read and its transaction reset, and the next message opens its own."""
    monkeypatch.setattr(smtp, "IDLE_CHECK_SECONDS", 0.05)
    with sending(settings) as send:
        assert send(msg(key="k0"), more=True).ok
        time.sleep(0.2)
        assert send(msg(key="k1")).ok
    assert smtp_sink.mails == [SENDER, SENDER, SENDER]
    assert [str(m.message["X-Directive-Flow-Key"]) for m in smtp_sink.received] == ["k0", "k1"]
    assert smtp_sink.connections == 1


def test_a_message_from_another_sender_resets_the_mail_written_ahead(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    other = "vanphong@kontum.gov.vn"
    url = smtp_sink.url().replace(SENDER, other) + "&to=c@soyte.vn"
    with sending(settings) as send:
        assert send(msg(key="k0"), more=True).ok
        assert send(msg(key="k1", recipients=(url,)), more=True).ok
        assert send(msg(key="k2")).ok
    assert [m.mail_from for m in smtp_sink.received] == [SENDER, other, SENDER]
    assert [m.rcpt_tos for m in smtp_sink.received] == [
        ["a@soyte.vn"],
        ["c@soyte.vn"],
        ["a@soyte.vn"],
    ]
    assert smtp_sink.mails == [SENDER, SENDER, other, other, SENDER]  # two written ahead, reset
    assert smtp_sink.connections == 1


def test_a_refused_mail_written_ahead_fails_that_message_alone(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    smtp_sink.refuse_mail = {1: "451 4.7.1 thử lại sau"}
    results = deliver_many([msg(key=f"k{i}") for i in range(3)], settings)
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error == "a@soyte.vn: 451 4.7.1 thử lại sau"
    assert [str(m.message["X-Directive-Flow-Key"]) for m in smtp_sink.received] == ["k0", "k2"]
    assert smtp_sink.connections == 1


def test_a_server_that_hangs_up_between_messages_costs_none_and_sends_none_twice(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    """The server closes the session right after taking a message: the MAIL written
    ahead finds no reply, and the next message goes on a new connection, once."""
    smtp_sink.hang_up_after = 1
    results = deliver_many([msg(key=f"k{i}") for i in range(3)], settings)
    assert [r.ok for r in results] == [True, True, True]
    assert [str(m.message["X-Directive-Flow-Key"]) for m in smtp_sink.received] == [
        "k0",
        "k1",
        "k2",
    ]
    assert smtp_sink.connections == 2


def test_a_connection_gone_after_its_data_began_is_not_tried_again(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    """A 421 to the end of data may follow a message the server kept: never resent."""
    smtp_sink.refuse_data = "421 closing connection"
    with sending(settings) as send:
        result = send(msg(key="k0"), more=True)
    assert result.error == "a@soyte.vn: 421 closing connection"
    assert smtp_sink.connections == 1


def test_an_address_smtp_cannot_carry_fails_alone_and_the_batch_goes_on(
    smtp_sink: SmtpSink, settings: DeliverySettings
) -> None:
    """A recipient with a letter outside ASCII or a control character (smtplib raised
    mid-batch) is refused alone; the message's other recipient and the next message go."""
    messages = [
        msg(key="k0", recipients=("nguyễn@soyte.vn", "a@soyte.vn")),
        msg(key="k1", recipients=("x\x00y@soyte.vn",)),
        msg(key="k2"),
    ]
    results = deliver_many(messages, settings)
    assert [o.error for o in results[0].outcomes] == [smtp.UNWRITABLE, None]
    assert results[1].error == f"x\x00y@soyte.vn: {smtp.UNWRITABLE}"
    assert results[2].ok
    assert [m.rcpt_tos for m in smtp_sink.received] == [["a@soyte.vn"], ["a@soyte.vn"]]
    assert smtp_sink.connections == 1
