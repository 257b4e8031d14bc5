"""The deployments: schedules in Vietnam's timezone, guards, and prefect.yaml in step."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import yaml
from prefect import Flow

from flows.deployments import PARTITIONS, deployments

ROOT = Path(__file__).parents[2]


def _by_name() -> dict[str, object]:
    return {d.name: d for d in deployments()}


def _schema(name: str) -> dict[str, Any]:
    """The parameter schema the UI builds its form from."""
    deployment = _by_name()[name]
    return deployment._parameter_openapi_schema.model_dump()  # type: ignore[attr-defined, no-any-return]


def test_every_flow_has_a_deployment() -> None:
    assert sorted(_by_name()) == [
        "activate",
        "collect",
        "consolidate",
        "dashboard",
        "extend",
        "open-period",
        "remind",
        "review",
        "submit",
    ]


def test_schedules_run_in_vietnam_time() -> None:
    crons = {
        d.name: (s.schedule.cron, s.schedule.timezone)  # type: ignore[union-attr]
        for d in deployments()
        for s in d.schedules or []
    }
    assert crons == {
        "collect": ("*/15 * * * *", "Asia/Ho_Chi_Minh"),
        "remind": ("0 8 * * 1-5", "Asia/Ho_Chi_Minh"),
        "consolidate": ("30 8 * * 1-5", "Asia/Ho_Chi_Minh"),
        "open-period": ("0 7 15 6,12 *", "Asia/Ho_Chi_Minh"),
        "dashboard": ("0 18 * * *", "Asia/Ho_Chi_Minh"),
    }


def test_side_effecting_deployments_run_one_at_a_time_or_one_per_registry() -> None:
    limits = {d.name: d.concurrency_limit for d in deployments()}
    assert limits["open-period"] == 1
    for name in ("remind", "collect", "consolidate"):  # one run per registry at once, in the flow
        assert limits[name] == PARTITIONS, name


def test_on_demand_deployments_describe_themselves_in_vietnamese() -> None:
    described = {d.name: d.description for d in deployments()}
    assert described["review"] == "Duyệt hồ sơ đã nộp: chấp nhận, hoặc trả lại kèm lý do."
    assert described["extend"].startswith("Gia hạn: ")
    assert all(described.values())


def test_prefect_yaml_declares_the_same_deployments() -> None:
    declared = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    served = {d.name: d for d in deployments()}
    assert sorted(d["name"] for d in declared) == sorted(served)
    for item in declared:
        deployment = served[item["name"]]
        assert _flow_at(item["entrypoint"]).name == deployment.flow_name
        assert item["entrypoint"] == _module_entrypoint(deployment.entrypoint)  # type: ignore[attr-defined]
        assert item["description"] == deployment.description
        assert item.get("concurrency_limit") == deployment.concurrency_limit, item["name"]
        assert item.get("parameters", {}) == (deployment.parameters or {})
        crons = [(s["cron"], s["timezone"]) for s in item.get("schedules", [])]
        assert crons == [(s.schedule.cron, s.schedule.timezone) for s in deployment.schedules or []]  # type: ignore[union-attr]


def test_prefect_yaml_deploys_paused_and_pulls_nothing() -> None:
    """Workers import the installed package; a deploy switches no schedule on."""
    project = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert project["pull"] == []
    schedules = [s for d in project["deployments"] for s in d.get("schedules", [])]
    assert len(schedules) == 5
    assert all(s["active"] is False for s in schedules)


def _flow_at(entrypoint: str) -> Flow[..., Any]:
    """The flow a worker imports for a module entrypoint ``package.module:function``."""
    module, _, name = entrypoint.partition(":")
    found = getattr(importlib.import_module(module), name)
    assert isinstance(found, Flow), entrypoint
    return found


def _module_entrypoint(file_entrypoint: str) -> str:
    """``flows/remind.py:remind`` (what serving from this checkout records) as a module path."""
    path, _, name = file_entrypoint.partition(":")
    return f"{path.removesuffix('.py').replace('/', '.')}:{name}"


def test_parameter_forms_carry_types_and_help() -> None:
    schema = _schema("submit")
    form = schema["definitions"]["SubmissionForm"]["properties"]
    assert (form["task"]["title"], form["received_on"]["format"]) == ("Nhiệm vụ", "date")
    remind = _schema("remind")
    day = remind["properties"]["day"]
    assert (day["type"], day["format"], day["title"]) == ("string", "date", "Ngày nhắc")
    assert "ngày nghỉ không gửi gì" in day["description"]
