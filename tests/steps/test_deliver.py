"""Delivering the outbox: claims, retries with backoff, partial delivery, summaries."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from notify.servers import HttpSink, SmtpSink
from sqlalchemy import Engine, insert, or_, select, update
from steps import test_remind as shared
from steps.test_remind import DIRECTIVE, DISTRICT, OFFICER, at, deliver, key, outbox, queue
from store_helpers import operator, submit_for

from directive_flow.notify import DeliverySettings, message_id
from directive_flow.settings import settings_from
from directive_flow.steps.deliver import (
    LEGACY_STALE,
    MAX_ATTEMPTS,
    DeliveryReport,
    _claimable_kinds,
    _Claiming,
    _skip_done,
    backoff,
    deliver_outbox,
)
from directive_flow.steps.outbox_status import outbox_summary
from directive_flow.store.db import session_scope
from directive_flow.store.prepared import DriverWriter
from directive_flow.store.tables import DirectiveRow, OutboxRow, TaskRow

# The shared fixtures, by assignment (an imported fixture name would shadow the arguments).
delivery, wired = shared.delivery, shared.wired

DAY = date(2024, 7, 10)
SO_YT = key("supply-data/so-yt", "before-3")
HUYEN_A = key("supply-data/ubnd-huyen-a", "before-3")


def test_backoff_doubles_from_a_minute_up_to_six_hours() -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(9) == timedelta(hours=4, minutes=16)
    assert backoff(10) == backoff(1000) == timedelta(hours=6)


def test_a_refused_message_waits_for_its_retry_time(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, DAY, home)
    smtp_sink.refuse_data = "451 4.3.0 thử lại sau"
    first = deliver(wired, delivery, at(DAY))
    assert (first.failed, first.retry_later, first.gave_up) == (2, 2, 0)
    row = outbox(wired)[SO_YT]
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.last_error == f"{OFFICER}: 451 4.3.0 thử lại sau"
    assert deliver(wired, delivery, at(DAY) + timedelta(seconds=59)).claimed == 0
    second = deliver(wired, delivery, at(DAY) + timedelta(minutes=1))
    assert (second.claimed, second.failed) == (2, 2)
    retry = outbox(wired)[SO_YT].next_attempt_at
    assert retry is not None
    assert retry.replace(tzinfo=None) == (at(DAY) + timedelta(minutes=3)).replace(tzinfo=None)
    with session_scope(wired) as session:
        [shown] = [f for f in outbox_summary(session)["failed"] if f["key"] == SO_YT]
    assert shown["attempts"] == 2
    assert shown["gave_up"] is False


def test_a_message_is_given_up_after_max_attempts(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, DAY, home)
    with session_scope(wired) as session:
        session.execute(update(OutboxRow).values(attempts=MAX_ATTEMPTS - 1))
    smtp_sink.refuse_data = "550 5.1.1 không có hộp thư"
    report = deliver(wired, delivery, at(DAY))
    assert (report.failed, report.gave_up, report.retry_later) == (2, 2, 0)
    row = outbox(wired)[SO_YT]
    assert (row.attempts, row.next_attempt_at) == (MAX_ATTEMPTS, None)
    smtp_sink.refuse_data = None
    assert deliver(wired, delivery, at(DAY) + timedelta(days=1)).claimed == 0


def test_a_recipient_reached_once_is_not_sent_the_retry(
    wired: Engine,
    home: Path,
    smtp_sink: SmtpSink,
    http_sink: HttpSink,
    delivery: DeliverySettings,
) -> None:
    queue(wired, DAY, home)
    smtp_sink.refuse_rcpt = {OFFICER: "550 5.1.1 hộp thư đầy"}
    report = deliver(wired, delivery, at(DAY))
    assert (report.sent, report.failed) == (1, 1)  # ubnd-huyen-a went; so-yt partly
    assert len(http_sink.calls) == 1
    assert outbox(wired)[SO_YT].payload["delivered"] == [http_sink.url()]  # type: ignore[index]
    smtp_sink.refuse_rcpt = {}
    assert deliver(wired, delivery, at(DAY) + timedelta(minutes=1)).sent == 1
    assert len(http_sink.calls) == 1  # the webhook is not called twice
    to_officer = [m for m in smtp_sink.received if m.rcpt_tos == [OFFICER]]
    assert [m.message["Message-ID"] for m in to_officer] == [message_id(SO_YT)]


def test_limit_bounds_the_rows_claimed(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, DAY, home)
    assert deliver_outbox(wired, settings=delivery, now=at(DAY), limit=1).sent == 1
    assert deliver_outbox(wired, settings=delivery, now=at(DAY), limit=5).sent == 1
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.received) == [DISTRICT, OFFICER]


def test_a_run_keeps_one_connection_across_its_batches(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, DAY, home)
    report = deliver_outbox(wired, settings=delivery, now=at(DAY), batch_size=1)
    assert (report.claimed, report.sent) == (2, 2)
    assert smtp_sink.connections == 1


def test_a_task_completed_after_queueing_gets_nothing(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, DAY, home)
    with session_scope(wired) as session:
        submit_for(
            session,
            directive=DIRECTIVE,
            task="supply-data/so-yt",
            agency="so-yt",
            actor=operator("so-yt"),
            home=home,
            data={"children": 12},
            at=at(DAY, 0),
        )
    report = deliver(wired, delivery, at(DAY))
    assert (report.skipped, report.sent) == (1, 1)
    row = outbox(wired)[SO_YT]
    assert (row.status, row.last_error) == (
        "skipped",
        "task completed or cancelled before delivery",
    )
    assert [m.rcpt_tos for m in smtp_sink.received] == [[DISTRICT]]


def test_the_summary_counts_per_directive(wired: Engine, home: Path) -> None:
    queue(wired, DAY, home)
    with session_scope(wired) as session:
        mine = outbox_summary(session, directive=DIRECTIVE)
        other = outbox_summary(session, directive="another")
    assert mine["counts"]["pending"] == 2
    assert [f["key"] for f in mine["failed"]] == [key("supply-data/ubnd-huyen-b", "before-3")]
    assert other == {"counts": dict.fromkeys(mine["counts"], 0), "failed": []}
    with session_scope(wired) as session:
        listed = outbox_summary(session, directives=[DIRECTIVE, "another"])
        none = outbox_summary(session, directives=[])
    assert listed == mine
    assert none == other


def test_an_unusable_payload_is_given_up_with_its_reason(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, DAY, home)
    with session_scope(wired) as session:
        session.execute(update(OutboxRow).where(OutboxRow.key == SO_YT).values(payload={}))
    report = deliver(wired, delivery, at(DAY))
    assert (report.sent, report.gave_up) == (1, 1)
    row = outbox(wired)[SO_YT]
    assert row.last_error == "unusable outbox payload: KeyError('recipients')"


def test_delivery_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = settings_from(
        {
            "DIRECTIVE_FLOW_HOME": str(tmp_path),
            "DIRECTIVE_FLOW_SMTP_URL": "mailtos://u:secret@smtp.example.vn?from=a@example.vn",
            "DIRECTIVE_FLOW_REDIRECT_ALL_TO": "kiemthu@example.vn",
        }
    )
    assert "u:secret" not in repr(settings)
    chosen = DeliverySettings.from_settings(settings)
    assert chosen.smtp_url is not None
    assert chosen.smtp_url.get_secret_value().startswith("mailtos://u:secret@")
    assert chosen.redirect_all_to == "kiemthu@example.vn"
    embedded = DeliverySettings.from_settings(settings_from({"DIRECTIVE_FLOW_HOME": str(tmp_path)}))
    assert embedded == DeliverySettings(mailbox=tmp_path / "mailbox", instance="127.0.0.1")


def test_the_outbox_records_the_message_id_of_this_installation(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, DAY, home)
    staging = delivery.model_copy(update={"instance": "staging.kontum.gov.vn"})
    assert deliver_outbox(wired, settings=staging, now=at(DAY)).sent == 2
    rows = {k: r for k, r in outbox(wired).items() if r.status == "sent"}
    assert {k: r.message_id for k, r in rows.items()} == {
        k: message_id(k, "staging.kontum.gov.vn") for k in rows
    }
    mailed = {m.message["Message-ID"] for m in smtp_sink.received}
    assert mailed
    assert mailed <= {r.message_id for r in rows.values()}


@pytest.mark.parametrize(
    ("report", "text"),
    [
        (DeliveryReport(), "đã gửi 0, lỗi 0"),
        (DeliveryReport(sent=2, skipped=1), "đã gửi 2, lỗi 0, bỏ 1 (nhiệm vụ đã xong)"),
        (
            DeliveryReport(failed=2, retry_later=1, gave_up=1),
            "đã gửi 0, lỗi 2 (1 sẽ gửi lại, 1 dừng gửi)",
        ),
    ],
)
def test_delivery_report_summary(report: DeliveryReport, text: str) -> None:
    assert report.summary() == text
    assert report.to_json()["sent"] == report.sent


def _mixed_outbox(engine: Engine, home: Path, seed: int, now: datetime) -> None:
    """Copies of a queued row in every state a row can be in, in a random order of ids."""
    queue(engine, DAY, home)
    rng = random.Random(seed)
    with session_scope(engine) as session:
        model = session.scalars(select(OutboxRow)).first()
        assert model is not None
        columns = {
            c.key: getattr(model, c.key) for c in OutboxRow.__table__.columns if c.key != "id"
        }
        states = [
            {"status": "pending"},
            {"status": "sent", "sent_at": now},
            {"status": "skipped"},
            {"status": "failed", "next_attempt_at": now - timedelta(minutes=1), "attempts": 2},
            {"status": "failed", "next_attempt_at": now + timedelta(minutes=1), "attempts": 2},
            {"status": "failed", "next_attempt_at": None, "attempts": MAX_ATTEMPTS},
            {"status": "sending", "lease_until": now - timedelta(seconds=1), "attempts": 1},
            {"status": "sending", "lease_until": now + timedelta(minutes=4), "attempts": 1},
            {"status": "sending", "lease_until": None, "claimed_at": now - timedelta(hours=1)},
        ]
        rows = [
            {**columns, "key": f"mixed-{seed}-{i}", **rng.choice(states)}
            for i in range(rng.randint(20, 120))
        ]
        session.execute(insert(OutboxRow), rows)


@pytest.mark.parametrize("seed", range(6))
def test_a_claim_takes_the_lowest_claimable_ids_whatever_history_surrounds_them(
    wired: Engine, home: Path, seed: int
) -> None:
    now = at(DAY)
    _mixed_outbox(wired, home, seed, now)
    with session_scope(wired) as session:
        plain = or_(*_claimable_kinds(now, now - LEGACY_STALE))  # one filter, no index walk
        claimable = select(OutboxRow.id, OutboxRow.attempts).where(plain)
        attempts: dict[int, int] = {row.id: row.attempts for row in session.execute(claimable)}
    everything = sorted(attempts)
    with DriverWriter(wired) as writer:
        claiming = _Claiming.of(writer, wired.dialect, batch=500)
        for count in (1, 7, 50, 500):
            with writer.transaction() as run:
                assert claiming.pick(run, now, count) == everything[:count], count
        with writer.transaction() as run:  # and the claim takes those, padded to its batch
            taken = claiming.take(run, everything[:7], token="t", now=now, until=now)
    assert sorted((row[0], row[2]) for row in taken) == [
        (i, attempts[i] + 1) for i in everything[:7]
    ]


_DONE = {  # how a task can be finished before its reminder leaves
    "open": {},
    "completed": {"completed_on": DAY},
    "accepted": {"state": "accepted"},
    "cancelled": {"cancelled": True},
}


@pytest.mark.parametrize("seed", range(4))
def test_only_waiting_rows_of_finished_tasks_are_skipped(
    wired: Engine, home: Path, seed: int
) -> None:
    """Tasks open, completed, accepted or cancelled, their directive historical or not,
    and outbox rows in every state: exactly the pending and failed rows of a finished
    task become skipped, and nothing else changes."""
    now = at(DAY)
    _mixed_outbox(wired, home, seed, now)
    rng = random.Random(seed)
    with session_scope(wired) as session:
        tasks = list(session.scalars(select(TaskRow.id)))
        rows = list(session.execute(select(OutboxRow.id, OutboxRow.status)))
        for row_id, _ in rows:
            task = rng.choice(tasks)
            session.execute(update(OutboxRow).where(OutboxRow.id == row_id).values(task_id=task))
        rng.shuffle(tasks)
        ends = {task: list(_DONE)[i % len(_DONE)] for i, task in enumerate(tasks)}  # each kind
        for task, end in ends.items():
            if _DONE[end]:
                session.execute(update(TaskRow).where(TaskRow.id == task).values(**_DONE[end]))
        historical = seed % 2 == 1
        if historical:
            session.execute(update(DirectiveRow).values(historical=True))
        owner = dict(session.execute(select(OutboxRow.id, OutboxRow.task_id)).all())
    assert len(tasks) >= len(_DONE)
    finished = {task for task, end in ends.items() if end != "open" or historical}
    before = dict(rows)
    expected = {
        i: "skipped" if status in ("pending", "failed") and owner[i] in finished else status
        for i, status in before.items()
    }
    expected_count = sum(expected[i] != before[i] for i in before)
    skipped = _skip_done(wired, now)
    with session_scope(wired) as session:
        after = dict(session.execute(select(OutboxRow.id, OutboxRow.status)).all())
    abandoned = {i for i in after if before[i] == "sending" and after[i] == "failed"}
    assert {i: s for i, s in after.items() if i not in abandoned} == {
        i: s for i, s in expected.items() if i not in abandoned
    }
    assert skipped == expected_count
    assert not historical or set(after.values()) <= {"sent", "skipped", "sending", "failed"}
