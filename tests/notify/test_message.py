"""Messages and the Message-ID their key gives them."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_flow.notify import Message, message_id
from directive_flow.notify.smtp import build_email, email_bytes, parse_mail_url, wire_bytes


def test_message_id_is_derived_from_the_key_alone() -> None:
    key = "reminder/finalize-report/so-yte/H1-2015/due"
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    assert message_id(key) == f"<{digest}@directive-flow>"
    assert message_id(key) == message_id(key)
    assert message_id(key) != message_id(key + "x")
    assert re.fullmatch(r"<[0-9a-f]{32}@directive-flow>", message_id("nhắc việc"))


def test_the_installation_names_the_message_id_so_staging_never_repeats_production() -> None:
    key = "reminder/finalize-report/so-yte/H1-2015/due"
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    production = message_id(key, "nhacviec.kontum.gov.vn")
    assert production == f"<{digest}@nhacviec.kontum.gov.vn>"
    assert production == message_id(key, "nhacviec.kontum.gov.vn")  # a retry: the same ID
    assert production != message_id(key, "staging.kontum.gov.vn")
    assert Message(key, "s", "b", ["a@b.vn"], instance="x.vn").message_id == f"<{digest}@x.vn>"


def test_message_stores_tuples_and_its_message_id() -> None:
    message = Message("k", "Nhắc việc", "Nội dung", ["a@b.vn"], [Path("x.docx")])
    assert message.recipients == ("a@b.vn",)
    assert message.attachments == (Path("x.docx"),)
    assert message.message_id == message_id("k")


@pytest.mark.parametrize(
    ("key", "subject", "recipients", "error"),
    [
        (" ", "s", ["a@b.vn"], "a message needs a non-empty key"),
        ("k", "s", [], "message 'k' has no recipients"),
        ("k", "dòng 1\ndòng 2", ["a@b.vn"], "message 'k': the subject must be one line"),
    ],
)
def test_malformed_messages_are_programming_errors(
    key: str, subject: str, recipients: list[str], error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        Message(key, subject, "body", recipients)


def test_notify_and_report_never_import_prefect() -> None:
    code = (
        "import sys, directive_flow.notify, directive_flow.report; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'prefect'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


_WORDS = st.sampled_from(
    [
        "nhiệm",
        "vụ",
        "báo",
        "cáo",
        "“Sở”",
        "Lao",
        "động",
        "-",
        "Thương",
        "binh",
        "Xã",
        "hội",
        "đã",
        "quá",
        "hạn",
        "5",
        "ngày",
        "=?utf-8?q?x?=",
        "a_b-c/d",
        "ASCII",
        "Kon",
        "Tum",
    ]
)


_ROUTE = parse_mail_url("mailto://127.0.0.1:25?from=nhacviec@kontum.gov.vn&mode=insecure")
_TEXT = st.text(st.sampled_from("aăâđêôơư ẠắẦẾỗỰ\n\r\t.=?_-/“”x9"), max_size=300)
_HEADERS = ("Subject", "From", "To", "Cc", "Message-ID", "X-Directive-Flow-Key")


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=40).map(" ".join), st.lists(_WORDS).map("/".join))
def test_subject_and_key_reach_the_reader_as_written(subject: str, key: str) -> None:
    message = Message(key or "k", subject, "Kính gửi", ["a@soyte.vn"])
    for raw in (
        wire_bytes(build_email(message, route=_ROUTE, body=message.body)),
        email_bytes(message, route=_ROUTE, body=message.body),
    ):
        assert raw.isascii()  # 7-bit headers: RFC 2047 words where the text is not plain ASCII
        read = email.message_from_bytes(raw, policy=email.policy.default)
        assert read["Subject"] == subject
        assert read["X-Directive-Flow-Key"] == (key or "k")


@settings(max_examples=300, deadline=None)
@given(
    subject=st.lists(_WORDS | _TEXT.map(" ".join), min_size=1, max_size=30).map(" ".join),
    body=_TEXT,
    name=st.none() | st.sampled_from(["Văn phòng UBND tỉnh Kon Tum", 'UBND, tỉnh "KT"']),
    copies=st.integers(0, 12),
)
def test_a_written_email_reads_back_as_the_email_package_builds_it(
    subject: str, body: str, name: str | None, copies: int
) -> None:
    """The direct writer (every reminder) and the ``email`` package (messages with files)
    give a reader the same headers and text, within the line limits of RFC 5322 / 2047."""
    subject = " ".join(subject.replace("\r", " ").replace("\n", " ").split()) or "s"
    route = dataclasses.replace(
        _ROUTE,
        sender_name=name,
        to=tuple(f"van.thu.{i}@phong-ban-{i}.kontum.gov.vn" for i in range(copies + 1)),
        cc=tuple(f"lanh.dao.{i}@kontum.gov.vn" for i in range(copies // 2)),
    )
    message = Message("nhắc việc/sở-lđtbxh/h1-2025", subject, body, ["a@soyte.vn"])
    raw = email_bytes(message, route=route, body=body)
    built = wire_bytes(build_email(message, route=route, body=body))
    assert raw.isascii()
    bare = raw.replace(b"\r\n", b"")  # every line ends in CRLF, none in CR or LF alone
    assert b"\n" not in bare
    assert b"\r" not in bare
    head = raw.split(b"\r\n\r\n", 1)[0].decode()
    assert all(len(line) <= 998 for line in head.split("\r\n"))
    assert all(len(w) <= 75 for w in re.findall(r"=\?utf-8\?b\?[^?]*\?=", head))
    assert all(line.strip() for line in head.split("\r\n"))  # no blank folded line
    written, expected = (
        email.message_from_bytes(r, policy=email.policy.default) for r in (raw, built)
    )
    for header in _HEADERS:
        assert written[header] == expected[header], header
    assert written["Subject"] == subject
    text = _lines(written.get_content())
    assert text == _lines(expected.get_content())
    assert text.rstrip("\n") == _lines(body).rstrip("\n")
