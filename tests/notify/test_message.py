"""Messages and the Message-ID their key gives them."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from directive_flow.notify import Message, message_id


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
