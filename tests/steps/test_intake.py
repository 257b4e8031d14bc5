"""One intake path: the value rules every submission goes through, whatever brought it."""

from __future__ import annotations

import json
import math
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from store_helpers import DIRECTIVE, clerk, operator, submit_for

from directive_flow.errors import ForbiddenError, RefusedError
from directive_flow.report.figures import format_number
from directive_flow.steps.fields import check_data, parse_number
from directive_flow.steps.intake import (
    MAX_DEPTH,
    MAX_TEXT,
    Intake,
    IntakeFile,
    parse_data,
    read_data_file,
)
from directive_flow.store.db import session_scope
from directive_flow.store.tables import AuditRow, SubmissionRow

SUPPLY = "supply-data/so-yt"
ON_TIME = datetime(2024, 7, 10, 3, tzinfo=UTC)


def _refused(data: object) -> list[str]:
    with pytest.raises(RefusedError) as caught:
        Intake.of(directive=DIRECTIVE, task=SUPPLY, agency="so-yt", actor=clerk("so-yt"), data=data)
    return list(caught.value.problems)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"children": math.nan}, "children: nan is not a finite number"),
        ({"children": math.inf}, "children: inf is not a finite number"),
        (
            {"children": 10**16},
            "children: 10000000000000000 is out of range (at most ±1,000,000,000,000,000)",
        ),
        ({"note": "a\x00b"}, "note: contains control characters (U+0000); remove them"),
        ({"note": "a\x1bb"}, "note: contains control characters (U+001B); remove them"),
        ({"note": "x" * (MAX_TEXT + 1)}, "note: 10,001 characters; at most 10,000"),
        ({"k\x07": 1}, "data: key: contains control characters (U+0007); remove them"),
        (
            {"note": "Sở Y tế \u202egnôc oáb"},  # shown "Sở Y tế báo công": the order flipped
            "note: contains bidirectional control characters (U+202E), which show text in "
            "another order than it is stored; remove them",
        ),
        (
            {"k": "a\u2066b\u2069"},
            "k: contains bidirectional control characters (U+2066, U+2069), which show text "
            "in another order than it is stored; remove them",
        ),
        ({"children": b"12"}, "children: bytes is not a value a form can hold"),
        (
            {"note": "ab\ud800"},
            "note: not valid Unicode text (U+D800 at character 3: a lone surrogate, or bytes "
            "that were not UTF-8)",
        ),
    ],
)
def test_values_that_no_path_may_store(data: dict[str, object], problem: str) -> None:
    assert _refused(data) == [problem]


def test_an_attachment_name_meets_the_text_rules(tmp_path: Path) -> None:
    files = (IntakeFile(tmp_path / "a.pdf", "a\x1b.pdf"), IntakeFile(tmp_path / "b", "\udcd2"))
    with pytest.raises(RefusedError) as caught:
        Intake.of(
            directive=DIRECTIVE,
            task=SUPPLY,
            agency="so-yt",
            actor=clerk("so-yt"),
            attachments=files,
        )
    assert [p.split(":")[0] for p in caught.value.problems] == ["attachment name"] * 2


def test_a_figure_typed_as_text_meets_the_number_rule() -> None:
    fields = [{"name": "n", "label": "N", "type": "number"}]
    for text in ("9" * 400, "99999999999999999999", "1.000.000.000.000.000.000,5"):
        clean, [problem] = check_data(fields, {"n": text})
        assert not clean
        assert problem.startswith("n: '")
        assert problem.endswith(" is out of range (at most ±1,000,000,000,000,000)")


def test_nesting_is_bounded() -> None:
    deep: dict[str, object] = {"v": 1}
    for _ in range(MAX_DEPTH + 2):
        deep = {"v": deep}
    assert any("nested more than" in p for p in _refused(deep))


def test_text_is_normalised_not_refused() -> None:
    nfd = unicodedata.normalize("NFD", "Sở Y tế")
    intake = Intake.of(
        directive=DIRECTIVE,
        task=SUPPLY,
        agency="so-yt",
        actor=clerk("so-yt"),
        data={nfd: f"dòng 1\vdòng 2\r\ndòng 3\f{nfd}"},
        note="  ghi chú  ",
    )
    assert intake.data == {"Sở Y tế": "dòng 1\ndòng 2\ndòng 3\nSở Y tế"}
    assert intake.note == "ghi chú"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("data.json", b'{"children": Infinity}', "data.json: Infinity is not a number"),
        ("data.json", b'{"children": 1e400}', "children: inf is not a finite number"),
        ("data.json", b"[" * 100_000 + b"]" * 100_000, "data.json: nested more than"),
        ("data.json", b'{"a": 1,', "data.json:1:9: invalid JSON"),
        ("data.yaml", b"children: !!python/object x", "unsupported tag"),
        ("data.yaml", b"- 1\n- 2\n", "data.yaml: expected a mapping of field name to value"),
        ("data.json", "{}".encode("utf-16"), "data.json: binary file (or UTF-16), not UTF-8 text"),
        ("data.json", b'{"a": "\xff"}', "data.json:1: not UTF-8 text (byte 0xff)"),
    ],
)
def test_data_files_are_read_by_one_reader(name: str, content: bytes, problem: str) -> None:
    with pytest.raises(RefusedError) as caught:
        parse_data(content, name)
    assert any(p.startswith(problem) or problem in p for p in caught.value.problems), caught.value


def test_a_byte_order_mark_is_tolerated_in_json_and_yaml() -> None:
    assert parse_data(b'\xef\xbb\xbf{"children": 3}', "data.json") == {"children": 3}
    assert parse_data("\ufeffchildren: 3\n".encode(), "data.yaml") == {"children": 3}


def test_a_missing_data_file_is_a_refusal(tmp_path: Path) -> None:
    with pytest.raises(RefusedError, match="cannot read the file"):
        read_data_file(tmp_path / "none.json")


@given(st.integers(-(10**12), 10**12) | st.decimals(-(10**9), 10**9, places=3).map(float))
def test_vietnamese_figures_read_back_what_reports_print(value: int | float) -> None:
    assert parse_number(format_number(value)) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.250,5", 1250.5),
        ("1.250", 1250),
        ("1.250.000", 1250000),
        ("12,5", 12.5),
        ("3.5", 3.5),
        ("-7", -7),
        (" 1 250 ", 1250),
        ("1,250.5", None),
        ("ba", None),
        ("1.25.0", None),
    ],
)
def test_figures_written_as_text(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_the_stored_data_is_strict_json(registered: Engine, home: Path) -> None:
    with session_scope(registered) as session:
        submit_for(
            session,
            directive=DIRECTIVE,
            task=SUPPLY,
            agency="so-yt",
            actor="so-yt",
            home=home,
            data={"children": "1.250"},
            at=ON_TIME,
        )
    with session_scope(registered) as session:
        row = session.scalars(select(SubmissionRow)).one()
        assert json.loads(json.dumps(row.data, allow_nan=False)) == {"children": 1250}


# -- time claims -------------------------------------------------------------------------


def _claim(engine: Engine, home: Path, actor: object, **claim: object) -> None:
    with session_scope(engine) as session:
        submit_for(
            session,
            directive=DIRECTIVE,
            task=SUPPLY,
            agency="so-yt",
            actor=actor,  # type: ignore[arg-type]
            home=home,
            data={"children": 1},
            at=datetime(2024, 7, 20, 3, tzinfo=UTC),
            **claim,  # type: ignore[arg-type]
        )


def test_only_an_operator_with_a_reason_may_backdate(registered: Engine, home: Path) -> None:
    earlier = datetime(2024, 7, 12, 1, tzinfo=UTC)
    with pytest.raises(ForbiddenError, match="only an operator"):
        _claim(registered, home, clerk("so-yt"), received_at=earlier, received_reason="giấy")
    with pytest.raises(RefusedError, match="needs a reason"):
        _claim(registered, home, operator("vp"), received_at=earlier)
    with pytest.raises(RefusedError, match="in the future"):
        _claim(registered, home, operator("vp"), received_at=datetime(2024, 8, 1, tzinfo=UTC))
    with pytest.raises(RefusedError, match="before the directive was issued"):
        _claim(
            registered,
            home,
            operator("vp"),
            received_at=datetime(2024, 6, 1, tzinfo=UTC),
            received_reason="giấy",
        )
    _claim(registered, home, operator("vp"), received_at=earlier, received_reason="Hồ sơ giấy")
    with session_scope(registered) as session:
        row = session.scalars(select(SubmissionRow)).one()
        assert (row.submitted_on.isoformat(), row.submitted_by) == ("2024-07-12", "vp")
        audit = session.scalars(select(AuditRow).where(AuditRow.action == "submit")).one()
        assert audit.at == datetime(2024, 7, 20, 3, tzinfo=UTC)  # entered
        assert audit.after is not None
        assert (audit.after["received_at"], audit.after["received_reason"]) == (
            earlier.isoformat(),
            "Hồ sơ giấy",
        )


def test_a_naive_claim_is_refused() -> None:
    with pytest.raises(RefusedError, match="time zone"):
        Intake.of(
            directive=DIRECTIVE,
            task=SUPPLY,
            agency="so-yt",
            actor=operator(),
            received_at=datetime(2024, 7, 12),
        )
