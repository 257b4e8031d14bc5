"""Remind benchmark: deciding the due stages of 100,000 open tasks, and delivering 2,000.

Builds 100,000 open tasks over 10 directives (bulk inserts, not through register), their
reminder timelines (default policy, deadlines spread over June-September 2024, ~800,000
steps), and an outbox history of every step before today as already sent. Then, on
SQLite (a temporary file) and, when DIRECTIVE_FLOW_TEST_POSTGRES_URL is set, on
PostgreSQL (a scratch database it creates and drops):

- decide: ``queue_reminders(dry_run=True)`` vs the floor: a hand-written SQL query
  selecting the same (task, stage) rows with the same columns, timed in the same run;
- queue: the whole ``queue_reminders`` (decide, render, urging letters, insert), once;
- deliver: ``deliver_outbox`` of 2,000 of those messages to an aiosmtpd server on
  loopback, claimed in batches under a lease, vs the floor:
  bare ``smtplib`` sending the same messages' pre-built bytes over one connection, and
  the stricter raw-socket floor of ``bench_notify.raw_floor`` (and ``deliver_many``, the
  SMTP part with no database, for reference). Rows carrying an urging
  letter are set aside first (their Word document, ~18 ms each, is not delivery's cost).
  The server runs in its own process (``--smtp-thread``: in a thread of this one, as
  before; its thread then competes with the sender for the interpreter lock).

    .venv/bin/python bench/bench_remind.py [--tasks 100000] [--messages 2000] [--downtime 0]
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from bench_notify import floor as bare_smtp
from bench_notify import prepare, raw_floor
from common import best, counting, postgres
from sqlalchemy import Engine, insert, select, text, update

from directive_flow.calendar import default_calendar
from directive_flow.definition.model import ReminderPolicy
from directive_flow.notify import DeliverySettings, Message, deliver_many, message_id
from directive_flow.planning.timeline import ReminderStep, timeline
from directive_flow.steps.deliver import deliver_outbox
from directive_flow.steps.remind import queue_reminders
from directive_flow.store.db import make_engine, session_scope
from directive_flow.store.migrate import ensure_schema
from directive_flow.store.tables import (
    AgencyRow,
    DirectiveRow,
    DirectiveVersionRow,
    OutboxRow,
    ReminderStepRow,
    TaskRow,
)

TODAY = date(2024, 7, 23)  # a Tuesday
AT = datetime(2024, 7, 23, 1, tzinfo=UTC)
FIRST_DUE, LAST_DUE = date(2024, 6, 3), date(2024, 9, 30)
DIRECTIVES, AGENCIES = 10, 40
SENDER = "nhacviec@kontum.gov.vn"
HEADER = "kind: directive\nheader: {type: thong-bao, place: Kon Tum}\n"
FLOOR_SQL = """
SELECT s.task_id, t.directive_id, t.key, s.stage, s.day, s.recipient, t.agency, t.title,
       t.due, t.period
FROM reminder_steps s JOIN tasks t ON t.id = s.task_id
WHERE s.queued IS {false} AND s.day <= :today AND t.cancelled = :no AND t.completed_on IS NULL
  AND t.state <> 'accepted'
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.task_id = s.task_id AND o.stage = s.stage)
"""


@dataclass
class Counter:
    """An SMTP handler that only counts what it accepts."""

    messages: int = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.messages += 1
        return "250 OK"


def chunks(rows: list[dict[str, Any]], size: int = 50_000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def generate(engine: Engine, tasks: int, downtime: int) -> None:
    """Directives, agencies, tasks, their timelines, and the outbox history before today."""
    calendar, policy = default_calendar(), ReminderPolicy()
    days = [d for d in _days(FIRST_DUE, LAST_DUE) if calendar.is_working_day(d)]
    with engine.begin() as connection:
        connection.execute(insert(DirectiveRow), [_directive(i) for i in range(DIRECTIVES)])
        connection.execute(insert(DirectiveVersionRow), [_version(i) for i in range(DIRECTIVES)])
        connection.execute(insert(AgencyRow), [_agency(i) for i in range(AGENCIES)])
        for chunk in chunks([_task(i, days[i % len(days)]) for i in range(tasks)]):
            connection.execute(insert(TaskRow), chunk)
        query = select(TaskRow.id, TaskRow.directive_id, TaskRow.key, TaskRow.due)
        ids = connection.execute(query).all()
        cache: dict[date, Any] = {}
        steps, history = [], []
        cutoff = calendar.add_working_days(TODAY, -downtime) if downtime else TODAY
        for task_id, directive, key, due in ids:
            if due not in cache:
                cache[due] = timeline(due, policy, calendar, not_before=date(2024, 1, 1))
            for step in cache[due]:
                steps.append({"task_id": task_id, "stage": step.stage, "day": step.on,
                              "recipient": step.to, "queued": step.on < cutoff})  # fmt: skip
                if step.on < cutoff:
                    history.append(_sent(task_id, f"{directive}:{key}:{step.stage}", step))
        for chunk in chunks(steps):
            connection.execute(insert(ReminderStepRow), chunk)
        for chunk in chunks(history):
            connection.execute(insert(OutboxRow), chunk)
        connection.execute(text("ANALYZE"))
    print(f"  {tasks:,} tasks, {len(steps):,} reminder steps, {len(history):,} sent before")


def _days(first: date, last: date) -> Iterator[date]:
    while first <= last:
        yield first
        first += timedelta(days=1)


def _directive(i: int) -> dict[str, Any]:
    return {
        "id": f"d{i}",
        "number": f"{100 + i}/TB-VP",
        "title": "Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp Ban chỉ đạo",
        "issuer": "vp-ubnd",
        "current_version": 1,
        "issued": date(2024, 5, 2),
        "calendar": {},
        "leader": {"name": "Phó Chủ tịch", "email": "pct@kontum.gov.vn"},
    }


def _version(i: int) -> dict[str, Any]:
    return {
        "directive_id": f"d{i}",
        "version": 1,
        "source_path": "x.yaml",
        "source_text": HEADER,
        "sha256": "0" * 64,
        "as_of": date(2024, 5, 2),
        "registered_by": "bench",
        "registered_at": AT,
        "status": "active",
    }


def _agency(i: int) -> dict[str, Any]:
    contacts = [
        {"name": "Văn thư", "email": f"vanthu@agency-{i}.kontum.gov.vn"},
        {"name": "Giám đốc", "email": f"giamdoc@agency-{i}.kontum.gov.vn", "head": True},
    ]
    return {"code": f"agency-{i:02d}", "registry_id": "bench", "name": f"Sở số {i}",
            "head_title": "Giám đốc Sở", "contacts": contacts}  # fmt: skip


def _task(i: int, due: date) -> dict[str, Any]:
    agency = f"agency-{i % AGENCIES:02d}"
    return {
        "directive_id": f"d{i % DIRECTIVES}",
        "key": f"a{i // AGENCIES}/{agency}/H1-2024",
        "assignment": f"a{i // AGENCIES}",
        "agency": agency,
        "period": "H1-2024",
        "title": "Cung cấp thông tin, số liệu để Sở LĐTBXH hoàn thiện báo cáo",
        "deliverable": {"type": "report", "name": None, "fields": []},
        "due": due,
        "original_due": due,
        "blocking": True,
        "key_task": False,
        "state": "assigned",
        "cancelled": False,
        "consolidates": False,
    }


def _sent(task_id: int, key: str, step: ReminderStep) -> dict[str, Any]:
    return {
        "key": key,
        "task_id": task_id,
        "stage": step.stage,
        "channel": "email",
        "recipient": step.to,
        "status": "sent",
        "attempts": 1,
        "message_id": message_id(key),
        "created_at": AT,
        "updated_at": AT,
        "sent_at": AT,
    }


def run_backend(name: str, url: str, args: argparse.Namespace, home: Path) -> list[list[str]]:
    print(f"[{name}]")
    engine = make_engine(url)
    ensure_schema(engine)
    start = time.perf_counter()
    generate(engine, args.tasks, args.downtime)
    print(f"  generated in {time.perf_counter() - start:.1f} s")
    rows = [decide(name, engine, home), *queue_and_deliver(name, engine, home, args)]
    engine.dispose()
    return rows


def decide(name: str, engine: Engine, home: Path) -> list[str]:
    def dry_run() -> int:
        with session_scope(engine) as session:
            result = queue_reminders(session, today=TODAY, home=home, dry_run=True)
        return len(result.send) + len(result.skip)

    def floor() -> int:
        with engine.connect() as connection:
            false = "false" if engine.dialect.name == "postgresql" else "0"  # the index's form
            sql = text(FLOOR_SQL.format(false=false))
            return len(connection.execute(sql, {"today": TODAY, "no": False}).all())

    due, floor_rows = dry_run(), floor()
    assert due == floor_rows, (due, floor_rows)
    seen, stop = counting(engine)
    dry_run()
    stop()
    t_decide, t_floor = best(dry_run), best(floor)
    return [name, f"decide {due:,} due stages (dry run)", f"{t_decide * 1000:.0f} ms",
            f"floor {t_floor * 1000:.0f} ms", f"{t_decide / t_floor:.2f}",
            str(len(seen))]  # fmt: skip


def queue_and_deliver(
    name: str, engine: Engine, home: Path, args: argparse.Namespace
) -> list[list[str]]:
    seen, stop = counting(engine)
    start = time.perf_counter()
    with session_scope(engine) as session:
        result = queue_reminders(session, today=TODAY, home=home, at=AT)
    t_queue = time.perf_counter() - start
    stop()
    rows = f"queue {result.queued:,} + skip {result.skipped:,} rows"
    letters = f"{len(result.letters):,} letters decided (drawn when delivered)"
    queued = [name, rows, f"{t_queue:.2f} s", letters, "", str(len(seen))]
    return [queued, deliver(name, engine, args.messages, args.smtp_thread)]


@contextmanager
def smtp_server(in_thread: bool) -> Iterator[int]:
    """An aiosmtpd server on loopback that takes every message; yields its port. In its
    own process by default, as a real server is: in a thread of this process it would
    take the interpreter lock from the sender's own work between replies."""
    port = _free_port()
    if in_thread:
        controller = Controller(Counter(), hostname="127.0.0.1", port=port)
        controller.start()
        try:
            yield port
        finally:
            controller.stop()
        return
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink",
               "-l", f"127.0.0.1:{port}"]  # fmt: skip
    server = subprocess.Popen(command)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def deliver(name: str, engine: Engine, count: int, in_thread: bool = False) -> list[str]:
    with smtp_server(in_thread) as port:
        url = f"mailto://127.0.0.1:{port}?from={SENDER}&mode=insecure"
        settings = DeliverySettings(smtp_url=url)
        letters = _set_letters_aside(engine)
        messages = _messages(engine, count)
        deliver_many(messages[:1], settings)  # warm up: Apprise's plugin table, imports
        start = time.perf_counter()
        report = deliver_outbox(engine, settings=settings, now=AT, limit=count)
        t_outbox = time.perf_counter() - start
        t_many = best(lambda: deliver_many(messages, settings), repeat=1)
        prepared = prepare(messages, settings)  # the floor's bytes, built untimed
        t_bare = best(lambda: bare_smtp(prepared, settings), repeat=3)
        t_raw = best(lambda: raw_floor(prepared, settings), repeat=3)
    assert report.sent == count, report
    rate, many, floor, raw = count / t_outbox, count / t_many, count / t_bare, count / t_raw
    return [name, f"deliver {count:,} through deliver_outbox ({letters:,} letter rows aside)",
            f"{rate:.0f} msg/s ({rate / floor:.0%} of the floor, {rate / raw:.0%} of raw)",
            f"bare smtplib {floor:.0f} msg/s; raw socket {raw:.0f}; deliver_many {many:.0f}",
            f"{floor / rate:.2f}", ""]  # fmt: skip


def _set_letters_aside(engine: Engine) -> int:
    """Mark the pending rows that carry an urging letter skipped: delivery alone is timed."""
    with engine.begin() as connection:
        rows = connection.execute(select(OutboxRow.id, OutboxRow.payload).where(
            OutboxRow.status == "pending")).all()  # fmt: skip
        ids = [i for i, payload in rows if payload and "letter" in payload]
        if ids:
            connection.execute(update(OutboxRow).where(OutboxRow.id.in_(ids))
                               .values(status="skipped"))  # fmt: skip
    return len(ids)


def _messages(engine: Engine, count: int) -> list[Message]:
    """The first ``count`` pending messages, as ``deliver_outbox`` will build them."""
    query = select(OutboxRow.key, OutboxRow.payload).where(OutboxRow.status == "pending")
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(OutboxRow.id).limit(count)).all()
    return [
        Message(key, p["subject"], p["body"], p["recipients"], [Path(a) for a in p["attachments"]])
        for key, p in rows
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=2_000)
    parser.add_argument("--downtime", type=int, default=0, help="working days not run")
    parser.add_argument(
        "--smtp-thread", action="store_true", help="the SMTP server in a thread of this process"
    )
    args = parser.parse_args()
    rows = [["backend", "measure", "time / rate", "floor", "ratio", "statements"]]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        rows += run_backend("sqlite", f"sqlite:///{work / 'bench.db'}", args, work / "home-sqlite")
        with postgres() as url:
            if url:
                rows += run_backend("postgresql", url, args, work / "home-pg")
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print()
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
