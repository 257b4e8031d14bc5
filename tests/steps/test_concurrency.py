"""Two processes submitting at the same moment both succeed, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from store_helpers import submit_for

from directive_flow.store.db import make_engine, session_scope
from directive_flow.store.tables import AuditRow, SubmissionRow, TaskRow


def _worker(url: str, home: str, task: str, n: int, barrier: Any, results: Any) -> None:
    engine = make_engine(url)  # each process its own engine and connections
    agency = task.split("/")[1]
    barrier.wait(timeout=60)
    try:
        with session_scope(engine) as session:
            done = submit_for(
                session,
                directive="test-1-tb-vp",
                task=task,
                agency=agency,
                actor=f"proc-{task}",
                home=Path(home),
                data={"children": 7 + n},  # figures of their own: not the same version twice
            )
        results.put(("ok", task, done.version))
    except Exception as exc:  # report to the parent rather than dying silently
        results.put(("error", task, repr(exc)))
    finally:
        engine.dispose()


def _race(engine: Engine, home: Path, tasks: list[str]) -> list[tuple[str, str, Any]]:
    ctx = multiprocessing.get_context("fork")  # the worker needs no re-import
    barrier, results = ctx.Barrier(len(tasks)), ctx.Queue()
    url = engine.url.render_as_string(hide_password=False)
    procs = [
        ctx.Process(target=_worker, args=(url, str(home), t, n, barrier, results))
        for n, t in enumerate(tasks)
    ]
    for proc in procs:
        proc.start()
    out = [results.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    return sorted(out)


def test_two_processes_submit_the_same_task_at_once(registered: Engine, home: Path) -> None:
    results = _race(registered, home, ["supply-data/so-yt", "supply-data/so-yt"])
    assert results == [("ok", "supply-data/so-yt", 1), ("ok", "supply-data/so-yt", 2)]
    with session_scope(registered) as session:
        versions = session.scalars(select(SubmissionRow.version).order_by(SubmissionRow.version))
        assert list(versions) == [1, 2]
        audits = session.scalars(select(AuditRow).where(AuditRow.action == "submit")).all()
        assert len(audits) == 2


def test_two_processes_sending_the_same_figures_at_once_make_one_version(
    registered: Engine, home: Path
) -> None:
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    url = registered.url.render_as_string(hide_password=False)
    task = "supply-data/so-yt"
    procs = [ctx.Process(target=_worker, args=(url, str(home), task, 0, barrier, results))
             for _ in range(2)]  # fmt: skip
    for proc in procs:
        proc.start()
    out = sorted(results.get(timeout=60) for _ in procs)
    for proc in procs:
        proc.join(timeout=60)
    assert out == [("ok", task, 1), ("ok", task, 1)]
    with session_scope(registered) as session:
        assert list(session.scalars(select(SubmissionRow.version))) == [1]


def test_two_processes_submit_different_tasks_at_once(registered: Engine, home: Path) -> None:
    tasks = ["supply-data/ubnd-huyen-a", "supply-data/ubnd-huyen-b"]
    assert _race(registered, home, tasks) == [("ok", t, 1) for t in tasks]
    with session_scope(registered) as session:
        states = session.scalars(select(TaskRow.state).where(TaskRow.key.in_(tasks))).all()
        assert states == ["submitted", "submitted"]
