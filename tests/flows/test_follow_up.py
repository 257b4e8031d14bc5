"""remind, collect, consolidate, open-period and dashboard, run as real flows."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from notify.servers import SmtpSink
from sqlalchemy import func, select
from store_helpers import operator, submit_as_owner

from directive_flow.cli.main import main
from directive_flow.settings import reset
from directive_flow.steps.review import review
from directive_flow.store.db import open_store, session_scope
from directive_flow.store.tables import OutboxRow, ReportRow, SubmissionRow
from flows.activate import activate
from flows.collect import collect
from flows.consolidate import consolidate
from flows.dashboard import dashboard
from flows.open_period import open_period
from flows.remind import remind

FIXTURES = Path(__file__).parents[1] / "fixtures"
VALID = FIXTURES / "valid"
KONTUM = Path(__file__).parents[2] / "definitions" / "directives" / "kontum"
D = "test-1-tb-vp"


@pytest.fixture
def mail(store_url: str, smtp_sink: SmtpSink, monkeypatch: pytest.MonkeyPatch) -> SmtpSink:
    """Reminders go to the loopback SMTP server."""
    monkeypatch.setenv("DIRECTIVE_FLOW_SMTP_URL", smtp_sink.url())
    reset()
    return smtp_sink


def _count(url: str, what: type[OutboxRow] | type[SubmissionRow] | type[ReportRow]) -> int:
    with session_scope(open_store(url)) as session:
        return int(session.scalar(select(func.count()).select_from(what)) or 0)


def test_remind_sends_each_due_reminder_once_in_vietnamese(store_url: str, mail: SmtpSink) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    # Fri 26 Jul 2024: three working days before finalize-report's deadline (Wed 31 Jul);
    # the suppliers, overdue since 15 Jul, are urged and escalated, but their agencies
    # have no contact in the registry: those rows fail visibly instead of vanishing.
    summary = remind(day=date(2024, 7, 26))
    assert [m.rcpt_tos for m in mail.received] == [["a@example.vn"]]
    assert "còn 3 ngày làm việc" in mail.received[0].text
    assert "26/07/2024" in summary
    remind(day=date(2024, 7, 26))
    assert len(mail.received) == 1, "a second run the same day sends nothing again"
    with session_scope(open_store(store_url)) as session:
        rows = session.execute(
            select(OutboxRow.stage, OutboxRow.status, OutboxRow.last_error)
        ).all()
    failed = [r for r in rows if r.status == "failed"]
    assert {r.stage for r in failed} == {"overdue-1", "escalate-head"}
    assert all("no contact" in (r.last_error or "") for r in failed)


def test_status_shows_failed_deliveries_with_their_reason(
    store_url: str, mail: SmtpSink, capsys: pytest.CaptureFixture[str]
) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    remind(day=date(2024, 7, 26))
    capsys.readouterr()
    assert main(["status", D, "--as-of", "2024-07-26"]) == 0
    out = capsys.readouterr().out
    assert "Thư nhắc việc: 1 đã gửi, 0 chờ gửi, 0 đang gửi, 6 lỗi, 9 bỏ qua" in out
    assert "test-1-tb-vp:supply-data/so-yt:overdue-1" in out
    assert "no contact for so-yt" in out


def test_remind_is_quiet_on_a_public_holiday(store_url: str, mail: SmtpSink) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    remind(day=date(2024, 9, 2))  # National Day
    assert mail.received == []


def test_collect_ingests_an_inbox_folder_once(store_url: str, tmp_path: Path) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    folder = tmp_path / "home" / "inbox" / "so-yt" / D / "supply-data__so-yt"
    folder.mkdir(parents=True)
    (folder / "data.json").write_text(json.dumps({"children": 7}), encoding="utf-8")
    assert collect(settle_seconds=0) == {"ingested": 1}
    assert collect(settle_seconds=0) == {}
    assert _count(store_url, SubmissionRow) == 1


def test_consolidate_builds_the_report_once_every_supplier_is_accepted(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    assert consolidate() == []
    engine, at = open_store(store_url), datetime(2024, 7, 12, 2, tzinfo=UTC)
    for agency in ("so-yt", "ubnd-huyen-a", "ubnd-huyen-b"):
        task = f"supply-data/{agency}"
        submit_as_owner(engine, task, data={"children": 3}, at=at)
        with session_scope(engine) as session:
            review(session, directive=D, task=task, decision="accept", actor=operator("vp"), at=at)
    built = consolidate(as_of=date(2024, 7, 12))
    assert len(built) == 1
    assert Path(built[0]).suffix == ".docx"
    assert Path(built[0]).is_file()
    assert consolidate() == [], "a final report is built once"
    assert _count(store_url, ReportRow) == 1


def test_open_period_opens_nothing_twice(store_url: str) -> None:
    activate(path=str(KONTUM / "2014-1234-ubnd-vx.yaml"), as_of=date(2014, 8, 1))
    first = open_period(period="H1-2015")
    assert first.startswith("H1-2015: ")
    assert open_period(period="H1-2015") == "H1-2015: đã mở 0 nhiệm vụ"


def test_dashboard_publishes_for_every_directive(store_url: str) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    assert dashboard(as_of=date(2024, 8, 1)) == 1
