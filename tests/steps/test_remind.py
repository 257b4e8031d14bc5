"""Reminders from the store to a real SMTP server and a real HTTP listener on loopback.

The registered fixture directive (tests/fixtures/valid/directive.yaml) has supply-data
due Mon 15 Jul 2024 for so-yt, ubnd-huyen-a and ubnd-huyen-b: before-3 on 10 Jul,
before-1 on 12 Jul, due on 15 Jul, overdue-1 and escalate-head on 22 Jul,
escalate-leader on 5 Aug. ``wired`` gives so-yt an officer (e-mail and webhook) and a
head, ubnd-huyen-a one e-mail, ubnd-huyen-b nobody, and the directive a leader.

The loopback servers (``smtp_sink``, ``http_sink``) come from tests/conftest.py; the
fixtures and helpers here are shared with test_outbox.py and test_remind_faults.py.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
import store_helpers
from notify.servers import SENDER, HttpSink, SmtpSink
from sqlalchemy import Engine, event, insert, select, update

from directive_flow.errors import NotFoundError
from directive_flow.notify import DeliverySettings, message_id
from directive_flow.steps import remind
from directive_flow.steps.compose import addressee
from directive_flow.steps.deliver import DeliveryReport, deliver_outbox
from directive_flow.steps.outbox_status import outbox_summary
from directive_flow.steps.recipients import recipients_for
from directive_flow.steps.remind import QueueResult, due_steps, queue_reminders, split_latest
from directive_flow.store.db import session_scope
from directive_flow.store.tables import (
    AgencyRow,
    AuditRow,
    DirectiveRow,
    DirectiveVersionRow,
    OutboxRow,
    ReminderStepRow,
    TaskRow,
)

DIRECTIVE = "test-1-tb-vp"
OFFICER, HEAD, DISTRICT, LEADER = (
    "vanthu@soyte.vn",
    "giamdoc@soyte.vn",
    "huyena@kontum.gov.vn",
    store_helpers.LEADER["email"],
)
TITLE = "“Cung cấp số liệu để Sở LĐTBXH hoàn thiện báo cáo”"


def key(task: str, stage: str) -> str:
    """The outbox key of a task's stage in the fixture directive."""
    return f"{DIRECTIVE}:{task}:{stage}"


def at(day: date, hour: int = 1) -> datetime:
    """08:00 in Vietnam on ``day`` is 01:00 UTC."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def delivery(smtp_sink: SmtpSink) -> DeliverySettings:
    """Delivery through the loopback SMTP server."""
    return DeliverySettings(smtp_url=smtp_sink.url(), sender_name="Văn phòng UBND tỉnh")


@pytest.fixture
def wired(led: Engine, http_sink: HttpSink) -> Engine:
    """The registered store (its directive naming a leader) with contacts for two agencies."""
    contacts = {
        "so-yt": [
            {"name": "Văn thư", "email": OFFICER, "notify": [http_sink.url()]},
            {"name": "Giám đốc", "email": HEAD, "head": True},
        ],
        "ubnd-huyen-a": [{"name": "Văn phòng huyện", "email": DISTRICT}],
    }
    with session_scope(led) as session:
        for code, people in contacts.items():
            session.execute(update(AgencyRow).where(AgencyRow.code == code).values(contacts=people))
    return led


def queue(engine: Engine, day: date, home: Path, **options: Any) -> QueueResult:
    """One queueing run on ``day`` (08:00 in Vietnam), in its own transaction."""
    with session_scope(engine) as session:
        return queue_reminders(session, today=day, home=home, **({"at": at(day)} | options))


def deliver(engine: Engine, settings: DeliverySettings, now: datetime) -> DeliveryReport:
    """One delivery run at ``now``."""
    return deliver_outbox(engine, settings=settings, now=now)


def outbox(engine: Engine) -> dict[str, OutboxRow]:
    """Every outbox row by key."""
    with session_scope(engine) as session:
        return {row.key: row for row in session.scalars(select(OutboxRow))}


def statuses(engine: Engine) -> dict[str, str]:
    """Every outbox row's status by key."""
    return {k: row.status for k, row in outbox(engine).items()}


def clone_tasks(engine: Engine, n: int, source: str = "supply-data/so-yt") -> list[str]:
    """``n`` copies of a task, with its reminder steps; returns their keys."""
    with session_scope(engine) as session:
        task = session.scalars(select(TaskRow).where(TaskRow.key == source)).one()
        steps = session.scalars(select(ReminderStepRow).where(ReminderStepRow.task_id == task.id))
        timeline = [(s.stage, s.day, s.recipient) for s in steps]
        columns = {c.key: getattr(task, c.key) for c in TaskRow.__table__.columns if c.key != "id"}
        keys = [f"{source}/c{i:04d}" for i in range(n)]
        session.execute(insert(TaskRow), [columns | {"key": k} for k in keys])
        ids = session.execute(select(TaskRow.id).where(TaskRow.key.in_(keys))).scalars()
        rows = [
            {"task_id": i, "stage": stage, "day": day, "recipient": to}
            for i in ids
            for stage, day, to in timeline
        ]
        session.execute(insert(ReminderStepRow), rows)
    return keys


def test_before_due_goes_to_the_officer_by_email_and_webhook(
    wired: Engine, home: Path, smtp_sink: SmtpSink, http_sink: HttpSink, delivery: DeliverySettings
) -> None:
    day = date(2024, 7, 10)
    queued = queue(wired, day, home)
    assert (queued.queued, queued.skipped, queued.no_contact) == (2, 0, 1)
    report = deliver(wired, delivery, at(day))
    assert (report.claimed, report.sent, report.failed) == (2, 2, 0)
    by_to = {tuple(m.rcpt_tos): m for m in smtp_sink.received}
    assert set(by_to) == {(OFFICER,), (DISTRICT,)}  # not the head: a warning goes to the officer
    got = by_to[(OFFICER,)]
    subject = (
        "[directive-flow] 1/TB-VP - Nhắc việc: còn 3 ngày làm việc đến hạn ngày 15/07/2024: "
        + TITLE
    )
    assert got.message["Subject"] == subject
    assert got.message["Message-ID"] == message_id(key("supply-data/so-yt", "before-3"))
    assert got.message["From"] == f"Văn phòng UBND tỉnh <{SENDER}>"
    assert got.text.startswith("Kính gửi: Sở Y tế (đầu mối của cơ quan),\n\n")
    assert "Thực hiện văn bản số 1/TB-VP (Thông báo thử nghiệm), Sở Y tế được giao" in got.text
    assert "Nhiệm vụ còn 3 ngày làm việc nữa đến hạn (ngày 15/07/2024)." in got.text
    assert "Kính gửi: UBND huyện A (đầu mối của cơ quan)," in by_to[(DISTRICT,)].text
    [hook] = http_sink.calls
    assert hook.body["title"] == subject
    assert hook.body["message_id"] == message_id(key("supply-data/so-yt", "before-3"))
    assert smtp_sink.connections == 1  # one connection for the batch


def test_an_agency_nobody_can_reach_is_visible_as_failed(
    wired: Engine, home: Path, delivery: DeliverySettings
) -> None:
    queue(wired, date(2024, 7, 10), home)
    deliver(wired, delivery, at(date(2024, 7, 10)))
    with session_scope(wired) as session:
        summary = outbox_summary(session)
    assert summary["counts"] == {"pending": 0, "sending": 0, "sent": 2, "failed": 1, "skipped": 0}
    [failed] = summary["failed"]
    assert failed["key"] == key("supply-data/ubnd-huyen-b", "before-3")
    assert failed["last_error"] == "no contact for ubnd-huyen-b (owner)"
    assert failed["gave_up"] is True


def test_queueing_twice_the_same_day_writes_nothing_new(wired: Engine, home: Path) -> None:
    first = queue(wired, date(2024, 7, 10), home)
    second = queue(wired, date(2024, 7, 10), home, at=at(date(2024, 7, 10), 2))
    assert (first.queued, second.queued, second.no_contact) == (2, 0, 0)
    assert second.send == ()
    assert len(outbox(wired)) == 3
    with session_scope(wired) as session:
        audits = session.scalars(select(AuditRow).where(AuditRow.action == "remind-queue")).all()
        assert [a.after["queued"] for a in audits if a.after] == [2, 0]


def test_escalation_to_the_head_carries_the_urging_letter(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    day = date(2024, 7, 22)
    result = queue(wired, day, home)
    letter = home / "letters" / DIRECTIVE / "supply-data__so-yt-escalate-head.docx"
    assert letter in result.letters
    deliver(wired, delivery, at(day))
    [got] = [m for m in smtp_sink.received if m.rcpt_tos == [HEAD]]
    assert got.message["Subject"] == (
        "[directive-flow] 1/TB-VP - Đôn đốc (gửi Thủ trưởng cơ quan): Sở Y tế chưa hoàn thành "
        f"nhiệm vụ {TITLE}, đã quá hạn 5 ngày làm việc (thời hạn: ngày 15/07/2024)"
    )
    assert got.text.startswith("Kính gửi: Thủ trưởng Sở Y tế,\n\n")
    [attached] = list(got.message.iter_attachments())
    assert attached.get_filename() == letter.name
    assert attached.get_content() == letter.read_bytes()
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "Kính gửi: Thủ trưởng Sở Y tế." in text
    assert "đã quá hạn 5 ngày làm việc" in text
    assert "Thông báo số 1/TB-VP ngày 01/07/2024 của Văn phòng UBND tỉnh" in text
    assert "trước ngày 29/07/2024" in text  # five working days to finish


def test_escalation_to_the_leader_goes_to_the_directive_leader(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, date(2024, 8, 5), home)
    deliver(wired, delivery, at(date(2024, 8, 5)))
    to_leader = [m for m in smtp_sink.received if m.rcpt_tos == [LEADER]]
    assert len(to_leader) == 3  # one per late agency, ubnd-huyen-b included
    texts = sorted(m.text.splitlines()[0] for m in to_leader)
    assert texts == ["Kính gửi: Lãnh đạo UBND tỉnh phụ trách,"] * 3
    subjects = sorted(str(m.message["Subject"]) for m in to_leader)
    late = ("Sở Y tế", "UBND huyện A", "UBND huyện B")
    assert subjects == [
        f"[directive-flow] 1/TB-VP - Báo cáo tình hình chậm thực hiện: {agency} chưa hoàn thành "
        f"nhiệm vụ {TITLE}, đã quá hạn 15 ngày làm việc (thời hạn: ngày 15/07/2024)"
        for agency in late
    ]
    assert all(len(list(m.message.iter_attachments())) == 1 for m in to_leader)


def test_an_escalation_claims_earlier_reminders_only_when_they_were_sent(
    wired: Engine, home: Path, smtp_sink: SmtpSink, delivery: DeliverySettings
) -> None:
    queue(wired, date(2024, 7, 22), home)  # catching up: nothing was ever sent
    deliver(wired, delivery, at(date(2024, 7, 22)))
    [head] = [m for m in smtp_sink.received if m.rcpt_tos == [HEAD]]
    assert "chưa hoàn thành. Đề nghị Thủ trưởng" in head.text
    assert "đã được nhắc" not in head.text
    queue(wired, date(2024, 8, 5), home)  # the overdue reminder of 22/07 went out since
    deliver(wired, delivery, at(date(2024, 8, 5)))
    to_leader = [m.text for m in smtp_sink.received if m.rcpt_tos == [LEADER]]
    reminded = [t for t in to_leader if "Sở Y tế đã được nhắc và đôn đốc nhưng chưa" in t]
    never = [t for t in to_leader if "UBND huyện B chưa hoàn thành. Kính báo cáo" in t]
    assert (len(to_leader), len(reminded), len(never)) == (3, 1, 1)  # huyện B: nobody to reach


def test_without_a_leader_the_ladder_stops_at_the_head(registered: Engine, home: Path) -> None:
    queue(registered, date(2024, 8, 5), home)
    prefix = key("supply-data/so-yt", "")
    stages = {k.removeprefix(prefix) for k in outbox(registered) if k.startswith(prefix)}
    assert "escalate-head" in stages
    assert "escalate-leader" not in stages, "no leader named: nobody to escalate to"


def test_a_leader_removed_from_the_store_fails_visibly(wired: Engine, home: Path) -> None:
    with session_scope(wired) as session:
        session.execute(update(DirectiveRow).values(leader=None))
    queue(wired, date(2024, 8, 5), home)
    row = outbox(wired)[key("supply-data/so-yt", "escalate-leader")]
    assert (row.status, row.last_error) == ("failed", "no contact for so-yt (leader)")


def test_redirect_all_to_sends_everything_to_staging(
    wired: Engine, home: Path, smtp_sink: SmtpSink, http_sink: HttpSink, delivery: DeliverySettings
) -> None:
    staging = delivery.model_copy(update={"redirect_all_to": "kiemthu@kontum.gov.vn"})
    queue(wired, date(2024, 7, 10), home)
    assert deliver(wired, staging, at(date(2024, 7, 10))).sent == 2
    assert [m.rcpt_tos for m in smtp_sink.received] == [["kiemthu@kontum.gov.vn"]] * 2
    assert http_sink.calls == []
    assert all(
        m.text.startswith("[Thử nghiệm: thư này được chuyển hướng") for m in smtp_sink.received
    )


def test_a_dry_run_decides_without_writing(wired: Engine, home: Path) -> None:
    result = queue(wired, date(2024, 7, 16), home, dry_run=True)
    assert {s.key for s in result.send} == {
        key(f"supply-data/{a}", "due") for a in ("so-yt", "ubnd-huyen-a", "ubnd-huyen-b")
    }
    assert len(result.skip) == 6
    assert result.written == {}
    assert outbox(wired) == {}


def test_one_directive_only_and_unknown_directives(wired: Engine, home: Path) -> None:
    assert queue(wired, date(2024, 7, 10), home, directive=DIRECTIVE).queued == 2
    with pytest.raises(NotFoundError, match="unknown directive 'nope'"):
        queue(wired, date(2024, 7, 10), home, directive="nope")


def count_statements(engine: Engine, day: date, home: Path) -> tuple[int, QueueResult]:
    """The SQL statements one queueing run sends, and its result."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        result = queue(engine, day, home)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen), result


def test_the_decision_takes_a_fixed_number_of_statements(wired: Engine, home: Path) -> None:
    from directive_flow.settings import get_settings
    from directive_flow.steps.signing import signing_key

    with session_scope(wired) as session:  # generated once per installation, read once per run
        signing_key(session, get_settings())
    few, result = count_statements(wired, date(2024, 7, 16), home)
    assert (result.queued, result.skipped, result.no_contact) == (2, 6, 1)
    clone_tasks(wired, 300, source="supply-data/ubnd-huyen-b")
    many, result = count_statements(wired, date(2024, 7, 17), home)
    assert (result.queued, result.skipped, result.no_contact) == (0, 600, 300)
    # BEGIN (SQLite), directives, due steps, agencies, the portal's link key, an insert per
    # status, the steps marked queued (one executemany), the audit event
    assert many <= few <= 10
    with_letters, result = count_statements(wired, date(2024, 7, 22), home)
    assert len(result.letters) == 2
    assert with_letters <= 12  # + the directive headers, read once for every letter, and
    # which of the escalated tasks were reminded before (one statement per 900 of them)


def test_recipients_follow_the_roles() -> None:
    contacts = [
        {"email": "a@x.vn", "notify": ["json://h/1"]},
        {"email": "b@x.vn", "head": True},
    ]
    assert recipients_for("owner", contacts=contacts, leader=None).addresses == (
        "a@x.vn",
        "json://h/1",
    )
    head = recipients_for("head", contacts=contacts, leader=None)
    assert (head.addresses, head.label) == (("b@x.vn",), "thủ trưởng cơ quan")
    nobody_head = recipients_for("head", contacts=contacts[:1], leader=None)
    assert nobody_head.addresses == ("a@x.vn", "json://h/1")  # fall back to every contact
    assert not recipients_for("leader", contacts=contacts, leader=None).reachable
    leader = recipients_for("leader", contacts=[], leader={"email": "l@x.vn"})
    assert (leader.addresses, leader.label) == (("l@x.vn",), "lãnh đạo UBND tỉnh phụ trách")
    with pytest.raises(ValueError, match="'boss' is not a valid Recipient"):
        recipients_for("boss", contacts=contacts, leader=None)


def test_the_letter_is_addressed_to_the_head_by_title() -> None:
    assert addressee("Giám đốc Sở", "Sở Y tế") == "Giám đốc Sở Y tế"
    assert addressee("Chủ tịch UBND huyện", "UBND huyện Đắk Hà") == "Chủ tịch UBND huyện Đắk Hà"
    assert addressee("Giám đốc", "Công an tỉnh") == "Giám đốc Công an tỉnh"
    assert addressee(None, "Sở Y tế") == "Thủ trưởng Sở Y tế"


def test_summaries_read_in_vietnamese(wired: Engine, home: Path) -> None:
    result = queue(wired, date(2024, 7, 22), home)
    assert result.summary() == (
        "4 nhắc việc mới, 9 bỏ qua (đã có bước sau), 2 không có địa chỉ nhận, 2 văn bản đôn đốc"
    )
    assert queue(wired, date(2024, 7, 27), home).summary() == (
        "ngày nghỉ, không nhắc việc (test-1-tb-vp)"
    )
    assert DeliveryReport(sent=3, failed=1, retry_later=1).summary() == (
        "đã gửi 3, lỗi 1 (1 sẽ gửi lại, 0 dừng gửi)"
    )


def test_a_local_time_is_stored_as_utc(
    wired: Engine, home: Path, delivery: DeliverySettings
) -> None:
    queue(wired, date(2024, 7, 10), home)
    eight_in_hanoi = datetime(2024, 7, 10, 8, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert deliver(wired, delivery, eight_in_hanoi).sent == 2
    sent = outbox(wired)[key("supply-data/so-yt", "before-3")].sent_at
    assert sent is not None
    assert sent.replace(tzinfo=sent.tzinfo or UTC) == at(date(2024, 7, 10))


def test_the_latest_stage_wins_whatever_the_order(wired: Engine) -> None:
    with session_scope(wired) as session:
        steps = due_steps(session, today=date(2024, 7, 16))
    for order in (steps, list(reversed(steps))):
        send, skip = split_latest(order)
        assert {s.stage for s in send} == {"due"}
        assert sorted(s.stage for s in skip) == ["before-1"] * 3 + ["before-3"] * 3


def test_small_chunks_write_the_same_rows(
    wired: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remind, "CHUNK", 2)
    result = queue(wired, date(2024, 7, 16), home)
    assert (result.queued, result.skipped, result.no_contact) == (2, 6, 1)
    assert len(outbox(wired)) == 9


def test_an_unusable_stored_calendar_falls_back_to_the_vietnamese_one(
    wired: Engine, home: Path
) -> None:
    with session_scope(wired) as session:
        session.execute(update(DirectiveRow).values(calendar={"country": "XX"}))
    assert queue(wired, date(2024, 9, 2), home).quiet == (DIRECTIVE,)  # National Day
    assert queue(wired, date(2024, 7, 10), home).queued == 2


def test_a_letter_is_drafted_even_if_the_stored_file_no_longer_parses(
    wired: Engine, home: Path, delivery: DeliverySettings
) -> None:
    with session_scope(wired) as session:
        session.execute(update(DirectiveVersionRow).values(source_text="header: [\n"))
    [letter, _] = queue(wired, date(2024, 7, 22), home).letters
    assert not letter.exists(), "queueing decides the letter; delivery draws it"
    deliver(wired, delivery, at(date(2024, 7, 22)))
    document = docx.Document(str(letter))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join([*(p.text for p in document.paragraphs), *cells])
    assert "Thực hiện Văn bản số 1/TB-VP" in text  # the kind is unknown: "văn bản"
    assert "......, ngày 22 tháng 7 năm 2024" in text
    assert "CHÁNH VĂN PHÒNG" in text


def test_a_reminder_carries_the_agency_s_signed_link_to_its_task(wired: Engine, home: Path) -> None:
    import re

    from directive_flow.steps.links import verify_task_link

    queue(wired, date(2024, 7, 10), home)
    rows = [r for r in outbox(wired).values() if r.status == "pending"]
    assert rows
    for row in rows:
        assert row.payload is not None
        found = re.search(r"/links/(\S+)", row.payload["body"])
        assert found, row.payload["body"]
        with session_scope(wired) as session:
            grant = verify_task_link(session, found.group(1), today=date(2024, 7, 10))
        assert (grant.directive, grant.agency) == (DIRECTIVE, row.payload["agency"])
        assert grant.expires > date(2024, 7, 15)  # some working days after the deadline


def test_a_reminder_sent_long_after_the_deadline_carries_a_link_that_still_opens(
    wired: Engine, home: Path
) -> None:
    """The last escalation goes 15 working days after the deadline: its link must open."""
    import re

    from directive_flow.steps.links import LINK_GRACE_WORKING_DAYS, verify_task_link

    late = date(2024, 8, 16)  # 24 working days after the 15/07 deadline
    queue(wired, late, home)
    rows = [r for r in outbox(wired).values() if r.status == "pending" and r.payload]
    linked = [r for r in rows if re.search(r"/links/(\S+)", r.payload["body"])]
    assert linked, [r.key for r in rows]
    for row in linked:
        token = re.search(r"/links/(\S+)", row.payload["body"]).group(1)
        with session_scope(wired) as session:
            grant = verify_task_link(session, token, today=late)
        assert grant.expires >= late + timedelta(days=LINK_GRACE_WORKING_DAYS)
