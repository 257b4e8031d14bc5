"""Two workers against one on a national store: reminders queued per registry (province).

Builds a store of several provinces (``scale_data.Store``, one live year each) on
PostgreSQL, the database a national deployment shares, and opens a week of reminders
(the outbox rows of the last ``--days`` days are removed, as after a week of downtime).
Then the work of every registry, ``queue_reminders(registry=...)`` (decide, render,
insert: what the partitioned ``remind`` flow runs under its concurrency limit), done by
one worker process registry after registry, and by two processes side by side, each
taking every other registry. The figure is the work per second of two against one
(aim: at least 1.6x). Between runs the queued rows are removed, so each run does the
same work. Worker processes are forked after the imports: only the work is timed.

Prefect is not in the loop: a partitioned flow run adds its fixed cost per run (see
``bench_flow_overhead.py``), the same whichever worker runs it.

    .venv/bin/python bench/bench_workers.py [--provinces 8] [--days 7] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from common import postgres
from scale_data import TODAY, Store, registry
from sqlalchemy import delete, exists, update

from directive_flow.steps.remind import queue_reminders
from directive_flow.store.db import make_engine, session_scope
from directive_flow.store.migrate import ensure_schema
from directive_flow.store.tables import OutboxRow, ReminderStepRow

AT = datetime(TODAY.year, TODAY.month, TODAY.day, 1, tzinfo=UTC)


def work(url: str, registries: list[str], home: str, start: Any, done: Any) -> None:
    """One worker: wait for the start, queue each registry's reminders, report the end."""
    engine = make_engine(url)
    start.wait()
    cpu, queued = time.process_time(), 0
    for reg in registries:
        with session_scope(engine) as session:
            result = queue_reminders(session, today=TODAY, registry=reg, home=Path(home), at=AT)
        queued += result.queued + result.skipped
    done.put((time.perf_counter(), queued, time.process_time() - cpu))
    engine.dispose()


def run(url: str, shares: list[list[str]], home: Path) -> tuple[float, int, float]:
    """Seconds from the start to the last worker's end, the rows queued, the workers' CPU
    seconds (the rest of the wall time is the database server's, or waiting)."""
    context = mp.get_context("fork")
    start, done = context.Event(), context.Queue()
    workers = [context.Process(target=work, args=(url, s, str(home), start, done)) for s in shares]
    for worker in workers:
        worker.start()
    time.sleep(0.5)  # every worker at the barrier
    began = time.perf_counter()
    start.set()
    ends = [done.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    return max(e[0] for e in ends) - began, sum(e[1] for e in ends), sum(e[2] for e in ends)


def reopen(url: str, days: int) -> int:
    """Remove the queued rows of the last ``days`` days (and of earlier runs): due again,
    their steps waiting again (``reminder_steps.queued`` false where the outbox lost them)."""
    engine = make_engine(url)
    since = AT - timedelta(days=days)
    step = ReminderStepRow
    held = exists().where(OutboxRow.task_id == step.task_id, OutboxRow.stage == step.stage)
    with session_scope(engine) as session:
        gone = session.execute(delete(OutboxRow).where(OutboxRow.created_at >= since))
        session.execute(
            update(step)
            .where(step.queued.is_(True), step.day >= since.date() - timedelta(days=1), ~held)
            .values(queued=False)
        )
    engine.dispose()
    return int(gone.rowcount)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--provinces", type=int, default=8)
    parser.add_argument("--days", type=int, default=7, help="days of reminders reopened")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with postgres() as url, tempfile.TemporaryDirectory() as folder:
        if url is None:  # said by postgres(): SQLite has one writer, nothing to share
            return
        engine = make_engine(url)
        ensure_schema(engine)
        built = Store(engine, provinces=args.provinces).grow(1)
        engine.dispose()
        print(f"{args.provinces} provinces, one live year each: {built.rows}", file=sys.stderr)
        registries = [registry(p) for p in range(args.provinces)]
        results: dict[str, list[float]] = {"one": [], "two": []}
        cpu: dict[str, list[float]] = {"one": [], "two": []}
        queued: dict[str, int] = {}
        for n in range(args.runs):
            for name, shares in (
                ("one", [registries]),
                ("two", [registries[0::2], registries[1::2]]),
            ):
                reopen(url, args.days)
                seconds, rows, used = run(url, shares, Path(folder) / f"{name}-{n}")
                results[name].append(round(seconds, 2))
                cpu[name].append(round(used, 2))
                queued[name] = rows
                print(
                    f"  run {n + 1}, {name} worker(s): {seconds:.2f} s, {rows:,} rows, "
                    f"workers' CPU {used:.2f} s",
                    file=sys.stderr,
                )
        assert queued["one"] == queued["two"], queued
        ratios = [round(o / t, 2) for o, t in zip(results["one"], results["two"], strict=True)]
        out = {"provinces": args.provinces, "rows_queued": queued["one"], "seconds": results,
               "two_vs_one": ratios, "worker_cpu_seconds": cpu, "cpus": os.cpu_count(), "load": os.getloadavg()}  # fmt: skip
        print(json.dumps(out))


if __name__ == "__main__":
    main()
