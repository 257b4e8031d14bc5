"""Submissions: validated whole, by the owning agency only, files by hash, versioned."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from store_helpers import DATA_FIGURES, clerk, operator, submit_for

from directive_flow.errors import NotFoundError, RefusedError
from directive_flow.steps.fields import check_data
from directive_flow.store.attachments import (
    MAX_ATTACHMENT_BYTES,
    attachment_path,
    store_attachment,
)
from directive_flow.store.db import session_scope
from directive_flow.store.tables import AttachmentRow, AuditRow, SubmissionRow, TaskRow

GOOD = DATA_FIGURES


def _submit(engine: Engine, home: Path, **kwargs: object) -> object:
    args: dict[str, object] = {
        "directive": "store-data-1",
        "task": "collect/ubnd-huyen-a",
        "agency": "ubnd-huyen-a",
        "actor": clerk("ubnd-huyen-a"),
        "home": home,
        "data": GOOD,
        "at": datetime(2024, 1, 20, 3, tzinfo=UTC),
    }
    with session_scope(engine) as session:
        return submit_for(session, **(args | kwargs))  # type: ignore[arg-type]


def test_a_valid_submission_is_stored_and_completes_the_task(
    data_store: Engine, home: Path
) -> None:
    _submit(data_store, home, note="kèm biểu mẫu")
    with session_scope(data_store) as session:
        row = session.scalars(select(SubmissionRow)).one()
        assert row.data == {**GOOD, "budget": 35.5}
        assert (row.version, row.note, row.submitted_on) == (1, "kèm biểu mẫu", date(2024, 1, 20))
        task = session.scalars(select(TaskRow).where(TaskRow.key == "collect/ubnd-huyen-a")).one()
        assert (task.state, task.completed_on) == ("submitted", date(2024, 1, 20))
        audit = session.scalars(select(AuditRow).where(AuditRow.action == "submit")).one()
        assert (audit.actor, audit.actor_agency, audit.via) == (
            "van-thu@ubnd-huyen-a.gov.vn",
            "ubnd-huyen-a",
            "portal",
        )


def test_every_problem_is_listed_and_nothing_is_stored(data_store: Engine, home: Path) -> None:
    bad = {
        "children": 12.5,
        "budget": {"value": 3, "unit": "đồng"},
        "coverage": 130,
        "done": "yes",
        "reported_on": "31/02/2024",
        "childern": 3,
    }
    with pytest.raises(RefusedError) as caught:
        _submit(data_store, home, data=bad, attachments=[home / "missing.pdf"])
    assert str(caught.value).splitlines() == [
        "submission for task 'collect/ubnd-huyen-a' refused:",
        "  - childern: unknown field (did you mean 'children'?)",
        "  - children: expected a whole number, got 12.5",
        "  - budget: unit 'đồng' is not the declared unit ('triệu đồng')",
        "  - coverage: expected a percentage between 0 and 100, got 130",
        "  - summary: missing required field (Tóm tắt)",
        "  - done: expected true or false (có / không), got 'yes'",
        "  - reported_on: expected a date (31/07/2024 or 2024-07-31), got '31/02/2024'",
        "  - missing.pdf: no such file",
    ]
    with session_scope(data_store) as session:
        assert session.scalar(select(func.count()).select_from(SubmissionRow)) == 0


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [
        ("integer", True, "expected a whole number, got True"),
        ("integer", 3.0, None),
        ("number", "ba", "expected a number, got 'ba'"),
        (
            "number",
            "1,250.5",
            "expected a number, got '1,250.5' (write numbers the Vietnamese way: 1.250,5)",
        ),
        ("text", 3, "expected text, got 3"),
        ("text", "  ", "missing required field (X)"),
        ("date", date(2024, 1, 1), None),
        ("date", "31/12/1900", None),
        ("date", "2199-12-31", None),
        ("date", "0001-01-01", "date 0001-01-01 is outside the years 1900-2199"),
        ("date", "1/1/2200", "date 2200-01-01 is outside the years 1900-2199"),
        ("date", date(9999, 12, 31), "date 9999-12-31 is outside the years 1900-2199"),
        ("percent", -1, "expected a percentage between 0 and 100, got -1"),
    ],
)
def test_types(kind: str, value: object, problem: str | None) -> None:
    _, problems = check_data([{"name": "x", "label": "X", "type": kind}], {"x": value})
    assert problems == ([f"x: {problem}"] if problem else [])


def test_a_mapping_without_value_is_a_problem() -> None:
    spec = [{"name": "x", "label": "X", "type": "integer", "unit": "người"}]
    assert check_data(spec, {"x": {"unit": "người"}})[1] == [
        "x: give a value, or a mapping with 'value' and 'unit'"
    ]
    assert check_data(spec, {"x": {"value": 3, "unit": "NGƯỜI"}}) == ({"x": 3}, [])


def test_only_the_owning_agency_may_submit(data_store: Engine, home: Path) -> None:
    with pytest.raises(
        RefusedError, match="task 'collect/ubnd-huyen-a' belongs to 'ubnd-huyen-a'; 'ubnd-huyen-b'"
    ):
        _submit(data_store, home, agency="ubnd-huyen-b")


def test_unknown_ids_get_suggestions(data_store: Engine, home: Path) -> None:
    with pytest.raises(NotFoundError, match=r"unknown agency 'ubnd-huyen-c' \(did you mean"):
        _submit(data_store, home, agency="ubnd-huyen-c")
    with pytest.raises(
        NotFoundError, match=r"unknown directive 'store-dta-1' \(did you mean 'store-data-1'\?\)"
    ):
        _submit(data_store, home, directive="store-dta-1")
    with pytest.raises(
        NotFoundError,
        match=r"directive 'store-data-1' has no task 'colect/ubnd-huyen-a' \(did you mean 'collect/ubnd-huyen-a'\?\)",
    ):
        _submit(data_store, home, task="colect/ubnd-huyen-a")


def test_the_assignment_id_and_agency_name_the_task(data_store: Engine, home: Path) -> None:
    result = _submit(data_store, home, task="collect")
    assert result.key == "collect/ubnd-huyen-a"


def test_attachments_are_content_addressed(data_store: Engine, home: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "báo cáo.pdf", tmp_path / "copy.pdf"
    first.write_bytes(b"%PDF-1.4 report")
    second.write_bytes(b"%PDF-1.4 report")
    digest = hashlib.sha256(b"%PDF-1.4 report").hexdigest()
    _submit(data_store, home, attachments=[first, second])
    stored = attachment_path(home, digest)
    assert stored == home / "attachments" / digest[:2] / digest[2:]
    assert stored.read_bytes() == b"%PDF-1.4 report"
    assert sorted(p.name for p in (home / "attachments").rglob("*") if p.is_file()) == [digest[2:]]
    with session_scope(data_store) as session:
        rows = session.scalars(select(AttachmentRow).order_by(AttachmentRow.id)).all()
        assert [(r.sha256, r.original_name, r.size) for r in rows] == [
            (digest, "báo cáo.pdf", 15),
            (digest, "copy.pdf", 15),
        ]


def test_a_link_given_as_an_attachment_is_refused_not_followed(
    data_store: Engine, home: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "signing.key"
    secret.write_bytes(b"the installation's key")
    (tmp_path / "bao-cao.pdf").symlink_to(secret)
    with pytest.raises(RefusedError) as refused:
        _submit(data_store, home, attachments=[tmp_path / "bao-cao.pdf"])
    assert refused.value.problems == ("bao-cao.pdf: a link, not a file; attach the file itself",)
    assert not (home / "attachments").exists()


def test_a_file_swapped_for_a_link_after_the_checks_is_not_read(home: Path, tmp_path: Path) -> None:
    """store_attachment opens the file itself: a link put in its place is never followed,
    and what it keeps is what it hashed (one read)."""
    secret, scan = tmp_path / "signing.key", tmp_path / "scan.pdf"
    secret.write_bytes(b"the installation's key")
    scan.symlink_to(secret)
    with pytest.raises(OSError, match="Too many levels of symbolic links"):
        store_attachment(scan, home=home)
    assert [p.name for p in (home / "attachments").rglob("*") if p.is_file()] == []
    scan.unlink()
    scan.write_bytes(b"%PDF-1.4 scan")
    digest = store_attachment(scan, home=home)
    assert hashlib.sha256(attachment_path(home, digest).read_bytes()).hexdigest() == digest
    assert store_attachment(scan, home=home) == digest  # kept once, no stray copy
    assert [p.name for p in (home / "attachments").rglob("*") if p.is_file()] == [digest[2:]]


def test_an_attachment_over_the_limit_is_refused(
    data_store: Engine, home: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as out:
        out.truncate(MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(RefusedError, match=r"big.bin: 25.0 MiB is over the 25 MiB limit"):
        _submit(data_store, home, attachments=[big])


def test_an_empty_attachment_is_refused(data_store: Engine, home: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bao-cao.pdf"
    empty.touch()
    with pytest.raises(RefusedError, match=r"bao-cao.pdf: the file is empty \(0 bytes\)"):
        _submit(data_store, home, attachments=[empty])
    with session_scope(data_store) as session:
        assert session.scalar(select(func.count()).select_from(SubmissionRow)) == 0


def test_a_resubmission_is_a_new_version(data_store: Engine, home: Path) -> None:
    _submit(data_store, home)
    _submit(data_store, home, data=GOOD | {"children": 121})
    with session_scope(data_store) as session:
        rows = session.scalars(select(SubmissionRow).order_by(SubmissionRow.version)).all()
        assert [(r.version, r.data["children"]) for r in rows] == [(1, 120), (2, 121)]


def test_the_same_submission_again_is_the_waiting_version_not_a_new_one(
    data_store: Engine, home: Path, tmp_path: Path
) -> None:
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.4 figures")
    first = _submit(data_store, home, note="Số liệu quý II", attachments=[report])
    later = datetime(2024, 1, 22, 3, tzinfo=UTC)  # two days on: the first time still counts
    again = _submit(data_store, home, note="Số liệu quý II", attachments=[report], at=later)
    assert (first.version, first.repeated) == (1, False)  # type: ignore[attr-defined]
    assert (again.version, again.repeated) == (1, True)  # type: ignore[attr-defined]
    changed = [
        {"note": "Số liệu quý II (bổ sung)", "attachments": [report]},  # another note
        {"note": "Số liệu quý II (bổ sung)"},  # the same, without the file
        {"note": "Số liệu quý II (bổ sung)", "data": GOOD | {"children": 121}},
    ]
    for n, kwargs in enumerate(changed, start=2):
        assert _submit(data_store, home, at=later, **kwargs).version == n  # type: ignore[attr-defined]
    with session_scope(data_store) as session:
        versions = session.scalars(select(SubmissionRow.version).order_by(SubmissionRow.id)).all()
        submits = session.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.action == "submit")
        )
        first_row = session.scalars(select(SubmissionRow).where(SubmissionRow.version == 1)).one()
    assert versions == [1, 2, 3, 4]
    assert submits == 4
    assert first_row.submitted_at == datetime(2024, 1, 20, 3, tzinfo=UTC)


def test_the_same_figures_after_a_return_are_a_new_version(data_store: Engine, home: Path) -> None:
    from directive_flow.steps.review import review

    _submit(data_store, home)
    with session_scope(data_store) as session:
        review(
            session,
            directive="store-data-1",
            task="collect/ubnd-huyen-a",
            decision="return",
            reason="Kiểm tra lại",
            actor=operator("vp"),
        )
    assert _submit(data_store, home).version == 2  # type: ignore[attr-defined]


def test_a_failure_after_submitting_leaves_no_rows(data_store: Engine, home: Path) -> None:
    def half_way() -> None:
        with session_scope(data_store) as session:
            submit_for(
                session,
                directive="store-data-1",
                task="collect/ubnd-huyen-a",
                agency="ubnd-huyen-a",
                actor=operator("clerk"),
                home=home,
                data=GOOD,
            )
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        half_way()
    with session_scope(data_store) as session:
        assert session.scalar(select(func.count()).select_from(SubmissionRow)) == 0
        assert (
            session.scalar(
                select(func.count()).select_from(AuditRow).where(AuditRow.action == "submit")
            )
            == 0
        )
        task = session.scalars(select(TaskRow).where(TaskRow.key == "collect/ubnd-huyen-a")).one()
        assert task.state == "assigned"
