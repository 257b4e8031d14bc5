"""Ten years of a province: what status, reminders, dashboards and register cost as history grows.

One store per backend grows backwards in time (``scale_data.Store``: the live year first,
then past years, 1,500 directives x 10 tasks each), measured at each size:

- status of live work (agencies and directives) vs the same two statements sent raw
  through the driver (floor), and status of all history for contrast;
- the reminder decision (``due_steps``) vs its statement sent raw;
- dashboards: finding and building what changed after 20 writes (the flows' publish,
  without Prefect's ~43 ms per artifact), and the first run of a new day;
- register of a 100-assignment directive into that store;
- the start of every delivery run (skipping the waiting rows of finished tasks) vs, for
  contrast, the statement it used before, which read every finished task;
- with ``--open-tasks N``, last, the reminder decision once N tasks are open (live-year
  tasks reopened), the history behind them unchanged;
- with ``--national 6,21,63``, a second store grown province by province (the live year of
  each): one province's decision (``remind --registry``), one directive's status, the
  dashboards after 20 writes and a registration, which should not grow with the nation;
  the nation's decision and status of live work, which follow it; each with its growth
  in the number of provinces.

Each figure's growth exponent k (time ~ size^k, least squares over the sizes) says whether
it follows history (k ~ 1) or live work (k ~ 0). Then register at 250 / 1,000 / 4,000
assignments against its floor (load + plan + one bulk insert of its tasks, reminder steps
and audit rows). SQLite always; PostgreSQL when DIRECTIVE_FLOW_TEST_POSTGRES_URL is set.

    .venv/bin/python bench/bench_scale.py            # 1, 3, 10 province-years
    .venv/bin/python bench/bench_scale.py --quick    # 1 and 3; one JSON object, < 1 min
    .venv/bin/python bench/bench_scale.py --sizes 10 --open-tasks 10000
    .venv/bin/python bench/bench_scale.py --sizes 1 --national 6,21,63
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from common import BENCH, best, big_directive, exponent, ms, postgres
from register_floor import register_sweep
from scale_data import TODAY, Store, registry
from sqlalchemy import Engine, String, cast, func, insert, literal, or_, select, update

from directive_flow.steps.dashboard import changed_dashboards
from directive_flow.steps.deliver import _skip_done
from directive_flow.steps.register import register_directive
from directive_flow.steps.remind import due_query, due_steps, queue_reminders
from directive_flow.steps.status import (
    ARCHIVE_AFTER_DAYS,
    _Exprs,
    _scope,
    live_directive_ids,
    status_report,
)
from directive_flow.store.db import make_engine, read_scope, session_scope
from directive_flow.store.migrate import ensure_schema
from directive_flow.store.tables import (
    AuditRow,
    DashboardRow,
    DirectiveRow,
    OutboxRow,
    ReminderStepRow,
    TaskRow,
    UtcDateTime,
)

CHANGED = 20  # directives written to between two dashboard publishes
Figures = dict[str, Any]


def raw(engine: Engine, statements: list[Any]) -> Callable[[], None]:
    """The statements compiled once and sent through the driver: no ORM, no row objects."""
    sql = [str(s.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
           for s in statements]  # fmt: skip

    def run() -> None:
        with engine.connect() as connection:
            for statement in sql:
                connection.exec_driver_sql(statement).all()

    return run


def status_live(engine: Engine) -> Figures:
    def library() -> None:
        with read_scope(engine) as session:
            status_report(session, as_of=TODAY, scope="live")

    with read_scope(engine) as session:
        ids = live_directive_ids(session, TODAY)
    exprs, where = _Exprs(TODAY, "extended"), _scope(None, None, ids)
    statements = [*_live_statements(), *(_grouped_statement(exprs, by, where)
                  for by in (TaskRow.agency, TaskRow.directive_id))]  # fmt: skip
    t, floor = best(library, 5), best(raw(engine, statements), 5)
    return {"ms": ms(t), "floor_ms": ms(floor), "ratio": round(t / floor, 2)}


def _live_statements() -> list[Any]:
    """The two statements ``live_directive_ids`` sends, for the floor."""
    cutoff = TODAY - timedelta(days=ARCHIVE_AFTER_DAYS)
    kept = (TaskRow.completed_on.is_(None), TaskRow.completed_on >= cutoff, TaskRow.due >= cutoff)
    keeps = [select(TaskRow.directive_id).where(TaskRow.cancelled.is_(False), k) for k in kept]
    historical = select(DirectiveRow.id).where(DirectiveRow.historical.is_(True))
    return [keeps[0].union(*keeps[1:]), historical]


def _grouped_statement(exprs: _Exprs, by: Any, where: list[Any]) -> Any:
    state, bucket = exprs.state.label("state"), exprs.bucket.label("bucket")
    return select(by, state, bucket, func.count()).where(*where).group_by(by, state, bucket)


def status_all(engine: Engine) -> Figures:
    def library() -> None:
        with read_scope(engine) as session:
            status_report(session, as_of=TODAY, scope="all")

    return {"ms": ms(best(library, 2))}


def remind_decision(engine: Engine) -> Figures:
    def library() -> int:
        with read_scope(engine) as session:
            return len(due_steps(session, today=TODAY))

    t, floor = best(library, 3), best(raw(engine, [due_query(today=TODAY)]), 3)
    open_ = select(func.count()).where(TaskRow.completed_on.is_(None), TaskRow.cancelled.is_(False))
    with read_scope(engine) as session:
        tasks, steps = session.scalar(open_), session.scalar(select(func.count(ReminderStepRow.id)))
    return {"ms": ms(t), "floor_ms": ms(floor), "ratio": round(t / floor, 2), "due": library(),
            "open_tasks": tasks, "steps": steps}  # fmt: skip


def remind_decision_at(engine: Engine, open_tasks: int) -> Figures:
    """The reminder decision once ``open_tasks`` tasks are open: live-year tasks completed
    so far are reopened, and their stages before today recorded as sent and queued (what
    the daily runs would have done while they stayed open), so that today's decision sees today's
    stages, not a backlog. The rest of the history is untouched. Run last on a store: it
    changes the live work."""
    live = select(TaskRow.id).where(
        TaskRow.directive_id.like(f"%-{TODAY.year}-%"),
        TaskRow.completed_on.is_not(None),
        TaskRow.cancelled.is_(False),
    )
    open_ = select(func.count()).where(TaskRow.completed_on.is_(None), TaskRow.cancelled.is_(False))
    with session_scope(engine) as session:
        more = max(0, open_tasks - (session.scalar(open_) or 0))
        ids = list(session.scalars(live.order_by(TaskRow.id).limit(more)))
        for start in range(0, len(ids), 10_000):
            chunk = ids[start : start + 10_000]
            session.execute(update(TaskRow).where(TaskRow.id.in_(chunk))
                            .values(completed_on=None, state="assigned"))  # fmt: skip
            session.execute(_sent_before_today(chunk))
            session.execute(update(ReminderStepRow).where(ReminderStepRow.task_id.in_(chunk),
                            ReminderStepRow.day < TODAY).values(queued=True))  # fmt: skip
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("ANALYZE tasks")
    return remind_decision(engine)


def _sent_before_today(task_ids: list[int]) -> Any:
    """``INSERT .. SELECT``: an outbox row, sent, for each stage of ``task_ids`` before
    today that the outbox does not hold."""
    step, box = ReminderStepRow, OutboxRow
    held = select(box.id).where(box.task_id == step.task_id, box.stage == step.stage)
    moment = literal(datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=UTC), UtcDateTime())
    key = literal("reopened:") + cast(step.task_id, String) + ":" + cast(step.stage, String)
    rows = select(key, step.task_id, step.stage, literal("email"), step.recipient,
                  literal("sent"), literal(1), moment, moment, moment).where(
        step.task_id.in_(task_ids), step.day < TODAY, ~held.exists()
    )  # fmt: skip
    columns = ["key", "task_id", "stage", "channel", "recipient", "status", "attempts",
               "created_at", "updated_at", "sent_at"]  # fmt: skip
    return insert(box).from_select(columns, rows)


def remind_dry_run(engine: Engine) -> Figures:
    """The whole deciding step (``queue_reminders(dry_run=True)``): the query, plus the
    directives and their calendars it loads first."""

    def library() -> None:
        with read_scope(engine) as session:
            queue_reminders(session, today=TODAY, dry_run=True)

    return {"ms": ms(best(library, 3))}


def dashboards(engine: Engine) -> Figures:
    """Every board published as of today; then 20 writes; what a flow run rebuilds."""
    _publish_everything(engine)
    _write_to(engine, CHANGED)

    def changed(day: Any = TODAY) -> int:
        with read_scope(engine) as session:
            return len(changed_dashboards(session, as_of=day))

    t, detect = best(changed, 3), best(lambda: _candidates(engine, TODAY), 3)
    start = time.perf_counter()
    next_day = changed(TODAY + timedelta(days=1))
    next_day_s = time.perf_counter() - start
    return {
        "detect_ms": ms(detect),
        "ms": ms(t),
        "boards": changed(),
        "next_day_ms": ms(next_day_s),
        "next_day_boards": next_day,
    }


def _candidates(engine: Engine, day: Any) -> int:
    from directive_flow.steps.dashboard import _candidates as query

    with read_scope(engine) as session:
        return len(session.scalars(query(day)).all())


def _publish_everything(engine: Engine) -> None:
    """The steady state after a day's runs: every directive published as of today, each
    with its latest audit event and the day its state next changes by itself (computed
    from the live tasks in one status pass, as ``steps.dashboard`` does per board)."""
    from directive_flow.steps.dashboard import _next_change

    with read_scope(engine) as session:
        report = status_report(session, as_of=TODAY, scope="live", with_tasks=True)
    by_directive: dict[str, list[Any]] = {}
    for task in report.tasks:
        by_directive.setdefault(task.directive, []).append(task)
    latest = select(func.max(AuditRow.id)).where(AuditRow.directive_id == DirectiveRow.id)
    with engine.begin() as connection:
        connection.execute(DashboardRow.__table__.delete())
        marks = connection.execute(select(DirectiveRow.id, latest.scalar_subquery())).all()
        rows = [{"directive_id": d, "audit_id": a or 0, "as_of": TODAY, "digest": "",
                 "next_change": _next_change(by_directive.get(d, ()), TODAY),
                 "published_at": _now()} for d, a in marks]  # fmt: skip
        connection.execute(insert(DashboardRow), rows)


def _write_to(engine: Engine, n: int) -> None:
    """A submission's footprint on ``n`` live directives: a task completed, an audit event.
    The last ones: in a national store, the newest province's, not province 0's that the
    other measures follow from size to size."""
    with session_scope(engine) as session:
        ids = live_directive_ids(session, TODAY)[-n:]
        for ident in ids:
            task = select(TaskRow.id).where(TaskRow.directive_id == ident).limit(1)
            session.execute(update(TaskRow).where(TaskRow.id == task.scalar_subquery())
                            .values(completed_on=TODAY, state="submitted"))  # fmt: skip
            session.add(AuditRow(at=_now(), actor="bench", action="submit", directive_id=ident))


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def register_into(engine: Engine, work: Path, size: int, store: str = "province") -> Figures:
    """Register a directive of 100 assignments into the store at ``size``; then make it
    historical, out of the live work the next size measures."""
    folder = work / f"register-{store}-{size}"
    folder.mkdir()
    path = big_directive(folder, 100)
    path.write_text(path.read_text().replace("id: bench-big", f"id: bench-big-{store}-{size}"))
    start = time.perf_counter()
    with session_scope(engine) as session:
        result = register_directive(session, path=path, actor=BENCH, as_of=TODAY)
    elapsed = time.perf_counter() - start
    with session_scope(engine) as session:  # out of the live work the next size measures
        session.get_one(DirectiveRow, result.directive).historical = True
    return {"ms": ms(elapsed), "tasks": len(result.changes)}


def delivery_start(engine: Engine) -> Figures:
    """What every delivery run does first: skip the waiting outbox rows of tasks finished
    since queueing (``steps.deliver._skip_done``), which should follow the waiting rows;
    against, for contrast, the statement it used before, ``task_id IN (every finished
    task)``, sent raw."""
    finished = select(TaskRow.id).where(
        or_(TaskRow.completed_on.is_not(None), TaskRow.state == "accepted", TaskRow.cancelled)
    )
    waiting = OutboxRow.status.in_(("pending", "failed"))
    before = select(OutboxRow.id).where(waiting, OutboxRow.task_id.in_(finished))
    with read_scope(engine) as session:
        rows = session.scalar(select(func.count()).where(waiting))
    t, old = best(lambda: _skip_done(engine, _now()), 3), best(raw(engine, [before]), 3)
    return {"ms": ms(t), "before_ms": ms(old), "waiting": rows}


MEASURES: dict[str, Callable[[Engine], Figures]] = {
    "status_live": status_live,
    "status_all": status_all,
    "remind_decision": remind_decision,
    "remind_dry_run": remind_dry_run,
    "dashboard_changed": dashboards,
    "delivery_start": delivery_start,
}


def run_backend(
    url: str, sizes: list[int], work: Path, log: Callable[[str], None], per_year: int = 1_500
) -> Figures:
    """Every measure at each size (province-years of ``per_year`` directives), and growth."""
    engine = make_engine(url)
    ensure_schema(engine)
    store, by_size = Store(engine, per_year=per_year), {}
    for years in sizes:
        start = time.perf_counter()
        built = store.grow(years)
        log(f"  {years} province-year(s): {built.rows} in {time.perf_counter() - start:.0f} s")
        figures = {name: measure(engine) for name, measure in MEASURES.items()}
        figures["register_100"] = register_into(engine, work, years)
        by_size[years] = figures | {"rows": dict(built.rows)}
        log(f"    {json.dumps(figures, ensure_ascii=False)}")
    growth = {name: exponent([float(s) for s in sizes], [by_size[s][name]["ms"] for s in sizes])
              for name in [*MEASURES, "register_100"]}  # fmt: skip
    engine.dispose()
    return {"sizes": by_size, "growth": growth}


def registry_decision(engine: Engine, province: int = 0) -> Figures:
    """One province's reminder decision in a national store (``remind --registry``, the
    unit that workers share out): its statement sent raw is the floor."""
    mine = registry(province)

    def library() -> int:
        with read_scope(engine) as session:
            return len(due_steps(session, today=TODAY, registry=mine))

    def whole_step() -> None:
        with read_scope(engine) as session:
            queue_reminders(session, today=TODAY, registry=mine, dry_run=True)

    t, floor = best(library, 3), best(raw(engine, [due_query(today=TODAY, registry=mine)]), 3)
    return {"ms": ms(t), "floor_ms": ms(floor), "ratio": round(t / floor, 2), "due": library(),
            "dry_run_ms": ms(best(whole_step, 3))}  # fmt: skip


def directive_status(engine: Engine, province: int = 0) -> Figures:
    """The status of one of province ``province``'s live directives (``status DIRECTIVE``,
    the portal's directive page): what one clerk or operator asks of a national store."""
    with read_scope(engine) as session:
        mine = select(DirectiveRow.id).where(DirectiveRow.registry_id == registry(province))
        ident = min(set(live_directive_ids(session, TODAY)) & set(session.scalars(mine)))

    def library() -> None:
        with read_scope(engine) as session:
            status_report(session, as_of=TODAY, directive=ident, with_tasks=True)

    return {"ms": ms(best(library, 5)), "directive": ident}


def registry_status(engine: Engine, province: int = 0) -> Figures:
    """One province's status of live work in a national store (``status --registry``):
    against the same counts of that province's live directives, their ids given (the
    floor: the grouped statements alone, the ids known in advance)."""
    mine = registry(province)

    def library() -> None:
        with read_scope(engine) as session:
            status_report(session, as_of=TODAY, scope="live", registry=mine)

    with read_scope(engine) as session:
        ids = live_directive_ids(session, TODAY, registry=mine)
    exprs, where = _Exprs(TODAY, "extended"), _scope(None, None, ids)
    statements = [
        _grouped_statement(exprs, by, where) for by in (TaskRow.agency, TaskRow.directive_id)
    ]
    t, floor = best(library, 5), best(raw(engine, statements), 5)
    return {
        "ms": ms(t),
        "floor_ms": ms(floor),
        "ratio": round(t / floor, 2),
        "directives": len(ids),
    }


NATIONAL: dict[str, Callable[[Engine], Figures]] = {
    "registry_decision": registry_decision,
    "registry_status": registry_status,
    "nation_decision": remind_decision,
    "directive_status": directive_status,
    "nation_status_live": status_live,
    "dashboard_changed": dashboards,
}


def run_national(
    url: str, provinces: list[int], work: Path, log: Callable[[str], None], per_year: int = 1_500
) -> Figures:
    """The live year of more and more provinces on one store (a national deployment grown
    province by province): one province's decision, one directive's status, the boards a
    flow run republishes and a registration should not grow with the nation (k ~ 0); the
    nation's own decision and status follow the nation's live work (k ~ 1)."""
    engine = make_engine(url)
    ensure_schema(engine)
    store, by_size = Store(engine, provinces=0, per_year=per_year), {}
    for count in provinces:
        start = time.perf_counter()
        built = store.widen(count)
        log(
            f"  {count} province(s), live year: {built.rows} in {time.perf_counter() - start:.0f} s"
        )
        figures = {name: measure(engine) for name, measure in NATIONAL.items()}
        figures["register_100"] = register_into(engine, work, count, "national")
        by_size[count] = figures | {"rows": dict(built.rows)}
        log(f"    {json.dumps(figures, ensure_ascii=False)}")
    growth = {name: exponent([float(s) for s in provinces], [by_size[s][name]["ms"] for s in provinces])
              for name in [*NATIONAL, "register_100"]}  # fmt: skip
    engine.dispose()
    return {"sizes": by_size, "growth": growth}


def status_start(work: Path, runs: int = 5) -> Figures:
    """``directive-flow status`` in a new process on a one-directive store, against the
    floor of importing what it must (SQLAlchemy's ORM, the settings, the tables) and exiting
    as the script does."""
    import os
    import statistics
    import subprocess

    url = f"sqlite:///{work / 'start.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    with session_scope(engine) as session:
        register_directive(session, path=big_directive(work, 10), actor=BENCH, as_of=TODAY)
    engine.dispose()
    env = os.environ | {"DIRECTIVE_FLOW_DATABASE_URL": url, "DIRECTIVE_FLOW_HOME": str(work)}
    # Both leave as the script does: the collector frozen, so exit does not walk the heap.
    floor = "import gc, sqlalchemy.orm, directive_flow.settings, directive_flow.store.tables\n"
    floor += "gc.freeze()"
    cli = ["-m", "directive_flow.cli", "status", "--format", "json"]  # as the script runs it

    def median(args: list[str]) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, *args], env=env, check=True,
                           capture_output=True)  # fmt: skip
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    t, t_floor = median(cli), median(["-c", floor])
    return {"ms": ms(t), "floor_ms": ms(t_floor), "ratio": round(t / t_floor, 2)}


@contextmanager
def national_store(url: str, work: Path, name: str) -> Iterator[str]:
    """A second, empty store beside the province's: a SQLite file, or a scratch database."""
    if name == "sqlite":
        yield f"sqlite:///{work / 'national.db'}"
        return
    from directive_flow.store.testing import scratch_database

    with scratch_database(url) as scratch:
        yield scratch


@contextmanager
def backends(work: Path) -> Iterator[list[tuple[str, str]]]:
    with postgres() as pg:
        found = [("sqlite", f"sqlite:///{work / 'scale.db'}")]
        yield found + ([("postgresql", pg)] if pg else [])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the two smallest sizes, JSON")
    parser.add_argument("--sizes", default="1,3,10", help="province-years, e.g. 1,3,10")
    parser.add_argument(
        "--open-tasks",
        type=int,
        default=0,
        metavar="N",
        help="then, on the largest store, reopen live tasks until N are open and time the "
        "reminder decision again (issue 11: 10,000 open among the history)",
    )
    parser.add_argument(
        "--national",
        default="",
        metavar="P,P,P",
        help="also a national store grown to these numbers of provinces (live year each), "
        "e.g. 6,21,63 (10.5x); its own store, after the province's",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")][: 2 if args.quick else None]
    sweep = (250, 500) if args.quick else (250, 1000, 4000)  # quick: under a minute here
    log = (lambda _: None) if args.quick else print
    started, out = time.perf_counter(), {}
    with tempfile.TemporaryDirectory() as folder, backends(Path(folder)) as found:
        for name, url in found:
            log(f"[{name}]")
            work = Path(folder) / name
            work.mkdir()
            out[name] = run_backend(url, sizes, work, log)
            if args.open_tasks:  # on the largest store, last: it reopens live tasks
                engine = make_engine(url)
                out[name]["remind_decision_open"] = remind_decision_at(engine, args.open_tasks)
                engine.dispose()
                log(f"  decision at {args.open_tasks:,} open: {out[name]['remind_decision_open']}")
            runs = 1 if args.quick else 3
            out[name]["register"] = register_sweep(url, name, sweep, work, runs)
            log(f"  register: {json.dumps(out[name]['register'])}")
            if args.national:
                nation = [int(p) for p in args.national.split(",")]
                with national_store(url, Path(folder), name) as nation_url:
                    out[name]["national"] = run_national(nation_url, nation, work, log)
        out["status_start"] = status_start(Path(folder), 1 if args.quick else 7)
        log(f"status start: {out['status_start']}")
    out["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(out, ensure_ascii=False, indent=None if args.quick else 2))


if __name__ == "__main__":
    main()
