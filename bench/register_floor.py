"""Register at several directive sizes against an honest floor, on an empty store.

The floor does what any registration must: load and validate the file, plan it, then in
one transaction insert its tasks (their ids returned), every task's reminder steps and
one audit row per task, with SQLAlchemy Core ``executemany``. ``register_directive`` also
diffs against the store, links dependencies, versions the text and syncs the agencies.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from common import BENCH, big_directive, counting
from sqlalchemy import Engine, insert

from directive_flow.planning.plan import make_plan
from directive_flow.planning.validation import load_directive
from directive_flow.steps.register import register_directive
from directive_flow.store.db import make_engine, session_scope
from directive_flow.store.migrate import ensure_schema
from directive_flow.store.tables import AuditRow, Base, DirectiveRow, ReminderStepRow, TaskRow
from directive_flow.store.testing import scratch_database

AS_OF = date(2024, 12, 31)


def register_sweep(
    url: str, name: str, sizes: Iterable[int], work: Path, runs: int = 3
) -> dict[str, Any]:
    """Per size, the best of ``runs`` (each on a fresh store): register and floor (ms),
    statements, per-task cost; how the per-task cost grows from the smallest size."""
    figures: dict[str, Any] = {}
    for n in sizes:
        tries = []
        for run in range(runs):
            with _empty(url, name, work / f"sweep-{n}-{run}") as engine:
                tries.append(_one(engine, work / f"files-{n}-{run}", n))
        figures[str(n)] = min(tries, key=lambda t: t["ms"]) | {
            "floor_ms": min(t["floor_ms"] for t in tries)
        }
        figures[str(n)]["ratio"] = round(figures[str(n)]["ms"] / figures[str(n)]["floor_ms"], 2)
    first, last = figures[str(min(sizes))], figures[str(max(sizes))]
    figures["per_task_growth"] = round(last["us_per_task"] / first["us_per_task"], 2)
    return figures


@contextmanager
def _empty(url: str, name: str, folder: Path) -> Iterator[Engine]:
    """A fresh store of the backend: a new SQLite file, a new PostgreSQL database."""
    folder.mkdir(parents=True)
    if name == "sqlite":
        engine = make_engine(f"sqlite:///{folder / 'register.db'}")
        ensure_schema(engine)
        yield engine
        engine.dispose()
        return
    with scratch_database(url) as fresh:
        engine = make_engine(fresh)
        ensure_schema(engine)
        yield engine
        engine.dispose()


def _one(engine: Engine, folder: Path, n: int) -> dict[str, Any]:
    folder.mkdir()
    path = big_directive(folder, n)
    seen, stop = counting(engine)
    start = time.perf_counter()
    with session_scope(engine) as session:
        result = register_directive(session, path=path, actor=BENCH, as_of=AS_OF)
    t_register = time.perf_counter() - start
    stop()
    t_floor = floor_seconds(engine, path)
    tasks = len(result.changes)
    return {
        "tasks": tasks,
        "ms": round(t_register * 1000),
        "floor_ms": round(t_floor * 1000),
        "ratio": round(t_register / t_floor, 2),
        "statements": len(seen),
        "us_per_task": round(t_register / tasks * 1e6),
    }


def floor_seconds(engine: Engine, path: Path, ident: str = "floor") -> float:
    """The floor's time for the file at ``path``, written as directive ``ident``."""
    start = time.perf_counter()
    plan = make_plan(load_directive(path), as_of=AS_OF)
    at = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(insert(DirectiveRow), [_directive(ident)])
        returned = connection.execute(
            insert(_table(TaskRow)).returning(_table(TaskRow).c.key, _table(TaskRow).c.id),
            [_task(t, ident) for t in plan.tasks],
        )
        ids = dict(returned.all())  # type: ignore[arg-type]
        steps = [{"task_id": ids[t.key], "stage": s.stage, "day": s.on, "recipient": s.to}
                 for t in plan.tasks for s in t.reminders]  # fmt: skip
        if steps:
            connection.execute(insert(_table(ReminderStepRow)), steps)
        audit = [{"at": at, "actor": "bench", "action": "task-add", "directive_id": ident,
                  "task_id": ids[t.key]} for t in plan.tasks]  # fmt: skip
        connection.execute(insert(_table(AuditRow)), audit)
    return time.perf_counter() - start


def _table(model: type[Base]) -> Any:
    return Base.metadata.tables[model.__tablename__]


def _directive(ident: str) -> dict[str, Any]:
    return {"id": ident, "number": "1", "title": "t", "issuer": "vp-ubnd", "current_version": 1}


def _task(task: Any, ident: str) -> dict[str, Any]:
    return {
        "directive_id": ident,
        "key": task.key,
        "assignment": task.assignment,
        "agency": task.agency,
        "period": task.period,
        "title": "Việc",
        "deliverable": {"type": "report"},
        "due": task.due,
        "original_due": task.due,
        "state": "assigned",
        "cancelled": False,
        "blocking": True,
        "key_task": False,
        "consolidates": False,
    }


if __name__ == "__main__":  # a quick look: SQLite only
    with tempfile.TemporaryDirectory() as tmp:
        print(register_sweep("sqlite://", "sqlite", (250, 1000, 4000), Path(tmp)))
