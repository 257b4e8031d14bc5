"""The operator's forms: Vietnamese labels, plain widgets, review and extend, clean refusals."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.client.schemas.objects import State
from prefect.logging.handlers import APILogHandler
from prefect.utilities.callables import parameter_schema
from sqlalchemy import select

from directive_flow.store.db import open_store, session_scope
from directive_flow.store.tables import ExtensionRow, TaskRow
from flows.activate import activate
from flows.collect import collect
from flows.consolidate import consolidate
from flows.dashboard import dashboard
from flows.extend import extend
from flows.open_period import open_period
from flows.remind import remind
from flows.review import review
from flows.submit import SubmissionForm, submit

FIXTURES = Path(__file__).parents[1] / "fixtures"
VALID = FIXTURES / "valid"
D, SUPPLY = "test-1-tb-vp", "supply-data/so-yt"
FORMS = (activate, submit, review, extend, open_period, consolidate, dashboard, remind, collect)


def _logs(state: State[Any]) -> list[str]:
    """Every log line of the run ``state`` ended, as the API has it."""
    APILogHandler().flush()

    async def read() -> list[str]:
        async with get_client() as client:
            run = state.state_details.flow_run_id
            logs = await client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run]))
            )
            return [log.message for log in logs]

    return asyncio.run(read())


def _task(url: str, key: str) -> TaskRow:
    with session_scope(open_store(url)) as session:
        row = session.scalars(select(TaskRow).where(TaskRow.key == key)).one()
        session.expunge(row)
        return row


def _submitted(url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    form = SubmissionForm(directive=D, task=SUPPLY, agency="so-yt", data={"children": 12})
    submit(form, actor="Văn thư")
    assert _task(url, SUPPLY).state == "submitted"


@pytest.mark.parametrize("flow", FORMS, ids=lambda f: f.name)
def test_every_field_has_a_vietnamese_label_and_no_type_switch(flow: Callable[..., Any]) -> None:
    schema = parameter_schema(flow).model_dump_for_openapi()
    fields = dict(schema["properties"])
    for part in schema.get("definitions", {}).values():
        fields |= {f"{part['title']}.{k}": v for k, v in part.get("properties", {}).items()}
    for name, spec in fields.items():
        if "$ref" in spec:
            continue
        title = str(spec.get("title", ""))
        assert title != name.rsplit(".", 1)[-1], f"{name}: labelled by its name"
        assert not title.isascii(), f"{name}: {title!r} is not a Vietnamese label"
        assert spec.get("description"), name
        assert "anyOf" not in spec, f"{name}: an optional value is one widget, not a type switch"


def test_review_accepts_in_the_form_and_the_audit_names_the_operator(store_url: str) -> None:
    _submitted(store_url)
    said = review(directive=D, task=SUPPLY, decision="Chấp nhận", actor="Nguyễn Văn A")
    assert said == f"{D} {SUPPLY}: phiên bản 1 đã chấp nhận"
    assert _task(store_url, SUPPLY).state == "accepted"


def test_a_return_without_a_reason_ends_failed_in_one_vietnamese_line(store_url: str) -> None:
    _submitted(store_url)
    state = review(directive=D, task=SUPPLY, decision="Trả lại", return_state=True)
    assert state.is_failed()
    assert state.message == (
        f"Trả lại nhiệm vụ {SUPPLY} cần ghi rõ lý do. (returning task '{SUPPLY}' needs a reason)"
    )
    logs = _logs(state)
    assert state.message in logs
    assert not [line for line in logs if "Traceback" in line]
    assert _task(store_url, SUPPLY).state == "submitted", "nothing was decided"
    review(directive=D, task=SUPPLY, decision="Trả lại", reason="Thiếu số liệu quý II")
    row = _task(store_url, SUPPLY)
    assert (row.state, row.return_reason) == ("assigned", "Thiếu số liệu quý II")


def test_an_extension_is_asked_for_and_approved_from_the_form(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    before = _task(store_url, SUPPLY)
    until = date(2099, 12, 31)
    missing = extend(directive=D, task=SUPPLY, action="Đề nghị gia hạn", return_state=True)
    assert missing.is_failed()
    assert str(missing.message).startswith("Đề nghị gia hạn cần ghi ngày gia hạn đến và lý do.")
    state = extend(
        directive=D, task=SUPPLY, action="Đề nghị gia hạn", until=until, reason="Mưa lũ",
        return_state=True,
    )  # fmt: skip
    if before.due is not None and before.due < date.today():
        assert state.is_failed(), "a late request is refused"
        assert "đã quá hạn" in str(state.message)
        return
    assert state.is_completed()
    said = extend(directive=D, task=SUPPLY, action="Đồng ý gia hạn", actor="Lãnh đạo VP")
    assert said.endswith("đồng ý gia hạn đến 31/12/2099")
    assert _task(store_url, SUPPLY).due == until
    with session_scope(open_store(store_url)) as session:
        assert session.scalars(select(ExtensionRow.decided_by)).all() == ["Lãnh đạo VP"]


def test_an_unknown_task_names_what_exists_without_a_traceback(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    state = review(directive=D, task="supply-data/so-y", decision="Chấp nhận", return_state=True)
    assert state.is_failed()
    assert state.message is not None
    assert state.message.startswith(f"Văn bản {D} không có nhiệm vụ supply-data/so-y")
    assert "\n" not in state.message
    assert not [line for line in _logs(state) if "Traceback" in line]


def test_one_bad_file_is_refused_and_the_others_are_registered(
    store_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "definitions"
    shutil.copytree(VALID, folder / "valid")
    bad = (FIXTURES / "invalid" / "issuer-short-name.yaml").read_text(encoding="utf-8")
    (folder / "invalid").mkdir()
    (folder / "invalid" / "issuer.yaml").write_text(bad, encoding="utf-8")
    state = activate(path=str(folder), as_of=date(2024, 7, 1), return_state=True)
    assert state.is_failed()
    assert state.message == (
        "1/2 tệp định nghĩa bị từ chối: issuer.yaml (lỗi từng dòng trong nhật ký). "
        "(1 of 2 files refused: issuer.yaml)"
    )
    logs = _logs(state)
    assert any(line.endswith("issuer.yaml:7:11: header: issuer: 'Văn phòng UBND tỉnh' là tên, "
                             "không phải mã (có phải 'vp-ubnd'?)") for line in logs)  # fmt: skip
    assert not [line for line in logs if "Traceback" in line]
    assert _task(store_url, SUPPLY).state == "assigned", "the valid directive is registered"


def test_a_refused_submission_keeps_the_reasons_field_by_field(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    form = SubmissionForm(directive=D, task=SUPPLY, agency="so-yt", data={"children": "1.250,5"})
    state = submit(form, return_state=True)
    assert state.is_failed()
    assert state.message is not None
    assert state.message.startswith(f"Báo cáo, số liệu của nhiệm vụ {SUPPLY} bị từ chối (")
    assert "children: Cần một số nguyên, đã nhập '1.250,5'. (expected" in state.message
    assert "\n" not in state.message


def test_consolidate_names_a_task_only_with_its_directive(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    state = consolidate(task="finalize-report/so-ldtbxh", return_state=True)
    assert state.is_failed()
    assert state.message == (
        "Không thực hiện được: nhiệm vụ tổng hợp cần ghi kèm mã văn bản: finalize-report/so-ldtbxh"
    )
    assert consolidate(directive=D) == [], "nothing of it is ready to consolidate yet"
