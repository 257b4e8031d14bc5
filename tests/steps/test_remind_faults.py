"""Reminders under faults: killed runs, runs at once, a refusing server, quiet days, catch-up.

In every case each reminder reaches its recipients once, except the documented crash
window: a process killed after the server took a message and before its row was marked
repeats that one message (at most one), after its lease runs out, with the same
Message-ID. Counted on a real SMTP server on loopback.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from notify.servers import CountingController, Received, SmtpSink, free_port
from sqlalchemy import Engine, select, update
from steps import test_remind as shared
from steps.test_remind import (
    DIRECTIVE,
    DISTRICT,
    HEAD,
    OFFICER,
    at,
    clone_tasks,
    deliver,
    key,
    outbox,
    queue,
    statuses,
)
from store_helpers import operator, submit_for

from directive_flow.notify import DeliverySettings, message_id
from directive_flow.steps import compose
from directive_flow.steps import deliver as outbox_module
from directive_flow.steps.common import utc_now
from directive_flow.steps.deliver import deliver_outbox
from directive_flow.steps.review import review
from directive_flow.store.db import session_scope
from directive_flow.store.tables import AuditRow, DirectiveRow, OutboxRow

delivery, wired = shared.delivery, shared.wired

DAY = date(2024, 7, 10)
KEY_HEADER = "X-Directive-Flow-Key"


def keys_received(received: list[Received]) -> Counter[str]:
    """How many times each outbox key reached the SMTP server."""
    return Counter(str(m.message[KEY_HEADER]) for m in received)


def assert_same_message_id(received: list[Received]) -> None:
    """Every copy of a message carries the Message-ID its key gives it."""
    for got in received:
        assert got.message["Message-ID"] == message_id(str(got.message[KEY_HEADER]))


@dataclass
class SlowSink(SmtpSink):
    """An SMTP server that takes its time over every message after the first."""

    delay: float = 0.0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.received and self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_sink() -> Iterator[SlowSink]:
    """A real, slow SMTP server on loopback."""
    sink = SlowSink(port=free_port())
    controller = CountingController(sink, sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


KILLABLE = """
import sys
from datetime import timedelta
from directive_flow.steps.deliver import deliver_outbox
from directive_flow.notify import DeliverySettings
from directive_flow.store.db import make_engine

settings = DeliverySettings(smtp_url=sys.argv[2])
lease = timedelta(seconds=float(sys.argv[3]))
deliver_outbox(make_engine(sys.argv[1]), settings=settings, batch_size=100, lease=lease)
"""


def _delivering(wired: Engine, sink: SmtpSink, lease: float) -> subprocess.Popen[bytes]:
    url = wired.url.render_as_string(hide_password=False)
    return subprocess.Popen([sys.executable, "-c", KILLABLE, url, sink.url(), str(lease)])


def test_a_delivery_killed_half_way_repeats_at_most_the_message_in_flight(
    wired: Engine, home: Path, slow_sink: SlowSink
) -> None:
    clone_tasks(wired, 20, source="supply-data/ubnd-huyen-a")
    assert queue(wired, DAY, home).queued == 22
    slow_sink.delay = 0.3
    worker = _delivering(wired, slow_sink, lease=300)
    deadline = time.monotonic() + 60
    while len(slow_sink.received) < 3 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.005)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    time.sleep(slow_sink.delay + 0.3)  # the server finishes the message it was taking
    before = keys_received(slow_sink.received)
    assert 3 <= sum(before.values()) < 22
    marked = Counter(statuses(wired).values())
    assert marked["sent"] >= sum(before.values()) - 1  # every message but the one in flight
    settings = DeliverySettings(smtp_url=slow_sink.url())
    slow_sink.delay = 0.0
    assert deliver_outbox(wired, settings=settings).claimed == 0  # the lease still holds
    report = deliver_outbox(wired, settings=settings, now=utc_now() + timedelta(minutes=6))
    assert report.sent == 22 - marked["sent"]
    after = keys_received(slow_sink.received)
    assert set(after) == {k for k, s in statuses(wired).items() if s == "sent"}
    assert len(after) == 22
    assert sum(after.values()) - len(after) <= 1  # at most the message in flight went twice
    assert_same_message_id(slow_sink.received)


@dataclass
class RecordsAtEndOfData(SmtpSink):
    """An SMTP server that, as each message's data ends, notes how many outbox rows are
    recorded sent (the moment from which it keeps the message)."""

    engine: Engine | None = None
    recorded: list[int] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert self.engine is not None
        self.recorded.append(Counter(statuses(self.engine).values())["sent"])
        return await super().handle_DATA(server, session, envelope)


def _deliver_to(sink: SmtpSink, wired: Engine) -> outbox_module.DeliveryReport:
    """One delivery run of the whole outbox to ``sink``, served on loopback meanwhile."""
    controller = CountingController(sink, sink.port)
    controller.start()
    try:
        return deliver_outbox(wired, settings=DeliverySettings(smtp_url=sink.url()))
    finally:
        controller.stop()


def test_a_message_ends_only_once_the_one_before_it_is_recorded(wired: Engine, home: Path) -> None:
    """The record runs while the next message is on its way, and the next message's end of
    data waits for it: whenever a server takes a message, every message before it is
    recorded sent, so a crash at any moment leaves at most one unrecorded."""
    clone_tasks(wired, 12, source="supply-data/ubnd-huyen-a")
    assert queue(wired, DAY, home).queued == 14
    sink = RecordsAtEndOfData(port=free_port(), engine=wired)
    report = _deliver_to(sink, wired)
    assert report.sent == len(sink.received) == 14
    assert sink.recorded == list(range(14))


@dataclass
class TakesTheNextRow(SmtpSink):
    """An SMTP server that, while it takes the first message, hands the outbox row after
    it to another run (its claim token replaced), as a run would that found the lease out."""

    engine: Engine | None = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if not self.received:
            assert self.engine is not None
            with session_scope(self.engine) as store:
                second = store.scalars(
                    select(OutboxRow.id).where(OutboxRow.status == "sending").order_by(OutboxRow.id)
                ).all()[1]
                store.execute(
                    update(OutboxRow).where(OutboxRow.id == second).values(claim_token="other")
                )
        return await super().handle_DATA(server, session, envelope)


def test_a_row_another_run_took_is_not_sent_and_the_rest_go(wired: Engine, home: Path) -> None:
    """The check of the next row, made with the record of the message before it: a row
    that is no longer this run's is withheld before its content, the others go."""
    clone_tasks(wired, 4, source="supply-data/ubnd-huyen-a")
    assert queue(wired, DAY, home).queued == 6
    sink = TakesTheNextRow(port=free_port(), engine=wired)
    report = _deliver_to(sink, wired)
    assert (report.claimed, report.sent, report.lost) == (6, 5, 1)
    rows = outbox(wired)
    assert Counter(row.status for row in rows.values()) == {"sent": 5, "sending": 1, "failed": 1}
    [taken] = [k for k, row in rows.items() if row.status == "sending"]
    assert rows[taken].claim_token == "other"  # left to the run that holds it
    assert taken not in keys_received(sink.received)
    assert sorted(keys_received(sink.received).values()) == [1] * 5


def test_a_crash_after_sending_resends_that_one_message_with_the_same_id(
    wired: Engine,
    home: Path,
    smtp_sink: SmtpSink,
    delivery: DeliverySettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queue(wired, DAY, home)
    real = outbox_module._record

    def killed_before_the_mark(*args: Any) -> Any:
        raise KeyboardInterrupt  # the process dies right after the server took the message

    monkeypatch.setattr(outbox_module, "_record", killed_before_the_mark)
    with pytest.raises(KeyboardInterrupt):
        deliver(wired, delivery, at(DAY))
    monkeypatch.setattr(outbox_module, "_record", real)
    assert Counter(statuses(wired).values()) == {"sending": 2, "failed": 1}
    assert deliver(wired, delivery, at(DAY) + timedelta(minutes=4)).claimed == 0
    assert deliver(wired, delivery, at(DAY) + timedelta(minutes=6)).sent == 2
    counts = keys_received(smtp_sink.received)
    assert sorted(counts.values()) == [1, 2]  # the first went twice, the second once
    assert_same_message_id(smtp_sink.received)


def test_overlapping_runs_slower_than_the_lease_never_send_a_row_twice(
    wired: Engine, home: Path, slow_sink: SlowSink
) -> None:
    clone_tasks(wired, 10, source="supply-data/ubnd-huyen-a")
    assert queue(wired, DAY, home).queued == 12
    slow_sink.delay = 0.4  # a run takes ~5 s, the lease is 1 s: only renewals keep it
    workers = [_delivering(wired, slow_sink, lease=1.0) for _ in range(2)]
    for worker in workers:
        assert worker.wait(timeout=120) == 0
    received = keys_received(slow_sink.received)
    assert len(received) == 12
    assert set(received.values()) == {1}
    assert Counter(statuses(wired).values()) == {"sent": 12, "failed": 1}


def test_a_queueing_run_killed_half_way_leaves_nothing_behind(
    wired: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, calls = compose.render_reminder, []

    def dies_on_the_second(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(compose, "render_reminder", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        queue(wired, date(2024, 7, 22), home)
    monkeypatch.undo()
    assert outbox(wired) == {}
    with session_scope(wired) as session:
        assert (
            session.scalars(select(AuditRow).where(AuditRow.action == "remind-queue")).all() == []
        )
    assert queue(wired, date(2024, 7, 22), home).queued == 4


RACER = """
import json, sys, time
from datetime import UTC, date, datetime
from pathlib import Path
from directive_flow.steps.deliver import deliver_outbox
from directive_flow.steps.remind import queue_reminders
from directive_flow.notify import DeliverySettings
from directive_flow.store.db import make_engine, session_scope

url, home, smtp_url, start = sys.argv[1:5]
engine = make_engine(url)
settings = DeliverySettings(smtp_url=smtp_url)
time.sleep(max(0.0, float(start) - time.time()))
with session_scope(engine) as session:
    queued = queue_reminders(session, today=date(2024, 7, 10), home=Path(home)).queued
now = datetime(2024, 7, 10, 1, tzinfo=UTC)
report = deliver_outbox(engine, settings=settings, now=now, batch_size=5)
print(json.dumps({"queued": queued, "sent": report.sent, "failed": report.failed}))
"""


def test_two_remind_runs_at_once_send_each_reminder_once(
    wired: Engine, home: Path, smtp_sink: SmtpSink
) -> None:
    # Separate interpreters, not fork: a forked child inherits Apprise's worker pool
    # without its threads, and its webhook calls would hang.
    clone_tasks(wired, 30, source="supply-data/ubnd-huyen-a")
    url = wired.url.render_as_string(hide_password=False)
    start = str(time.time() + 3)  # both have imported everything by then
    command = [sys.executable, "-c", RACER, url, str(home), smtp_sink.url(), start]
    racers = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        outputs = [racer.communicate(timeout=120)[0] for racer in racers]
    finally:
        for racer in racers:
            racer.kill()
            racer.wait()
    outcomes = [json.loads(output) for output in outputs]
    assert sum(o["queued"] for o in outcomes) == 32
    assert sum(o["sent"] for o in outcomes) == 32
    assert sum(o["failed"] for o in outcomes) == 0
    received = keys_received(smtp_sink.received)
    assert len(received) == 32
    assert set(received.values()) == {1}
    rows = outbox(wired).values()
    assert Counter(r.status for r in rows) == {"sent": 32, "failed": 1}
    assert {r.attempts for r in rows if r.status == "sent"} == {1}


def test_a_refusing_server_then_recovering_delivers_each_once(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, DAY, home)
    smtp_sink.refuse_data = "451 4.3.0 Try again later"
    refused = deliver(wired, delivery, at(DAY))
    assert (refused.failed, refused.retry_later, refused.sent) == (2, 2, 0)
    row = outbox(wired)[key("supply-data/ubnd-huyen-a", "before-3")]
    assert (row.status, row.last_error) == ("failed", f"{DISTRICT}: 451 4.3.0 Try again later")
    assert deliver(wired, delivery, at(DAY) + timedelta(seconds=30)).claimed == 0
    smtp_sink.refuse_data = None
    recovered = deliver(wired, delivery, at(DAY) + timedelta(minutes=1))
    assert (recovered.sent, recovered.failed) == (2, 0)
    assert keys_received(smtp_sink.received) == {
        key("supply-data/so-yt", "before-3"): 1,
        key("supply-data/ubnd-huyen-a", "before-3"): 1,
    }
    assert {r.attempts for r in outbox(wired).values() if r.status == "sent"} == {2}


@pytest.mark.parametrize("day", [date(2024, 7, 13), date(2024, 7, 14), date(2024, 9, 2)])
def test_nothing_is_queued_on_a_non_working_day(wired: Engine, home: Path, day: date) -> None:
    result = queue(wired, day, home)  # a Saturday, a Sunday, National Day
    assert result.quiet == (DIRECTIVE,)
    assert (result.send, result.written) == ((), {})
    assert outbox(wired) == {}


def test_the_directive_calendar_decides_the_quiet_days(wired: Engine, home: Path) -> None:
    with session_scope(wired) as session:
        session.execute(update(DirectiveRow).values(calendar={"extra_holidays": ["2024-07-10"]}))
    assert queue(wired, DAY, home).quiet == (DIRECTIVE,)
    assert outbox(wired) == {}
    assert queue(wired, date(2024, 7, 11), home).queued == 2  # the next working day


def test_a_completed_task_gets_nothing_until_it_is_returned(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    with session_scope(wired) as session:
        submit_for(
            session,
            directive=DIRECTIVE,
            task="supply-data/so-yt",
            agency="so-yt",
            actor=operator("so-yt"),
            home=home,
            data={"children": 12},
            at=at(date(2024, 7, 9)),
        )
    queue(wired, DAY, home)
    deliver(wired, delivery, at(DAY))
    assert [m.rcpt_tos for m in smtp_sink.received] == [[DISTRICT]]
    assert "supply-data/so-yt" not in {
        s.task_key for s in queue(wired, date(2024, 7, 22), home).send
    }
    assert not any(k.startswith(f"{DIRECTIVE}:supply-data/so-yt:") for k in outbox(wired))
    with session_scope(wired) as session:
        review(
            session,
            directive=DIRECTIVE,
            task="supply-data/so-yt",
            decision="return",
            actor=operator("vp"),
            reason="thiếu số liệu",
        )
    reopened = queue(wired, date(2024, 7, 23), home)
    assert {s.stage for s in reopened.send if s.task_key == "supply-data/so-yt"} == {
        "overdue-1",
        "escalate-head",
    }


def test_after_three_days_down_only_the_latest_stage_goes(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, DAY, home)
    deliver(wired, delivery, at(DAY))
    smtp_sink.received.clear()
    # down on Thu 11, Fri 12 (before-1) and Mon 15 (due); back on Tue 16
    back = queue(wired, date(2024, 7, 16), home)
    assert {s.stage for s in back.send} == {"due"}
    assert {s.stage for s in back.skip} == {"before-1"}
    assert (back.queued, back.skipped, back.no_contact) == (2, 3, 1)
    deliver(wired, delivery, at(date(2024, 7, 16)))
    assert set(keys_received(smtp_sink.received)) == {
        key("supply-data/so-yt", "due"),
        key("supply-data/ubnd-huyen-a", "due"),
    }
    skipped = outbox(wired)[key("supply-data/so-yt", "before-1")]
    assert (skipped.status, skipped.payload) == ("skipped", {"superseded_by": "due"})
    later = deliver(wired, delivery, at(date(2024, 7, 17)))
    assert later.claimed == 0  # skipped stages are never sent later
    assert [m.rcpt_tos for m in smtp_sink.received if m.rcpt_tos == [HEAD]] == []
    assert OFFICER in {m.rcpt_tos[0] for m in smtp_sink.received}


def test_catch_up_is_per_recipient(wired: Engine, home: Path) -> None:
    result = queue(wired, date(2024, 8, 5), home)  # never ran before: all at once
    mine = {(s.recipient, s.stage) for s in result.send if s.task_key == "supply-data/so-yt"}
    assert mine == {
        ("owner", "overdue-3"),
        ("head", "escalate-head"),
        ("leader", "escalate-leader"),
    }
    skipped = sorted(s.stage for s in result.skip if s.task_key == "supply-data/so-yt")
    assert skipped == ["before-1", "before-3", "due", "overdue-1", "overdue-2"]
    assert Counter(statuses(wired).values())["skipped"] == 3 * 5 + 2  # finalize-report: 2
