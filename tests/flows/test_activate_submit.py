"""activate and submit, run as real flows against the harness."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from prefect.client.orchestration import get_client
from sqlalchemy import func, select

from directive_flow.store.db import open_store, session_scope
from directive_flow.store.tables import SubmissionRow, TaskRow
from flows.activate import activate
from flows.submit import SubmissionForm, submit

VALID = Path(__file__).parents[1] / "fixtures" / "valid"


def _count(url: str, what: type[TaskRow] | type[SubmissionRow]) -> int:
    with session_scope(open_store(url)) as session:
        return int(session.scalar(select(func.count()).select_from(what)) or 0)


async def _artifact(key: str) -> object:
    async with get_client() as client:
        return await client.read_latest_artifacts(limit=200)


def _latest_keys() -> set[str]:
    artifacts = asyncio.run(_artifact(""))
    return {a.key for a in artifacts if a.key}  # type: ignore[attr-defined]


def test_activate_registers_every_directive_under_a_folder(store_url: str) -> None:
    result = activate(path=str(VALID), as_of=date(2024, 7, 1))
    assert result == ["test-1-tb-vp: new"]
    assert _count(store_url, TaskRow) == 5
    assert activate(path=str(VALID), as_of=date(2024, 7, 1)) == ["test-1-tb-vp: unchanged"]
    keys = _latest_keys()
    assert {
        "dang-ky-chi-thi",
        "directive-test-1-tb-vp-tien-do",
        "directive-test-1-tb-vp-bang",
    } <= keys


def test_submit_form_stores_a_validated_submission(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    form = SubmissionForm(
        directive="test-1-tb-vp", task="supply-data/so-yt", agency="so-yt", data={"children": 12}
    )
    assert submit(form, actor="vp") == "supply-data/so-yt v1"
    assert _count(store_url, SubmissionRow) == 1


def test_a_refused_submission_fails_the_run_and_stores_nothing(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    wrong = SubmissionForm(
        directive="test-1-tb-vp", task="supply-data/so-yt", agency="so-ldtbxh", data={}
    )
    state = submit(wrong, return_state=True)
    assert state.is_failed()
    assert str(state.message).startswith(
        "Nhiệm vụ supply-data/so-yt là của so-yt; so-ldtbxh không được nộp thay."
    )
    assert _count(store_url, SubmissionRow) == 0
