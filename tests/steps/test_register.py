"""Registering a directive, again unchanged, edited, and as a dry run."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from store_helpers import operator

from directive_flow.steps.history import task_history
from directive_flow.steps.register import mark_replaced, register_directive
from directive_flow.store.db import session_scope
from directive_flow.store.tables import (
    AuditRow,
    DependencyRow,
    DirectiveVersionRow,
    ReminderStepRow,
    TaskRow,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
VALID = FIXTURES / "valid" / "directive.yaml"
EDITED = FIXTURES / "store" / "directive-v2.yaml"
AS_OF = date(2024, 7, 1)


def _tasks(session: Session) -> dict[str, TaskRow]:
    return {t.key: t for t in session.scalars(select(TaskRow))}


def _count(session: Session, table: type) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_register_stores_tasks_dependencies_and_one_version(registered: Engine) -> None:
    with session_scope(registered) as session:
        tasks = _tasks(session)
        assert sorted(tasks) == [
            "finalize-report/so-ldtbxh",
            "standing/so-yt",
            "supply-data/so-yt",
            "supply-data/ubnd-huyen-a",
            "supply-data/ubnd-huyen-b",
        ]
        assert tasks["supply-data/so-yt"].due == date(2024, 7, 15)
        assert tasks["supply-data/so-yt"].original_due == date(2024, 7, 15)
        assert tasks["standing/so-yt"].due is None
        assert _count(session, DependencyRow) == 3
        version = session.scalars(select(DirectiveVersionRow)).one()
        assert (version.version, version.status, version.registered_by) == (1, "active", "tester")
        assert version.source_text == VALID.read_text(encoding="utf-8")
        assert len(version.sha256) == 64


def test_registering_the_same_file_again_changes_nothing(registered: Engine) -> None:
    with session_scope(registered) as session:
        audits = _count(session, AuditRow)
        result = register_directive(session, path=VALID, actor=operator("other"), as_of=AS_OF)
    assert (result.outcome, result.version, result.changes) == ("unchanged", 1, ())
    with session_scope(registered) as session:
        assert _count(session, AuditRow) == audits
        assert _count(session, DirectiveVersionRow) == 1


def test_an_edited_file_applies_the_difference(registered: Engine) -> None:
    with session_scope(registered) as session:
        result = register_directive(session, path=EDITED, actor=operator("editor"), as_of=AS_OF)
    assert (result.outcome, result.version) == ("updated", 2)
    assert sorted(str(c) for c in result.changes) == [
        "add      extra-report/so-yt",
        "cancel   standing/so-yt",
        "move     supply-data/so-yt: 2024-07-15 -> 2024-07-22",
        "move     supply-data/ubnd-huyen-a: 2024-07-15 -> 2024-07-22",
        "move     supply-data/ubnd-huyen-b: 2024-07-15 -> 2024-07-22",
    ]
    with session_scope(registered) as session:
        tasks = _tasks(session)
        assert tasks["standing/so-yt"].cancelled is True
        assert tasks["extra-report/so-yt"].due == date(2024, 8, 15)
        assert tasks["supply-data/so-yt"].due == date(2024, 7, 22)
        versions = session.scalars(select(DirectiveVersionRow).order_by("version")).all()
        assert [(v.version, v.status) for v in versions] == [(1, "amended"), (2, "active")]
        moved = task_history(session, directive="test-1-tb-vp", task="supply-data/so-yt")
        assert [(e.action, e.actor, e.before, e.after) for e in moved] == [
            ("task-add", "tester", None, {"due": "2024-07-15"}),
            ("task-move", "editor", {"due": "2024-07-15"}, {"due": "2024-07-22"}),
        ]


def test_editing_back_restores_cancelled_tasks(registered: Engine) -> None:
    with session_scope(registered) as session:
        register_directive(session, path=EDITED, actor=operator("editor"), as_of=AS_OF)
    with session_scope(registered) as session:
        result = register_directive(session, path=VALID, actor=operator("editor"), as_of=AS_OF)
    actions = sorted((c.action, c.key) for c in result.changes)
    assert ("restore", "standing/so-yt") in actions
    assert ("cancel", "extra-report/so-yt") in actions
    assert result.version == 3


def test_dry_run_reports_the_difference_and_writes_nothing(registered: Engine) -> None:
    with session_scope(registered) as session:
        before = (_count(session, TaskRow), _count(session, AuditRow))
        result = register_directive(
            session, path=EDITED, actor=operator("editor"), as_of=AS_OF, dry_run=True
        )
    assert result.dry_run
    assert len(result.changes) == 5
    with session_scope(registered) as session:
        assert (_count(session, TaskRow), _count(session, AuditRow)) == before
        assert _count(session, DirectiveVersionRow) == 1


def test_dry_run_of_a_new_directive_writes_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        result = register_directive(
            session, path=VALID, actor=operator("a"), as_of=AS_OF, dry_run=True
        )
    assert (result.outcome, len(result.changes)) == ("new", 5)
    with session_scope(engine) as session:
        assert _count(session, TaskRow) == 0


def test_a_directive_can_be_marked_replaced(registered: Engine) -> None:
    other = FIXTURES / "store" / "status-directive.yaml"
    with session_scope(registered) as session:
        register_directive(session, path=other, actor=operator("a"), as_of=AS_OF)
        mark_replaced(session, directive="test-1-tb-vp", by="store-status-1", actor=operator("vp"))
    with session_scope(registered) as session:
        version = session.scalars(
            select(DirectiveVersionRow).where(DirectiveVersionRow.directive_id == "test-1-tb-vp")
        ).one()
        assert (version.status, version.replaced_by) == ("replaced", "store-status-1")
        tasks = session.scalars(select(TaskRow).where(TaskRow.directive_id == "test-1-tb-vp")).all()
        assert tasks
        assert all(t.cancelled for t in tasks), "its open tasks end with it"
        steps = session.scalar(
            select(func.count())
            .select_from(ReminderStepRow)
            .where(ReminderStepRow.task_id.in_([t.id for t in tasks]))
        )
        assert steps == 0, "and no reminder is left for them"


def test_a_failure_half_way_through_registering_leaves_no_rows(engine: Engine) -> None:
    def half_way() -> None:
        with session_scope(engine) as session:
            register_directive(session, path=VALID, actor=operator("a"), as_of=AS_OF)
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        half_way()
    with session_scope(engine) as session:
        assert _count(session, TaskRow) == 0
        assert _count(session, AuditRow) == 0
        assert _count(session, DirectiveVersionRow) == 0


def test_recurring_tasks_are_added_as_periods_open(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "defs"
    shutil.copytree(FIXTURES / "valid", folder)
    (folder / "recurring.yaml").write_text(
        """kind: directive
id: recurring-1
registry: agencies.yaml
header: {number: 9/TB-VP, type: thong-bao, issuer: vp-ubnd, issued: 2024-01-02, title: Báo cáo định kỳ}
assignments:
  - id: half-year-report
    section: "1"
    title: Báo cáo 6 tháng
    lead: so-yt
    deliverable: {type: report}
    recurrence: {every: half-year, first: H1-2024, due: {working_days: 5, after: cutoff}}
""",
        encoding="utf-8",
    )
    path = folder / "recurring.yaml"
    with session_scope(engine) as session:
        first = register_directive(session, path=path, actor=operator("a"), as_of=date(2024, 3, 1))
    with session_scope(engine) as session:
        later = register_directive(session, path=path, actor=operator("a"), as_of=date(2024, 9, 1))
    with session_scope(engine) as session:
        earlier = register_directive(
            session, path=path, actor=operator("a"), as_of=date(2024, 3, 1)
        )
    assert [c.key for c in first.changes] == ["half-year-report/so-yt/H1-2024"]
    assert [(c.action, c.key) for c in later.changes] == [("add", "half-year-report/so-yt/H2-2024")]
    assert later.version == 1
    assert earlier.changes == ()


def test_a_registry_taking_over_another_registrys_agency_code_is_warned_and_audited(
    engine: Engine, tmp_path: Path
) -> None:
    """Two provinces' "so-yt" in one store are one agency: the second takes the first's
    contacts over, so registering says so, and the audit keeps who did it."""
    from directive_flow.store.tables import AgencyRow, AuditRow

    first = VALID
    shutil.copytree(FIXTURES / "valid", tmp_path / "b")
    registry = tmp_path / "b" / "agencies.yaml"
    registry.write_text(
        registry.read_text("utf-8").replace("id: test-province", "id: other-province"), "utf-8"
    )
    second = tmp_path / "b" / "directive.yaml"
    second.write_text(
        second.read_text("utf-8").replace("id: test-1-tb-vp", "id: other-1-tb-vp"), "utf-8"
    )
    with session_scope(engine) as session:
        quiet = register_directive(session, path=first, actor=operator("t"), as_of=date(2024, 7, 1))
    assert quiet.warnings == ()
    with session_scope(engine) as session:
        taken = register_directive(
            session, path=second, actor=operator("t"), as_of=date(2024, 7, 1)
        )
    assert taken.warnings
    assert all("'other-province'" in w for w in taken.warnings)
    assert any(w.startswith("agency 'so-yt' was registry ") for w in taken.warnings)
    with session_scope(engine) as session:
        owner = session.get_one(AgencyRow, "so-yt").registry_id
        moved = session.scalars(select(AuditRow).where(AuditRow.action == "agency-registry")).all()
    assert owner == "other-province"
    assert len(moved) == len(taken.warnings)
    assert {a.actor for a in moved} == {"t"}


@pytest.mark.parametrize(
    ("as_of", "historical", "warned"),
    [
        (date(2025, 8, 1), None, True),  # the fixture's deadlines (July 2024) over a year past
        (date(2025, 7, 1), None, False),  # within the year
        (date(2025, 8, 1), True, False),  # a record of past work
    ],
)
def test_a_new_live_directive_whose_deadlines_are_long_past_is_warned(
    engine: Engine, as_of: date, historical: bool | None, warned: bool
) -> None:
    with session_scope(engine) as session:
        result = register_directive(
            session, path=VALID, actor=operator("t"), as_of=as_of, historical=historical
        )
    said = [w for w in result.warnings if w.startswith("every deadline is more than a year past")]
    assert said == (
        [
            "every deadline is more than a year past (the latest 2024-07-31): registered live, "
            "its 4 overdue task(s) are reminded and escalated at the next reminder run; "
            "register a record of past work as historical"
        ]
        if warned
        else []
    )


@pytest.mark.parametrize(
    ("old", "new", "warned"),
    [
        (
            "{name: children, label: Số trẻ em, type: integer",
            "{name: so_tre_em, label: Số trẻ em, type: integer",
            "task 'supply-data/so-yt': 1 submission(s) fill 'children', which the deliverable "
            "no longer has as it was",
        ),
        (
            "{name: children, label: Số trẻ em, type: integer",
            "{name: children, label: Số trẻ em, type: number",
            "task 'supply-data/so-yt': 1 submission(s) fill 'children' (now number)",
        ),
    ],
)
def test_an_edit_that_leaves_handed_in_figures_out_says_so(
    registered: Engine, tmp_path: Path, old: str, new: str, warned: str
) -> None:
    from datetime import UTC, datetime

    from store_helpers import submit_as_owner

    at = datetime(2024, 7, 10, 3, tzinfo=UTC)
    submit_as_owner(registered, "supply-data/so-yt", data={"children": 4}, at=at, home=tmp_path)
    shutil.copytree(FIXTURES / "valid", tmp_path / "d")
    edited = tmp_path / "d" / "directive.yaml"
    text = edited.read_text("utf-8")
    assert old in text
    edited.write_text(text.replace(old, new, 1), "utf-8")
    with session_scope(registered) as session:
        result = register_directive(session, path=edited, actor=operator("t"), as_of=AS_OF)
    flagged = [w for w in result.warnings if w.startswith("task 'supply-data/so-yt'")]
    assert len(flagged) == 1
    assert flagged[0].startswith(warned)
    others = [w for w in result.warnings if "submission" in w and w not in flagged]
    assert others == []  # the agencies that handed nothing in are not named


def test_cancelling_a_task_with_handed_in_work_says_so(registered: Engine, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from store_helpers import submit_as_owner

    at = datetime(2024, 7, 10, 3, tzinfo=UTC)
    submit_as_owner(registered, "standing/so-yt", data={}, at=at, home=tmp_path)
    with session_scope(registered) as session:
        result = register_directive(session, path=EDITED, actor=operator("t"), as_of=AS_OF)
    assert "cancel   standing/so-yt" in [str(c) for c in result.changes]
    assert result.warnings == (
        "task 'standing/so-yt' is cancelled with its 1 submission(s): they stay stored and "
        "leave the reports",
    )
