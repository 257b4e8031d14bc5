"""A simulated half-year of notice 975/TB-VP, run through the real flows.

Simulated days go by from the notice's issue (10/7/2014) to the end of 2014. Agencies
submit (through the inbox, the operator's form or directly), the issuer accepts, one
agency (Công an tỉnh) is late and gets urged and escalated, one district is escalated to
the leader, the consolidated report is built once every supplier is accepted. Reminders go
to a real SMTP server on loopback that this module starts. Prefect is the running server
when PREFECT_API_URL is set, otherwise its test harness.

    python -m flows.demo [OUT]        # or: directive-flow demo
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from sqlalchemy import select

from directive_flow.bundled import reference_directive

DIRECTIVE = "kontum-2014-975-tb-vp"
START, END = date(2014, 7, 10), date(2014, 12, 31)
MORNING = clock(2, 0)  # 09:00 in Vietnam, in UTC


@dataclass(frozen=True)
class Event:
    """Something an agency or the issuer does on a simulated day."""

    day: date
    action: str  # inbox | form | submit | accept
    task: str
    agency: str = ""


def scenario() -> list[Event]:
    """The half-year, day by day: who submits when, who is late."""
    events: list[Event] = []

    def hand_in(
        day: date, task: str, agency: str, how: str = "submit", review_days: int = 1
    ) -> None:
        events.append(Event(day, how, task, agency))
        events.append(Event(day + timedelta(days=review_days), "accept", task, agency))

    supply = "s6-cung-cap-so-lieu"
    hand_in(date(2014, 7, 15), f"{supply}/so-gddt", "so-gddt", "inbox", 2)
    hand_in(date(2014, 7, 15), f"{supply}/so-yt", "so-yt", "inbox", 2)
    hand_in(date(2014, 7, 16), f"{supply}/so-vhttdl", "so-vhttdl", "form")
    hand_in(date(2014, 7, 28), f"{supply}/ca-tinh", "ca-tinh")  # late: urged, escalated
    hand_in(date(2014, 7, 31), "s1-hoan-chinh-bao-cao-6-thang/so-ldtbxh", "so-ldtbxh")
    hand_in(date(2014, 8, 20), "s2-ke-hoach-ngoai-khoa/so-gddt", "so-gddt")
    hand_in(date(2014, 8, 27), "s1-chan-chinh-hoat-dong-bcd/so-ldtbxh", "so-ldtbxh")
    hand_in(
        date(2014, 8, 28), "s1-phan-cong-kiem-tra-giam-sat/so-ldtbxh", "so-ldtbxh", review_days=4
    )
    hand_in(date(2014, 9, 26), "s1-hop-quy-bao-tro-tre-em/so-ldtbxh", "so-ldtbxh", review_days=3)
    districts = [
        "tp-kontum",
        "dak-glei",
        "ngoc-hoi",
        "dak-to",
        "kon-plong",
        "kon-ray",
        "dak-ha",
        "sa-thay",
    ]
    for offset, district in enumerate(districts):
        agency = f"ubnd-{district}"
        hand_in(
            date(2014, 9, 22) + timedelta(days=offset % 5),
            f"s5-ra-soat-tieu-chuan-qd34/{agency}",
            agency,
        )
    hand_in(
        date(2014, 10, 24),
        "s5-ra-soat-tieu-chuan-qd34/ubnd-tu-mo-rong",
        "ubnd-tu-mo-rong",
        review_days=3,
    )
    hand_in(date(2014, 12, 19), "s3-hoi-thao-suy-dinh-duong/so-yt", "so-yt", review_days=3)
    return sorted(events, key=lambda e: (e.day, e.action != "accept"))


@dataclass
class Mailbox:
    """What the loopback SMTP server received."""

    messages: list[tuple[list[str], str]] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        import email
        from email.header import decode_header, make_header

        parsed = email.message_from_bytes(envelope.content)
        subject = str(make_header(decode_header(parsed.get("Subject", ""))))
        self.messages.append((list(envelope.rcpt_tos), subject))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    """A real SMTP server on 127.0.0.1, recording every message."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


def prefect_context() -> Any:
    """The running Prefect server if PREFECT_API_URL names one, else the test harness."""
    if os.environ.get("PREFECT_API_URL"):
        return nullcontext()
    from prefect.testing.utilities import prefect_test_harness

    return prefect_test_harness(server_startup_timeout=120)


def sample_data(fields: list[dict[str, Any]], seed: int, day: date) -> dict[str, Any]:
    """Plausible figures for a deliverable's declared fields."""
    values = {
        "integer": 40 + 7 * seed,
        "number": round(12.5 + 3.25 * seed, 2),
        "percent": 60.0 + seed,
        "text": "Đã triển khai theo kế hoạch; số liệu đã được rà soát.",
        "boolean": True,
        "date": day.isoformat(),
    }
    return {f["name"]: values[f["type"]] for f in fields}


def run(out: Path, *, verbose: bool = False) -> int:
    """Play the scenario; print what happened and where the report is.

    Prefect's own log lines are shown only when ``verbose`` (warnings and errors always).
    """
    started = time.monotonic()
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    home = out / datetime.now().strftime("%Y%m%d-%H%M%S")
    with smtp_server() as (mailbox, port):
        os.environ.update(
            DIRECTIVE_FLOW_HOME=str(home),
            DIRECTIVE_FLOW_DATABASE_URL=f"sqlite:///{home / 'directive-flow.db'}",
            DIRECTIVE_FLOW_SMTP_URL=f"mailto://127.0.0.1:{port}?from=nhacviec@example.vn&mode=insecure",
        )
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

        with prefect_context(), temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            _play(home)
        _report(home, mailbox, time.monotonic() - started)
    return 0


def _play(home: Path) -> None:
    from directive_flow.settings import reset
    from directive_flow.store.db import forget_stores
    from flows.activate import activate
    from flows.consolidate import consolidate
    from flows.dashboard import dashboard
    from flows.remind import remind

    reset()
    forget_stores()
    activate(path=str(reference_directive()), as_of=START, actor="vp-ubnd")
    events = scenario()
    days = sorted(set(_reminder_days()) | {e.day for e in events})
    for day in (d for d in days if START <= d <= END):
        todays = [e for e in events if e.day == day]
        for event in todays:
            _act(event, home)
        remind(day=day)
        if any(e.action == "accept" for e in todays):
            consolidate(as_of=day, actor="vp-ubnd")
        print(
            f"  {day:%d/%m/%Y}: {', '.join(f'{e.action} {e.task}' for e in todays) or 'nhắc việc'}"
        )
    dashboard(as_of=END)


def _reminder_days() -> list[date]:
    from directive_flow.store.db import session_scope
    from directive_flow.store.tables import ReminderStepRow
    from flows.common import store

    with session_scope(store()) as session:
        return list(session.scalars(select(ReminderStepRow.day).distinct()))


def _act(event: Event, home: Path) -> None:
    from directive_flow.domain import Actor, Channel, Decision
    from directive_flow.steps.collect import collect_inbox
    from directive_flow.steps.intake import Intake
    from directive_flow.steps.review import review
    from directive_flow.steps.submit import submit as store_submission
    from directive_flow.store.db import session_scope
    from flows.common import store
    from flows.submit import SubmissionForm, submit

    at = datetime.combine(event.day, MORNING, tzinfo=UTC)
    data = sample_data(_fields(event.task), sum(map(ord, event.agency)) % 23, event.day)
    if event.action == "accept":
        with session_scope(store()) as session:
            review(
                session,
                directive=DIRECTIVE,
                task=event.task,
                decision=Decision.ACCEPT,
                actor=Actor.for_agency("vanthu@vp.kontum.gov.vn", "vp-ubnd", Channel.PORTAL),
                at=at,
            )
    elif event.action == "form":
        form = SubmissionForm(
            directive=DIRECTIVE,
            task=event.task,
            agency=event.agency,
            data=data,
            received_on=event.day,
            received_reason="Hồ sơ giấy, nhập vào hệ thống sau",
        )
        submit(form)
    elif event.action == "inbox":
        _drop(home, event, data)
        # The collector's clock is the simulated day: an inbox folder counts as received
        # when the collector first sees it, and the collect flow only knows today.
        collect_inbox(store(), home=home, settle_seconds=0, now=at.timestamp())
    else:
        clerk = Actor.for_agency(
            f"vanthu@{event.agency}.kontum.gov.vn", event.agency, Channel.PORTAL
        )
        intake = Intake.of(
            directive=DIRECTIVE, task=event.task, agency=event.agency, actor=clerk, data=data
        )
        with session_scope(store()) as session:
            store_submission(session, intake, home=home, now=at)


def _fields(task: str) -> list[dict[str, Any]]:
    from directive_flow.store.db import session_scope
    from directive_flow.store.tables import TaskRow
    from flows.common import store

    with session_scope(store()) as session:
        row = session.scalars(select(TaskRow).where(TaskRow.key == task)).one()
        return list(row.deliverable.get("fields", []))


def _drop(home: Path, event: Event, data: dict[str, Any]) -> None:
    import json

    folder = home / "inbox" / event.agency / DIRECTIVE / event.task.replace("/", "__")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "note.txt").write_text("Gửi kèm số liệu 6 tháng đầu năm 2014.", encoding="utf-8")
    dropped = datetime.combine(event.day, MORNING, tzinfo=UTC).timestamp()
    for path in folder.iterdir():  # dropped on the simulated day
        os.utime(path, (dropped, dropped))


def _report(home: Path, mailbox: Mailbox, seconds: float) -> None:
    from directive_flow.steps.status import status_report
    from directive_flow.store.db import session_scope
    from directive_flow.store.tables import OutboxRow
    from flows.common import store

    with session_scope(store()) as session:
        sent = Counter(session.scalars(select(OutboxRow.stage).where(OutboxRow.status == "sent")))
        rows = session.execute(select(OutboxRow.key, OutboxRow.stage)).all()
        escalations = [(key, stage) for key, stage in rows if stage.carries_letter]
        status = status_report(session, directive=DIRECTIVE, as_of=END)
    print(f"\nE-mail nhận được tại máy chủ SMTP thử nghiệm: {len(mailbox.messages)}")
    for stage, count in sorted(sent.items()):
        print(f"  {stage:<16} {count}")
    print(f"Chuyển cấp (đôn đốc thủ trưởng, báo cáo lãnh đạo): {len(escalations)}")
    for key, _ in escalations:
        print(f"  {key}")
    print(
        f"Văn bản đôn đốc: {len(list((home / 'letters').rglob('*.docx')))} tệp trong {home / 'letters'}"
    )
    for report in sorted((home / "reports").rglob("*.docx")):
        print(f"Báo cáo tổng hợp: {report}")
    counts = status.total.to_json()["counts"]
    labels = {
        "on_time": "hoàn thành đúng hạn",
        "late": "hoàn thành quá hạn",
        "in_progress": "đang thực hiện trong hạn",
        "overdue": "quá hạn chưa hoàn thành",
        "no_deadline": "không có thời hạn",
    }
    print("Tình hình đến 31/12/2014: " + ", ".join(f"{counts[k]} {v}" for k, v in labels.items()))
    print(f"Xong trong {seconds:.0f} giây. Dữ liệu: {home}")


def main(argv: list[str]) -> int:
    """``python -m flows.demo [OUT]``."""
    return run(Path(argv[0] if argv else "demo-output").resolve())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
