"""Province-years of history in bulk: directives, tasks, reminder steps, outbox, audit.

No CLI and no ``register``: rows go straight in (COPY on PostgreSQL, the driver's
``executemany`` on SQLite) so that ten years take seconds. Each province-year holds
1,500 directives x 10 tasks of 60 agencies, the tasks' real reminder timelines (default
policy, Vietnamese calendar), every reminder sent before the task was completed, and
the audit rows registering and submitting (about three per task).

Past years are closed: their tasks completed (95%) or cancelled (5%) months ago. The
current year (up to ``TODAY``) is live: its tasks due in the past are completed on time
or late (70%) or still open; those due later are mostly open. So the live work is the
same whatever the number of years behind it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, Index, text

from directive_flow.calendar import default_calendar
from directive_flow.definition.model import ReminderPolicy
from directive_flow.planning.timeline import ReminderStep, timeline

TODAY = date(2024, 10, 15)  # a Tuesday
AGENCIES = 60
BENCH_POLICY = ReminderPolicy(before_due=(10, 5, 3, 1))  # ten stages a task
POLICY = BENCH_POLICY.model_dump(mode="json")
DELIVERABLE = {"type": "report", "name": None, "fields": []}
CHUNK = 20_000


@dataclass
class Built:
    """Rows written per table so far, and the directives of the live year."""

    rows: dict[str, int] = field(default_factory=dict)
    live_directives: list[str] = field(default_factory=list)

    def add(self, table: str, n: int) -> None:
        """Count ``n`` more rows of ``table``."""
        self.rows[table] = self.rows.get(table, 0) + n


def registry(p: int) -> str:
    """Province ``p``'s registry id."""
    return f"tinh-{p:02d}"


def agency(p: int, i: int) -> str:
    """Agency ``i`` of province ``p``."""
    return f"p{p:02d}-so-{i:02d}"


class Store:
    """A store that grows backwards in time: the live year first, then past years.

    ``grow(n)`` adds past years until every province holds ``n`` years, so the three
    sizes of a bench are one database measured as it grows (each size costs only its
    own new years to build).
    """

    def __init__(
        self, engine: Engine, *, provinces: int = 1, per_year: int = 1_500, tasks_per: int = 10
    ) -> None:
        self.engine, self.provinces = engine, provinces
        self.per_year, self.tasks_per = per_year, tasks_per
        self.years, self.built = 0, Built()
        self.rng = random.Random(7)
        self.calendar = default_calendar()
        self.timelines: dict[date, tuple[ReminderStep, ...]] = {}
        self.task_id = 0

    def grow(self, years: int) -> Built:
        """Add years (the live one first, then earlier ones) up to ``years``."""
        with self.engine.connect() as connection:
            _sqlite_pragmas(connection, "foreign_keys=OFF", "cache_size=-400000")
            with connection.begin():
                self._load_years(connection, range(self.years, years))
            _sqlite_pragmas(connection, "foreign_keys=ON")
        self._analyse()
        self.years = max(self.years, years)
        return self.built

    def widen(self, provinces: int) -> Built:
        """Add provinces, each with as many years as the others (at least the live one),
        up to ``provinces``: a national store grown province by province."""
        years = max(self.years, 1)
        with self.engine.connect() as connection:
            _sqlite_pragmas(connection, "foreign_keys=OFF", "cache_size=-400000")
            with connection.begin():
                self._load_years(connection, range(years), range(self.provinces, provinces))
            _sqlite_pragmas(connection, "foreign_keys=ON")
        self.years, self.provinces = years, max(self.provinces, provinces)
        self._analyse()
        return self.built

    def _analyse(self) -> None:
        if self.engine.dialect.name == "postgresql":  # visibility map and hint bits set, as
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.exec_driver_sql("VACUUM ANALYZE")  # autovacuum keeps a live store

    def _load_years(
        self, connection: Connection, back: range, new_provinces: range | None = None
    ) -> None:
        """The years ``back`` of every province, or of ``new_provinces`` (with their
        agencies) when given."""
        if connection.dialect.name == "postgresql":  # no per-row foreign-key triggers
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        indexes = _drop_indexes(connection)  # built once at the end: faster than per row
        self.task_id = connection.execute(
            text("SELECT coalesce(max(id), 0) FROM tasks")
        ).scalar_one()
        provinces = range(self.provinces) if new_provinces is None else new_provinces
        if self.years == 0 or new_provinces is not None:
            for p in provinces:
                agencies = [_agency_row(p, i) for i in range(AGENCIES)]
                _load(connection, "agencies", agencies, self.built)
        for offset in back:
            for p in provinces:
                for table, rows in self._year(p, TODAY.year - offset):
                    _load(connection, table, rows, self.built)
        for index in indexes:
            index.create(connection)
        _fix_sequences(connection)
        connection.execute(text("ANALYZE"))

    def _year(self, p: int, year: int) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
        directives, versions, tasks, steps, outbox, audit = [], [], [], [], [], []
        for d in range(self.per_year):
            ident = f"p{p:02d}-{year}-{d:04d}"
            issued = self._issued(year)
            directives.append(_directive_row(ident, p, issued))
            versions.append(_version_row(ident, issued))
            audit.append(_audit(ident, None, "register", issued))
            if year == TODAY.year:
                self.built.live_directives.append(ident)
            for j in range(self.tasks_per):
                self._task(p, ident, j, issued, tasks, steps, outbox, audit)
        yield from (("directives", directives), ("directive_versions", versions))
        yield from (("tasks", tasks), ("reminder_steps", steps))
        yield from (("outbox", outbox), ("audit_events", audit))

    def _issued(self, year: int) -> date:
        last = TODAY - timedelta(days=5) if year == TODAY.year else date(year, 12, 31)
        return date(year, 1, 2) + timedelta(days=self.rng.randrange((last - date(year, 1, 2)).days))

    def _task(self, p: int, ident: str, j: int, issued: date, *out: list[tuple[Any, ...]]) -> None:
        tasks, steps, outbox, audit = out
        self.task_id += 1
        code = agency(p, self.rng.randrange(AGENCIES))
        due = issued + timedelta(days=self.rng.randint(10, 60))
        done, cancelled = self._outcome(issued, due)
        key = f"a{j}/{code}"
        tasks.append(_task_row(self.task_id, ident, key, j, code, due, done, cancelled))
        audit.append(_audit(ident, self.task_id, "task-add", issued))
        if done:
            audit.append(_audit(ident, self.task_id, "submit", done))
        if cancelled:
            return
        until = min(done or TODAY, TODAY)
        for step in self._timeline(due, issued):
            sent = step.on < until
            steps.append((self.task_id, str(step.stage), step.on, step.to.value, sent))
            if sent:
                outbox.append(_sent(self.task_id, f"{ident}:{key}:{step.stage}", step))

    def _outcome(self, issued: date, due: date) -> tuple[date | None, bool]:
        rng = self.rng
        if due.year < TODAY.year or (TODAY - due).days > 120:  # history: closed long ago
            cancelled = rng.random() < 0.05
            return (None if cancelled else due + timedelta(days=rng.randint(-3, 15))), cancelled
        if due < TODAY:
            done = due + timedelta(days=rng.randint(-10, 8)) if rng.random() < 0.7 else None
            return (min(done, TODAY) if done else None), False
        early = rng.random() < 0.2
        return (issued + timedelta(days=rng.randint(1, 5)) if early else None), False

    def _timeline(self, due: date, issued: date) -> tuple[ReminderStep, ...]:
        if due not in self.timelines:
            start = date(1990, 1, 1)
            self.timelines[due] = timeline(due, BENCH_POLICY, self.calendar, not_before=start)
        return tuple(s for s in self.timelines[due] if s.on >= issued)


def _sqlite_pragmas(connection: Connection, *pragmas: str) -> None:
    """Loading settings; outside a transaction, so straight to the driver (it autocommits)."""
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert driver is not None
        for pragma in pragmas:
            driver.execute(f"PRAGMA {pragma}")


def _drop_indexes(connection: Connection) -> list[Index]:
    """Drop the big tables' secondary indexes (the schema's own), to recreate after loading."""
    from directive_flow.store.tables import Base

    big = ("tasks", "reminder_steps", "outbox", "audit_events")
    indexes = [i for t in big for i in Base.metadata.tables[t].indexes]
    for index in indexes:
        index.drop(connection)
    return indexes


@cache
def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 2, tzinfo=UTC)


def _agency_row(p: int, i: int) -> tuple[Any, ...]:
    contacts = [{"name": "Văn thư", "email": f"vanthu@{agency(p, i)}.gov.vn"}]
    return (agency(p, i), registry(p), f"Sở số {i} tỉnh {p}", "Giám đốc Sở", json.dumps(contacts))


def _directive_row(ident: str, p: int, issued: date) -> tuple[Any, ...]:
    title = "Thông báo kết luận của Chủ tịch UBND tỉnh tại cuộc họp giao ban"
    return (ident, f"{ident}/TB-VP", title, agency(p, 0), 1, issued, "{}", None, False, registry(p))


def _version_row(ident: str, issued: date) -> tuple[Any, ...]:
    return (
        ident,
        1,
        "x.yaml",
        "kind: directive\n",
        "0" * 64,
        issued,
        "bench",
        _at(issued),
        "active",
    )


def _task_row(
    task_id: int, ident: str, key: str, j: int, code: str, due: date, done: date | None, gone: bool
) -> tuple[Any, ...]:
    title = "Rà soát, tổng hợp và báo cáo kết quả thực hiện nhiệm vụ được giao"
    state = "submitted" if done else "assigned"
    return (task_id, ident, key, f"a{j}", code, None, title, json.dumps(DELIVERABLE), None,
            due, due, True, False, state, done, None, gone, json.dumps(POLICY), False)  # fmt: skip


def _sent(task_id: int, key: str, step: ReminderStep) -> tuple[Any, ...]:
    at = _at(step.on)
    return (
        key,
        task_id,
        str(step.stage),
        "email",
        step.to.value,
        "sent",
        1,
        f"<{key}>",
        at,
        at,
        at,
    )


def _audit(ident: str, task_id: int | None, action: str, day: date) -> tuple[Any, ...]:
    return (_at(day), "bench", None, "cli", None, action, ident, task_id, None, None)


def _names(words: str) -> list[str]:
    return words.split()


COLUMNS: dict[str, Sequence[str]] = {
    "agencies": _names("code registry_id name head_title contacts"),
    "directives": _names(
        "id number title issuer current_version issued calendar leader historical registry_id"
    ),
    "directive_versions": _names(
        "directive_id version source_path source_text sha256 as_of "
        "registered_by registered_at status"
    ),
    "tasks": _names(
        "id directive_id key assignment agency period title deliverable as_written due "
        "original_due blocking key_task state completed_on return_reason cancelled "
        "reminder_policy consolidates"
    ),
    "reminder_steps": _names("task_id stage day recipient queued"),
    "outbox": _names(
        "key task_id stage channel recipient status attempts message_id created_at "
        "updated_at sent_at"
    ),
    "audit_events": _names(
        "at actor actor_agency via address action directive_id task_id before after"
    ),
}


def _load(connection: Connection, table: str, rows: list[tuple[Any, ...]], built: Built) -> None:
    columns = COLUMNS[table]
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        if connection.dialect.name == "postgresql":
            _copy(connection, table, columns, chunk)
        else:
            marks = ", ".join("?" for _ in columns)
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            connection.exec_driver_sql(sql, [tuple(map(_sqlite, row)) for row in chunk])
    built.add(table, len(rows))


def _sqlite(value: Any) -> Any:
    """SQLAlchemy's SQLite storage: ISO dates, naive UTC moments, 0/1."""
    return _moment(value) if isinstance(value, date) else value


@cache
def _moment(value: date) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    return value.isoformat()


def _copy(
    connection: Connection, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> None:
    """COPY in text format, lines built here (psycopg's per-value adaptation is the slow part)."""
    raw = connection.connection.driver_connection
    assert raw is not None
    data = "".join("\t".join(map(_pg, row)) + "\n" for row in rows)
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        copy.write(data)


def _pg(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date):
        return _moment_pg(value)
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return str(value)


@cache
def _moment_pg(value: date) -> str:
    return value.isoformat()


def _fix_sequences(connection: Connection) -> None:
    """Explicit task ids were written: move PostgreSQL's sequence past them."""
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('tasks', 'id'), (SELECT max(id) FROM tasks))"
            )
        )
