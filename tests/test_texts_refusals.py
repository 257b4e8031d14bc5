"""The refusal table (texts/refusals.py) and argparse's (texts/arguments.py): every row is
reached by a message the library or argparse really words, in the order of the tables;
what they say is NFC Vietnamese; the command line's lines keep no English."""

from __future__ import annotations

import re
import unicodedata

import pytest

from directive_flow.texts.arguments import ARGPARSE, COMMANDS, HEADINGS, argparse_message
from directive_flow.texts.refusals import SAID, error_lines, in_vietnamese, vietnamese

T = "task 'a/so-yt'"
SAMPLES = (  # one message per row of SAID, in its order: the first row that fits it is its own
    "submission for task 'a/so-yt' refused",
    "missing required field (children)",
    "expected a whole number, got 'nhiều'",
    "expected a number, got 'x' (write numbers the Vietnamese way: 1.250,5)",
    "expected a percentage between 0 and 100, got 120",
    "expected true or false, got 'maybe'",
    "expected a date (YYYY-MM-DD or D/M/YYYY), got '31/02/2024'",
    "unknown field (did you mean 'children'?)",
    "unknown field (this deliverable declares no fields)",
    "unknown field",
    "1e400 is out of range (at most ±1e15)",
    "not valid Unicode text (a lone surrogate)",
    "contains control characters (U+0007)",
    "contains bidirectional control characters (U+202E)",
    "date 1800-01-01 is outside the years 1900-2199",
    "review of task 'a/so-yt' refused",
    "extension request for task 'a/so-yt' refused",
    f"{T} is already accepted; it can no longer change",
    f"{T} belongs to 'so-yt'; 'so-ldtbxh' may not submit it",
    f"{T} is cancelled with its 2 submission(s): they stay stored and leave the reports",
    f"{T} is cancelled (its assignment left the directive)",
    f"{T} has nothing to review (it is assigned)",
    "returning task 'a/so-yt' needs a reason",
    f"{T} has version 3 now, not the 2 reviewed: read it before deciding",
    f"{T} has another extension request now (until 2024-08-01): read it before deciding",
    "the page is out of date; open it again",
    f"{T} has no pending extension request",
    f"{T} already has a pending extension request",
    f"{T} was due 2024-07-15; an extension must be asked for on or before the deadline "
    "(today is 2024-07-20)",
    "task 'r/so-ldtbxh' cannot be consolidated: 2 of 3 suppliers are not accepted (build a "
    "partial report to go ahead)",
    "unknown directive 'x' (no directive is registered yet)",
    "unknown directive 'test-1-tb-vpp' (did you mean 'test-1-tb-vp'?)",
    "unknown directive 'x'",
    "directive 'd' has no task 'a/so-y' (did you mean 'a/so-yt'?)",
    "directive 'd' has no task 'zzz'",
    "unknown agency 'so-y' (did you mean 'so-yt'?)",
    "unknown agency 'nosuch'",
    "unknown registry 'kontum' (did you mean 'kon-tum'?)",
    "unknown registry 'kontum'",
    "only an operator may record a received time earlier than now",
    "1 of 3 files refused: a.yaml",
    "2 directives could not be opened: a, b",
    "an extension request needs a day and a reason",
    "an extension request needs a reason",
    "the day asked for, 2024-07-01, is not after the deadline 2024-07-15",
    "an earlier received time needs a reason (received_reason)",
    "clerk may not submit for 'so-yt' (task 'a/so-yt')",
    "clerk may not see task 'a/so-yt' of 'so-yt'",
    "operators only",
    "Not Found",
    "Method Not Allowed",
    "the request is not valid",
    "this sign-in link is unknown, already used or expired",
    "this link expired on 01/08/2024",
    "a reminder's link opens its task to read; sign in by e-mail to submit",
    "this session opens one task only; sign in by e-mail",
    "this link opens task 'a/so-yt' of 'd' only; sign in by e-mail",
    "this link is not one the portal made",
    "the task of this link no longer exists",
    "the task of this link is no longer this agency's",
    "String should match pattern '^[a-z0-9-]+$'",
    "String should have at least 3 characters",
    "missing or wrong CSRF token (X-CSRF-Token, or csrf_token)",
    "Part exceeded maximum size of 1024KB.",
    "Too many files. Maximum number of files is 20.",
    "Too many fields. Maximum number of fields is 1000.",
    "Invalid multipart data.",
    "10,001 characters; at most 10,000",
    "the file is empty (0 bytes)",
    "clerk speaks for 'so-yt' and may not review its own task 'a/so-yt'",
    "2099-01-01 is after today (2024-07-01): a later day is only looked at with --dry-run, "
    "never sent",
    f"{T} has no deadline to extend",
    f"{T} is accepted; only open tasks can be extended",
    "--until 2099-01-01 is more than a year after the deadline 2024-07-15: ask for a "
    "plausible date (a longer delay is a new directive)",
    f"{T} does not consolidate other tasks",
    "submitted, not yet accepted",
    "returned, not submitted again",
    "nothing submitted",
    "data.yaml: the data cannot be used",
    "data.yaml: larger than 1,048,576 bytes",
    "data.yaml: cannot read the file (No such file or directory)",
    "received_at 2099-01-01T00:00:00+00:00 is in the future",
    "received_at 2014-01-01 is before the directive was issued (2014-07-01)",
    f"{T}: 2 submission(s) fill children, which the deliverable no longer has as it was: "
    "those figures no longer count (rename the field back, or ask the agency to hand in again)",
    "agency 'so-yt' was registry 'kontum''s; its name and contacts now come from 'other' (an "
    "agency code is one agency in the whole store: give another province's agencies codes of "
    "their own)",
    "every deadline is more than a year past (the latest 2024-07-31): registered live, its 4 "
    "overdue task(s) are reminded and escalated at the next reminder run; register a record "
    "of past work as historical",
    "--period H1-2026: the directive has no recurring assignment",
    "no such file or folder: no/such.yaml",
    "no directive file under definitions/agencies",
    "cannot reach the database at postgresql+psycopg://postgres@127.0.0.1:1/x: refused",
    "sqlite:///x.db is at schema 0003, this directive-flow needs 0004: run 'directive-flow db "
    "upgrade'",
    "the database schema (0009) is newer than this directive-flow (knows up to 0004): upgrade "
    "directive-flow",
    "sqlite:///x.db has tables but no directive-flow schema version; point "
    "DIRECTIVE_FLOW_DATABASE_URL at an empty or directive-flow database",
    "port 4200 is taken: stop what uses it or choose another port",
    "the Prefect server stopped during start-up (exit 1)",
    "the Prefect server did not answer at http://127.0.0.1:4200/api within 60 s",
    "python -m flows.serve definitions stopped (exit 1); see its log",
    "the day 1899-12-31 is outside the years 1900-2199: give a plausible day",
    "'fr' is not one of: vi, en",
    "argument 2: not UTF-8 text (bytes d2); give the text in UTF-8 (or rename the file)",
    "invalid period label 'H3-2026'; expected H1-YYYY, H2-YYYY, Q1-YYYY..Q4-YYYY, "
    "M01-YYYY..M12-YYYY or Y-YYYY",
    "not UTF-8 text (bytes ff); give the text in UTF-8 (or rename the file)",
    "no definition files (*.yaml, *.yml) under /tmp/x",
    "--received-on needs --reason TEXT (why it is entered late)",
    "--return needs --reason TEXT",
    "a request needs --until DATE and --reason TEXT",
    "give DIRECTIVE and TASK together, or neither (every ready task)",
    "--port is 1-65535 and --workers at least 1",
    "cannot read notice.txt: No such file or directory",
    "cannot write out.yaml: Permission denied",
    "notice.txt: the notice is empty",
    "binary file, not notice text (it holds NUL bytes); save it as UTF-8 text",
    "binary file, not notice text (too many control characters)",
    "notice is too large (3,000,000 bytes; the limit is 2,097,152)",
    "notice is too large (3,000,000 characters; the limit is 2,097,152)",
    "notice starts with a UTF-16 byte-order mark but is not UTF-16",
    "notice.txt: too large (3,000,000 bytes; the limit is 2,097,152)",
    "-5 is below the minimum 0",
    "120 is above the maximum 100",
    "the folder name is not UTF-8 text; rename it",
    "no collector marker",
    "not a regular file (links are not accepted)",
    "sub-folders are not accepted; put files directly",
    "the file name is not UTF-8 text; rename the file",
    "over the 25 MiB limit for a file",
    "over the 25 MiB limit for an attachment",
    "26.0 MiB is over the 25 MiB limit for an attachment",
    "the content is a Windows program, not a document; it is not accepted whatever its name",
    "the content is a script (#!), not a document; it is not accepted whatever its name",
    "the name has no type (such as .pdf); attach a file of one of these types: pdf, docx",
    "a file of type .exe is not accepted; attach one of these types: pdf, docx",
    "the content is not a PDF document (.pdf); attach the real file, or save it again as .pdf",
    "give the data once: data.yaml or data.json, not both",
    "not UTF-8 text; save the note as UTF-8",
    "the store refused the data: IntegrityError",
    "3:5: YAML syntax error: mapping values are not allowed here",
    "1:9: invalid JSON: Expecting value",
    "binary file (or UTF-16), not UTF-8 text",
    "4: not UTF-8 text (byte 0xe1)",
    "NaN is not a number; write the figure, or leave the field out",
    "expected a mapping of field name to value",
    "nested more than 20 levels deep",
    "set is not a value a form can hold",
    "2,000 keys; at most 1,000",
    "inf is not a finite number",
)
ARGPARSE_SAMPLES = (  # one of argparse's (or our argument types') messages per row
    "the following arguments are required: FILE",
    "one of the arguments --accept --return is required",
    "unrecognized arguments: x",
    "invalid choice: 'xml' (choose from 'text', 'json')",
    "invalid int value: 'x'",
    "invalid float value: 'x'",
    "invalid iso_date value: 'x'",
    "expected one argument",
    "expected at most one argument",
    "expected at least one argument",
    "not allowed with argument --accept",
    "ignored explicit argument 'x'",
    "ambiguous option: --a could match --as, --as-of",
    "'31/02/2024' is not a date (YYYY-MM-DD)",
    "'so-yt' is not CODE=DAYS (e.g. so-yt=5)",
    "'so-yt=3661': at most 3660 working days late (ten years)",
)


def _first(rows: tuple[tuple[str, str], ...], message: str) -> int | None:
    return next((i for i, (p, _) in enumerate(rows) if re.fullmatch(p, message, re.S)), None)


def test_every_refusal_row_is_reached_by_its_own_message() -> None:
    assert len(SAMPLES) == len(SAID)
    assert [_first(SAID, message) for message in SAMPLES] == list(range(len(SAID)))


def test_every_argparse_row_is_reached_by_its_own_message() -> None:
    assert len(ARGPARSE_SAMPLES) == len(ARGPARSE)
    found = [_first(ARGPARSE, message) for message in ARGPARSE_SAMPLES]
    assert found == list(range(len(ARGPARSE)))


@pytest.mark.parametrize(
    "said",
    [s for _, s in SAID] + [s for _, s in ARGPARSE] + [*COMMANDS.values(), *HEADINGS.values()],
)
def test_the_vietnamese_is_nfc(said: str) -> None:
    assert unicodedata.normalize("NFC", said) == said


@pytest.mark.parametrize(
    ("english", "shown"),
    [
        ("--return needs --reason TEXT", "Trả lại cần ghi lý do: --reason NỘI_DUNG."),
        ("notice is too large (3,000,000 bytes; the limit is 2,097,152)",
         "Thông báo quá lớn (3.000.000 byte; giới hạn là 2.097.152 byte)."),
        ("unknown directive 'x' (no directive is registered yet)",
         "Không có văn bản x (chưa đăng ký văn bản nào)."),
        ("--late: unknown agency 'so-y' (did you mean 'so-yt'?)",
         "--late: Không có cơ quan so-y (có phải 'so-yt'?)."),
        ("DIRECTIVE_FLOW_LANG: 'fr' is not one of: vi, en",
         "DIRECTIVE_FLOW_LANG: 'fr' không phải một trong các giá trị: vi, en."),
        ("something nobody has worded yet", "something nobody has worded yet"),
    ],
)  # fmt: skip
def test_the_command_line_says_it_without_the_english(english: str, shown: str) -> None:
    assert error_lines(english) == [shown]


def test_a_refusal_with_problems_is_one_line_each() -> None:
    assert error_lines(
        "submission for task 'a/so-yt' refused:", ("extra: unknown field", "x: y z")
    ) == [
        "Báo cáo, số liệu của nhiệm vụ a/so-yt bị từ chối:",
        "  - extra: Biểu mẫu không có trường này.",
        "  - x: y z",
    ]


def test_the_portal_keeps_the_english_in_brackets() -> None:
    said = vietnamese("operators only")
    assert in_vietnamese("operators only") == f"{said} (operators only)"
    assert vietnamese("no sentence for this") is None
    assert in_vietnamese("no sentence for this") == "no sentence for this"


def test_what_a_person_typed_is_repeated_as_typed() -> None:
    assert vietnamese("expected a whole number, got '1,250'") == (
        "Cần một số nguyên, đã nhập '1,250'."
    )  # not '1.250': that is a figure the form takes, and not what was typed
    assert vietnamese("'9,999' is out of range (at most ±1,000,000)") == (
        "Số '9,999' vượt quá giới hạn (tối đa ±1.000.000)."
    )


def test_argparse_messages_name_the_argument() -> None:
    assert argparse_message("argument --as-of: '1/2' is not a date (YYYY-MM-DD)") == (
        "đối số --as-of: '1/2' không phải một ngày (YYYY-MM-DD)"
    )
    assert argparse_message("argument COMMAND: a new wording") == "đối số COMMAND: a new wording"
