"""Messages and the Message-ID their key gives them."""

from __future__ import annotations

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
from directive_flow.notify.smtp import build_email, parse_mail_url, wire_bytes


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


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=40).map(" ".join), st.lists(_WORDS).map("/".join))
def test_subject_and_key_reach_the_reader_as_written(subject: str, key: str) -> None:
    route = parse_mail_url("mailto://127.0.0.1:25?from=nhacviec@kontum.gov.vn&mode=insecure")
    message = Message(key or "k", subject, "Kính gửi", ["a@soyte.vn"])
    raw = wire_bytes(build_email(message, route=route, body=message.body))
    assert raw.isascii()  # 7-bit headers: RFC 2047 words where the text is not plain ASCII
    read = email.message_from_bytes(raw, policy=email.policy.default)
    assert read["Subject"] == subject
    assert read["X-Directive-Flow-Key"] == (key or "k")
