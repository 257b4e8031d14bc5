"""Runs that would do nothing are refused in one Vietnamese line; look-backs keep the live boards.

An unknown registry, a path outside the service's folders or without definitions, a period
no directive reaches, a dashboard day before a directive or after today: each ends the run
Failed, says what the operator can do in the form, and logs no traceback.
"""

from __future__ import annotations

import asyncio
import inspect
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from prefect import Task
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.client.schemas.objects import State
from prefect.logging.handlers import APILogHandler
from prefect.utilities.schema_tools import validate
from sqlalchemy import select

import flows.activate
import flows.common
import flows.consolidate
import flows.remind
from directive_flow.bundled import examples
from directive_flow.steps.common import local_today
from directive_flow.store.db import open_store, read_scope
from directive_flow.store.tables import DirectiveRow
from flows.activate import DEFINITIONS_ENV, activate
from flows.collect import collect
from flows.dashboard import dashboard
from flows.deployments import deployments
from flows.open_period import open_period
from flows.remind import remind

VALID = Path(__file__).parents[1] / "fixtures" / "valid"
D = "test-1-tb-vp"


def _logs(state: State[Any]) -> list[str]:
    """Every log line of the run ``state`` ended, as the API has it."""
    APILogHandler().flush()

    async def read() -> list[str]:
        async with get_client() as client:
            run = state.state_details.flow_run_id
            found = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run]))
            return [log.message for log in await client.read_logs(log_filter=found)]

    return asyncio.run(read())


def _refused(state: State[Any], message: str) -> None:
    """Failed with ``message``, said once in the run's log, without a traceback."""
    assert state.is_failed()
    assert state.message == message
    logs = _logs(state)
    assert logs.count(message) == 1, logs
    assert not [line for line in logs if "Traceback" in line], logs


def _registry(url: str) -> str:
    with read_scope(open_store(url)) as session:
        return str(session.scalars(select(DirectiveRow.registry_id)).one())


def test_a_day_left_empty_passes_the_servers_check_and_stays_one_date_picker() -> None:
    for deployment in deployments():
        schema = deployment._parameter_openapi_schema.model_dump_for_openapi()
        days = {k: v for k, v in schema["properties"].items() if v.get("format") == "date"}
        for name, spec in days.items():
            assert (spec["type"], "anyOf" in spec, "default" in spec) == ("string", False, False)
            others = dict.fromkeys(schema.get("required", []), "x")  # only the day is looked at
            for value, ok in ((None, True), ("2024-07-01", True), ("01/07/2024", False)):
                errors = [e for e in validate({**others, name: value}, schema) if name in e.path]
                assert not errors if ok else errors, (deployment.name, name, value)
    [submit] = [d for d in deployments() if d.name == "submit"]
    schema = submit._parameter_openapi_schema.model_dump_for_openapi()
    form = {"directive": D, "task": "t", "agency": "a", "received_on": None}
    assert validate({"submission": form}, schema) == []


def test_settle_seconds_is_bounded_in_the_form() -> None:
    [deployment] = [d for d in deployments() if d.name == "collect"]
    schema = deployment._parameter_openapi_schema.model_dump_for_openapi()
    assert validate({"settle_seconds": 1e20}, schema), "1e20 seconds is refused"
    assert validate({"settle_seconds": -1}, schema)
    assert validate({"settle_seconds": 86_400}, schema) == []


def test_task_names_are_drawn_by_the_run_graph() -> None:
    modules = (flows.activate, flows.common, flows.consolidate, flows.remind)
    tasks = [t for m in modules for _, t in inspect.getmembers(m) if isinstance(t, Task)]
    assert len(tasks) >= 6
    for task in tasks:
        assert task.name.isascii(), task.name  # the graph's font drops accented letters
        assert task.description, task.name
        assert not task.description.isascii(), task.name


def test_an_unknown_registry_is_refused_naming_the_known_ones(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    known = _registry(store_url)
    message = f"Không có danh mục 'khong-ton-tai' (có: {known})."
    for flow in (remind, collect):
        _refused(flow(registry="khong-ton-tai", return_state=True), message)


def test_remind_with_a_future_day_says_what_the_form_can_do(store_url: str) -> None:
    later = local_today() + timedelta(days=3)
    _refused(
        remind(day=later, return_state=True),
        f"Ngày nhắc {later:%d/%m/%Y} sau hôm nay: chỉ nhắc được cho hôm nay hoặc một ngày đã "
        "qua; để trống ô Ngày nhắc để nhắc cho hôm nay.",
    )


def test_activate_reads_only_the_services_folders(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DEFINITIONS_ENV)
    home = (tmp_path / "home").resolve()
    state = activate(path="../../../../etc", return_state=True)
    _refused(
        state,
        f"Chỉ đăng ký được tệp định nghĩa trong các thư mục: {home}; {examples()}. "
        "'../../../../etc' nằm ngoài các thư mục đó.",
    )
    (home / "trong").mkdir(parents=True)
    _refused(
        activate(path="trong", return_state=True),
        "Không có tệp định nghĩa chỉ thị nào (.yaml) ở 'trong'.",
    )


def test_a_period_no_directive_reaches_is_refused(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    _refused(
        open_period(period="H1-1800", return_state=True),
        "Kỳ H1-1800 kết thúc trước ngày ban hành văn bản sớm nhất (01/07/2024): không có "
        "nhiệm vụ nào để mở.",
    )
    _refused(
        open_period(period="Y-2300", return_state=True),
        "Kỳ Y-2300 sau năm 2199: hãy kiểm tra lại năm của kỳ báo cáo.",
    )


def test_a_look_back_keeps_the_live_boards(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    keys: list[str] = []
    for name in ("create_progress_artifact", "create_table_artifact", "create_markdown_artifact"):
        monkeypatch.setattr(flows.common, name, lambda *a, **k: keys.append(k["key"]))
    assert dashboard(as_of=date(2024, 7, 20)) == 1
    assert sorted(keys) == [
        f"directive-{D}-bang-ngay-20240720",
        f"directive-{D}-tien-do-ngay-20240720",
        f"directive-{D}-tom-tat-ngay-20240720",
    ]
    _refused(
        dashboard(directive=D, as_of=date(1800, 1, 1), return_state=True),
        f"Ngày 01/01/1800 trước ngày ban hành văn bản {D} (01/07/2024): chưa có gì để theo dõi.",
    )
    later = local_today() + timedelta(days=1)
    _refused(
        dashboard(as_of=later, return_state=True),
        f"Ngày {later:%d/%m/%Y} sau hôm nay: bảng theo dõi chỉ tính đến hôm nay; để trống ô "
        "Tính đến ngày để xem hôm nay.",
    )
