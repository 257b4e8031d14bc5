"""The planner: fan-out, deadlines, waits, reminders, critical path, and its invariants."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from strategies import directives

from directive_flow.definition.loaded import LoadedDirective
from directive_flow.errors import UsageError
from directive_flow.planning.plan import Plan, make_plan
from directive_flow.planning.validation import load_directive

VALID = Path(__file__).parents[1] / "fixtures" / "valid"
KONTUM = Path(__file__).parents[2] / "definitions" / "directives" / "kontum"


def load_generated(data: dict[str, Any]) -> LoadedDirective:
    """Write a generated directive beside the test registry and load it."""
    folder = Path(tempfile.mkdtemp())
    try:
        shutil.copy(VALID / "agencies.yaml", folder / "agencies.yaml")
        path = folder / "generated.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return load_directive(path)
    finally:
        shutil.rmtree(folder)


def test_group_lead_fans_out_to_every_member_recursively() -> None:
    plan = make_plan(load_directive(VALID / "directive.yaml"), as_of=date(2024, 7, 1))
    supply = [t.agency for t in plan.tasks if t.assignment == "supply-data"]
    assert supply == ["so-yt", "ubnd-huyen-a", "ubnd-huyen-b"]


def test_working_days_after_issue_skip_weekends() -> None:
    plan = make_plan(load_directive(VALID / "directive.yaml"), as_of=date(2024, 7, 1))
    # issued Mon 1 Jul 2024; ten working days later is Mon 15 Jul 2024
    assert {t.due for t in plan.tasks if t.assignment == "supply-data"} == {date(2024, 7, 15)}


def test_consumer_waits_on_every_supplier_task_and_is_on_the_critical_path() -> None:
    plan = make_plan(load_directive(VALID / "directive.yaml"), as_of=date(2024, 7, 1))
    final = next(t for t in plan.tasks if t.assignment == "finalize-report")
    assert final.waits_on == (
        "supply-data/so-yt",
        "supply-data/ubnd-huyen-a",
        "supply-data/ubnd-huyen-b",
    )
    assert plan.critical_path == ("supply-data", "finalize-report")


def test_standing_duty_has_no_date_and_no_reminders() -> None:
    plan = make_plan(load_directive(VALID / "directive.yaml"), as_of=date(2024, 7, 1))
    standing = next(t for t in plan.tasks if t.assignment == "standing")
    assert (standing.due, standing.reminders, standing.as_written) == (None, (), "thường xuyên")


def test_reference_notice_fans_section_5_out_to_nine_districts() -> None:
    plan = make_plan(load_directive(KONTUM / "2014-975-tb-vp.yaml"), as_of=date(2014, 7, 10))
    section5 = [t for t in plan.tasks if t.assignment.startswith("s5-")]
    assert len(section5) == 9
    assert len({t.agency for t in section5}) == 9


def test_reference_notice_section_6_feeds_the_six_month_report() -> None:
    plan = make_plan(load_directive(KONTUM / "2014-975-tb-vp.yaml"), as_of=date(2014, 7, 10))
    report = next(t for t in plan.tasks if t.assignment == "s1-hoan-chinh-bao-cao-6-thang")
    assert report.waits_on
    assert all(key.startswith("s6-cung-cap-so-lieu/") for key in report.waits_on)


def test_recurring_duty_gets_one_task_per_period_with_decree_09_cutoffs() -> None:
    loaded = load_directive(KONTUM / "2014-1234-ubnd-vx.yaml")
    plan = make_plan(loaded, as_of=date(2016, 12, 31))
    assert plan.periods == ("H2-2014", "H1-2015", "H2-2015", "H1-2016", "H2-2016")
    only = make_plan(loaded, as_of=date(2016, 12, 31), period="H1-2015")
    recurring = [t for t in only.tasks if t.period]
    assert recurring
    assert {t.period for t in recurring} == {"H1-2015"}
    calendar = loaded.directive.calendar.work_calendar()
    # every H1-2015 deadline is counted in working days from the 14 June 2015 cut-off
    assert all(
        t.due and t.due > date(2015, 6, 14) and calendar.is_working_day(t.due) for t in recurring
    )


def test_period_outside_every_recurrence_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="the directive has no recurring assignment"):
        make_plan(
            load_directive(VALID / "directive.yaml"), as_of=date(2024, 7, 1), period="H1-2026"
        )


def test_bad_period_label_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--period"):
        make_plan(load_directive(VALID / "directive.yaml"), as_of=date(2024, 7, 1), period="2026H1")


def _check_invariants(plan: Plan, loaded: LoadedDirective) -> None:
    calendar = loaded.directive.calendar.work_calendar()
    by_key = {t.key: t for t in plan.tasks}
    assert len(by_key) == len(plan.tasks), "task keys are unique"
    issued = loaded.directive.header.issued
    for task in plan.tasks:
        for supplier in task.waits_on:
            theirs = by_key[supplier].due
            if task.due and theirs:
                assert theirs <= task.due, f"{task.key} due before its supplier {supplier}"
        for step in task.reminders:
            assert task.due is not None
            assert calendar.is_working_day(step.on), step
            assert step.on >= issued, step
            assert (step.on <= task.due) if step.warns else (step.on > task.due), step


@settings(max_examples=60, deadline=None)
@given(directives())
def test_any_generated_directive_loads_and_plans_with_invariants(data: dict[str, Any]) -> None:
    loaded = load_generated(data)
    plan = make_plan(loaded, as_of=date(2025, 1, 1))
    _check_invariants(plan, loaded)


@settings(max_examples=30, deadline=None)
@given(directives())
def test_plan_output_is_deterministic_and_survives_a_yaml_round_trip(data: dict[str, Any]) -> None:
    loaded = load_generated(data)
    again = load_generated(
        yaml.safe_load(
            yaml.safe_dump(
                loaded.directive.model_dump(mode="json", exclude_none=True)
                | {"registry": "agencies.yaml"},
                allow_unicode=True,
            )
        )
    )
    assert again.directive == loaded.directive
    first = json.dumps(make_plan(loaded, as_of=date(2025, 1, 1)).to_json())
    assert first == json.dumps(make_plan(again, as_of=date(2025, 1, 1)).to_json())


@pytest.mark.parametrize("path", sorted(KONTUM.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_directives_hold_the_invariants(path: Path) -> None:
    loaded = load_directive(path)
    _check_invariants(make_plan(loaded, as_of=date(2017, 1, 1)), loaded)


def test_period_outside_the_recurrences_names_their_spans() -> None:
    with pytest.raises(UsageError, match=r"outside every recurrence \(.*H2-2014\.\.H2-2016"):
        make_plan(
            load_directive(KONTUM / "2014-1234-ubnd-vx.yaml"),
            as_of=date(2016, 12, 31),
            period="H1-2030",
        )
