"""Store benchmark: status over 200,000 tasks, registering 1,000 assignments, 1,000 submissions.

Runs on SQLite (a temporary file) and, when DIRECTIVE_FLOW_TEST_POSTGRES_URL is set, on
PostgreSQL in a scratch database it creates and drops. Each figure is printed next to
its floor measured in the same run:

- status for every agency   vs a hand-written GROUP BY agency over the same table;
- register 1,000 assignments vs loading and planning the file + one bulk insert of its
  tasks, their reminder steps and their audit rows (``register_floor``);
- 1,000 submissions          vs 1,000 transactions of as many statements as a submission
  sends (a task lookup, then single-row inserts), begun as a submission's is.

(Until issue 11 the floors were plan + a bulk insert of the tasks alone, and single-row
INSERT transactions: both left out work the step must do.)

    .venv/bin/python bench/bench_store.py [--directives 10000] [--tasks-per 20]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from common import BENCH, best, big_directive, counting, postgres
from sqlalchemy import Engine, insert, select, text

from directive_flow.steps.intake import Intake
from directive_flow.steps.register import register_directive
from directive_flow.steps.status import status_report
from directive_flow.steps.submit import submit
from directive_flow.store.db import make_engine, read_scope, session_scope
from directive_flow.store.migrate import ensure_schema
from directive_flow.store.tables import AuditRow, DirectiveRow, DirectiveVersionRow, TaskRow

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2024, 12, 31)
AGENCIES = [f"agency-{i:02d}" for i in range(40)]
FLOOR_SQL = """
SELECT agency,
       CASE WHEN due IS NULL THEN 'no_deadline'
            WHEN completed_on IS NOT NULL AND completed_on <= :d AND completed_on <= due THEN 'on_time'
            WHEN completed_on IS NOT NULL AND completed_on <= :d THEN 'late'
            WHEN due >= :d THEN 'open' ELSE 'overdue' END AS state,
       count(*)
FROM tasks WHERE cancelled = :f GROUP BY 1, 2
"""


def generate(engine: Engine, directives: int, per: int) -> None:
    """Bulk-insert directives and tasks (not through register: that is timed separately)."""
    rng = random.Random(42)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(
            insert(DirectiveRow),
            [
                {
                    "id": f"d{i}",
                    "number": f"{i}/TB-VP",
                    "title": "t",
                    "issuer": "vp",
                    "current_version": 1,
                }
                for i in range(directives)
            ],
        )
        connection.execute(
            insert(DirectiveVersionRow),
            [
                {
                    "directive_id": f"d{i}",
                    "version": 1,
                    "source_path": "x.yaml",
                    "source_text": "kind: directive",
                    "sha256": "0" * 64,
                    "as_of": AS_OF,
                    "registered_by": "bench",
                    "registered_at": now,
                    "status": "active",
                }
                for i in range(directives)
            ],
        )
        batch: list[dict[str, Any]] = []
        for i in range(directives):
            for j in range(per):
                batch.append(_task(rng, f"d{i}", j))
                if len(batch) == 20_000:
                    connection.execute(insert(TaskRow), batch)
                    batch = []
        if batch:
            connection.execute(insert(TaskRow), batch)


def _task(rng: random.Random, directive: str, j: int) -> dict[str, Any]:
    due = None if rng.random() < 0.05 else date(2024, 1, 1) + timedelta(days=rng.randrange(500))
    done = due + timedelta(days=rng.randrange(-20, 40)) if due and rng.random() < 0.6 else None
    return {
        "directive_id": directive,
        "key": f"a{j}/{AGENCIES[j % len(AGENCIES)]}",
        "assignment": f"a{j}",
        "agency": rng.choice(AGENCIES),
        "period": None,
        "title": "việc",
        "deliverable": {"type": "report", "name": None, "fields": []},
        "as_written": None,
        "due": due,
        "original_due": due,
        "blocking": True,
        "key_task": False,
        "state": "submitted" if done else "assigned",
        "completed_on": done,
        "return_reason": None,
        "cancelled": False,
    }


def run_backend(
    name: str, url: str, args: argparse.Namespace, work: Path
) -> list[tuple[str, str, str, str]]:
    engine = make_engine(url)
    ensure_schema(engine)
    start = time.perf_counter()
    generate(engine, args.directives, args.tasks_per)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    print(
        f"[{name}] generated {args.directives:,} directives, {args.directives * args.tasks_per:,} tasks in {time.perf_counter() - start:.1f} s"
    )
    rows: list[tuple[str, str, str, str]] = []

    def status_all() -> None:  # every directive's tasks: this store has no closed history
        with read_scope(engine) as session:
            status_report(session, as_of=AS_OF, by_directive=False)

    def status_full() -> None:
        with read_scope(engine) as session:
            status_report(session, as_of=AS_OF)

    def floor() -> None:
        with engine.connect() as connection:
            connection.execute(text(FLOOR_SQL), {"d": AS_OF, "f": False}).all()

    seen, stop = counting(engine)
    status_all()
    stop()
    t_status, t_floor, t_full = best(status_all), best(floor), best(status_full)
    rows.append(
        (
            name,
            "status, every agency",
            f"{t_status * 1000:.0f} ms",
            f"floor {t_floor * 1000:.0f} ms, ratio {t_status / t_floor:.2f}, {len(seen)} statements",
        )
    )
    rows.append(
        (
            name,
            "status, agencies + directives",
            f"{t_full * 1000:.0f} ms",
            f"(+ {args.directives:,} per-directive rows)",
        )
    )

    from register_floor import floor_seconds

    path = big_directive(work, args.assignments)
    start = time.perf_counter()
    with session_scope(engine) as session:
        result = register_directive(session, path=path, actor=BENCH, as_of=AS_OF)
    t_register = time.perf_counter() - start
    t_floor = floor_seconds(engine, path, "bench-floor")
    rows.append(
        (
            name,
            f"register {args.assignments:,} assignments",
            f"{t_register * 1000:.0f} ms",
            f"floor (load + plan + bulk tasks, steps, audit) {t_floor * 1000:.0f} ms, ratio {t_register / t_floor:.2f}",
        )
    )

    keys = [c.key for c in result.changes][: args.submissions]
    home = work / f"home-{name}"
    seen, stop = counting(engine)
    start = time.perf_counter()
    for key in keys:
        with session_scope(engine) as session:
            agency = key.split("/")[1]
            intake = Intake.of(directive="bench-big", task=key, agency=agency, actor=BENCH)
            submit(session, intake, home=home)
    t_submit = time.perf_counter() - start
    stop()
    per = round(len([s for s in seen if s.split()[0] != "BEGIN"]) / len(keys))
    t_raw = submission_floor(engine, keys, per)
    rows.append(
        (
            name,
            f"{len(keys):,} submissions",
            f"{t_submit * 1000:.0f} ms ({t_submit / len(keys) * 1000:.2f} ms each)",
            f"floor {t_raw * 1000:.0f} ms ({per} statements per transaction), ratio {t_submit / t_raw:.2f}",
        )
    )
    engine.dispose()
    return rows


def submission_floor(engine: Engine, keys: list[str], statements: int) -> float:
    """One transaction per key, begun as a submission's (the write lock on SQLite), of
    ``statements`` statements: the task looked up by key, then single-row audit inserts."""
    audit = insert(AuditRow.__table__)  # type: ignore[arg-type]
    lookup = select(TaskRow.id).where(TaskRow.directive_id == "bench-big")
    start = time.perf_counter()
    for key in keys:
        with session_scope(engine) as session:
            connection = session.connection()
            task_id = connection.execute(lookup.where(TaskRow.key == key)).scalar_one()
            for _ in range(statements - 1):
                connection.execute(audit, {"at": datetime.now(UTC), "actor": "b",
                                           "action": "floor", "task_id": task_id})  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directives", type=int, default=10_000)
    parser.add_argument("--tasks-per", type=int, default=20)
    parser.add_argument("--assignments", type=int, default=1_000)
    parser.add_argument("--submissions", type=int, default=1_000)
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sqlite_dir = work / "sqlite"
        sqlite_dir.mkdir()
        rows += run_backend("sqlite", f"sqlite:///{work / 'bench.db'}", args, sqlite_dir)
        with postgres() as url:
            if url:
                pg_dir = work / "pg"
                pg_dir.mkdir()
                rows += run_backend("postgresql", url, args, pg_dir)
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    print()
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
