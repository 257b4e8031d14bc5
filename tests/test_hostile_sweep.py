"""A hostile user's sweep over issue 9 (hardening): the probes worth keeping, as tests.

Each test feeds one class of hostile input through a real path (the CLI's ``main``, the
inbox collector, the steps, the portal over HTTP) on a real store (SQLite, and PostgreSQL
when DIRECTIVE_FLOW_TEST_POSTGRES_URL is set) and asserts what issue 9 asks: a clear,
located refusal, nothing stored, the run goes on. Probes that broke are marked
``xfail(strict=True)`` with the symptom seen, so the fix turns them green (and strict
makes the marker come off then).

The directive (written per test, dates relative to today so its tasks are open) has one
field of every type, so the number, text and date rules are all reachable.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session
from store_helpers import operator
from web.conftest import portal, portal_env  # noqa: F401  (the real portal, served on loopback)
from web.portal_helpers import DIRECTIVE as WEB_DIRECTIVE
from web.portal_helpers import HEALTH, TASK_A, TASK_YT, Portal

from directive_flow.cli.main import main
from directive_flow.domain import Actor, Channel, Decision
from directive_flow.errors import ForbiddenError, RefusedError
from directive_flow.settings import reset
from directive_flow.steps.collect import REASON_FILE, collect_inbox
from directive_flow.steps.common import local_today
from directive_flow.steps.consolidate import consolidate
from directive_flow.steps.extend import request_extension
from directive_flow.steps.inbox_folder import MARKER, fingerprint
from directive_flow.steps.intake import Intake, parse_data
from directive_flow.steps.register import register_directive
from directive_flow.steps.review import review
from directive_flow.steps.submit import submit
from directive_flow.store.db import forget_stores, session_scope
from directive_flow.store.tables import AuditRow, ExtensionRow, SubmissionRow, TaskRow

FIXTURES = Path(__file__).parent / "fixtures"
D = "hostile-1-tb-vp"
YT, HA, HB = "supply-data/so-yt", "supply-data/ubnd-huyen-a", "supply-data/ubnd-huyen-b"
LEAD = "finalize-report/so-ldtbxh"
HOSTILE_DIRECTIVE = """\
kind: directive
id: hostile-1-tb-vp
registry: agencies.yaml
header:
  number: 1/TB-VP
  type: thong-bao
  issuer: vp-ubnd
  issued: {issued}
  title: Thông báo thử nghiệm
assignments:
  - id: supply-data
    section: "2"
    title: Cung cấp số liệu để Sở LĐTBXH hoàn thiện báo cáo
    lead: suppliers
    deliverable:
      type: data
      fields:
        - {{name: children, label: Số trẻ em, type: integer, unit: trẻ em}}
        - {{name: amount, label: Kinh phí, type: number, required: false}}
        - {{name: comment, label: Ghi chú, type: text, required: false}}
        - {{name: day, label: Ngày, type: date, required: false}}
    due: {{working_days: 10, after: issued}}
  - id: finalize-report
    section: "1"
    title: Hoàn chỉnh báo cáo
    lead: so-ldtbxh
    consolidates: true
    depends_on: [supply-data]
    deliverable: {{type: report}}
    due: {finalize}
"""
INJECTION = (
    "<img src=x onerror=alert(1)> [x](javascript:alert(1)) "
    "![](http://evil.example/p.png) <script>alert(2)</script>"
)


def write_definitions(folder: Path) -> Path:
    """The registry and the hostile directive, issued four days ago, the report due in a month."""
    folder.mkdir(parents=True, exist_ok=True)
    registry = (FIXTURES / "valid" / "agencies.yaml").read_text("utf-8")
    (folder / "agencies.yaml").write_text(registry, "utf-8")
    today = local_today()
    text = HOSTILE_DIRECTIVE.format(
        issued=(today - timedelta(days=4)).isoformat(),
        finalize=(today + timedelta(days=30)).isoformat(),
    )
    path = folder / "directive.yaml"
    path.write_text(text, "utf-8")
    return path


def return_yt(session: Session, reason: str) -> None:
    """The issuing office returns so-yt's submission with ``reason``."""
    review(
        session, directive=D, task=YT, decision=Decision.RETURN, actor=operator("vp"), reason=reason
    )


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    """The store with the hostile directive registered as of today."""
    with session_scope(engine) as session:
        register_directive(
            session, path=write_definitions(tmp_path / "defs"), actor=operator(), as_of=None
        )
    return engine


@pytest.fixture
def cli(
    store: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The CLI pointed at this test's store and home; yields the home."""
    home = tmp_path / "home"
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(home))
    monkeypatch.setenv("DIRECTIVE_FLOW_DATABASE_URL", database_url)
    monkeypatch.delenv("DIRECTIVE_FLOW_SMTP_URL", raising=False)
    reset()
    yield home
    forget_stores()
    reset()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The command in English (``--lang en``): the sweep checks the exact words of each
    refusal; the Vietnamese is tested in tests/cli and tests/test_texts_refusals.py."""
    capsys.readouterr()
    code = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(SubmissionRow)) or 0


def intake(task: str, data: object, *, actor: Actor | None = None) -> Intake:
    agency = task.split("/")[1]
    who = actor or Actor.for_agency(f"van-thu@{agency}.gov.vn", agency, Channel.PORTAL)
    return Intake.of(directive=D, task=task, agency=agency, actor=who, data=data)


def hand_in(engine: Engine, home: Path, task: str, data: object) -> int:
    with session_scope(engine) as session:
        return submit(session, intake(task, data), home=home).version


def accept(engine: Engine, task: str) -> None:
    with session_scope(engine) as session:
        review(session, directive=D, task=task, decision=Decision.ACCEPT, actor=operator("vp"))


def drop(home: Path, agency: str, task: str, files: dict[str, bytes]) -> Path:
    folder = home / "inbox" / agency / D / task.replace("/", "__")
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return folder


def collect_twice(engine: Engine, home: Path) -> dict[str, int]:
    """Two looks a settle time apart, as two scheduled runs would be; the outcomes of both."""
    start = time.time()
    first = collect_inbox(engine, home=home, now=start).counts
    second = collect_inbox(engine, home=home, now=start + 120).counts
    return {k: v + second[k] for k, v in first.items() if k != "waiting"}


# --- value classes through the CLI: located refusal, nothing stored ---------------------

NINES = "9" * 400
REFUSED_FILES = {
    "nan.json": (b'{"children": NaN}', "NaN is not a number"),
    "infinity.json": (b'{"children": 5, "amount": Infinity}', "Infinity is not a number"),
    "overflow.json": (b'{"children": 5, "amount": 1e400}', "not a finite number"),
    "huge-int.json": (b'{"children": ' + b"9" * 5000 + b"}", "digits"),
    "out-of-range.json": (b'{"children": 99999999999999999999}', "out of range"),
    "nul.json": (b'{"children": 5, "comment": "a\\u0000b"}', "U+0000"),
    "escape.json": (b'{"children": 5, "comment": "a\\u001b[31mb"}', "U+001B"),
    "deep.json": (b'{"children": 5, "comment": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "8"),
    "deep.yaml": (b"children: 5\ncomment: " + b"[" * 100_000 + b"]" * 100_000, "nesting"),
    "list.json": (b"[1, 2]", "expected a mapping"),
    "cp1258.yaml": (b'children: 5\ncomment: "Nguy\xd2n"\n', "cp1258.yaml:2: not UTF-8"),
    "utf16.json": ('{"children": 7}'.encode("utf-16"), "not UTF-8"),
    "python-tag.yaml": (b"children: !!python/object/apply:os.system [id]\n", "unsupported tag"),
    "too-long.json": (json.dumps({"children": 5, "comment": "x" * 10_001}).encode(), "10,000"),
    "us-format.json": (b'{"children": 5, "amount": "1,250.5"}', "Vietnamese way"),
    "yaml-nan.yaml": (b"children: 5\namount: .nan\n", "not a finite number"),
}


NORMALISED = {
    "bom.json": (b'\xef\xbb\xbf{"children": 7}', {"children": 7}),
    "vietnamese.json": (
        b'{"children": "1.250", "amount": "1.250,5"}',
        {"children": 1250, "amount": 1250.5},
    ),
    "nfd.json": (json.dumps({"children": 1, "comment": "Nguye\u0302\u0303n"}).encode(), None),
    "word-breaks.json": (b'{"children": 1, "comment": "a\\u000bb\\u000cc\\r\\nd"}', None),
}


def test_submit_refuses_each_hostile_data_file_by_name_and_stores_nothing(
    cli: Path, store: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong: list[str] = []
    for name, (content, expected) in sorted(REFUSED_FILES.items()):
        path = tmp_path / name
        path.write_bytes(content)
        code, _, err = run(capsys, "submit", D, YT, "--agency", "so-yt", "--data", str(path))
        if code != 1 or expected not in err or "Traceback" in err:
            wrong.append(f"{name}: exit {code}: {err[:200]}")
    assert not wrong
    assert stored(store) == 0


def test_submit_normalises_what_the_rules_say(
    cli: Path, store: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, (content, _) in sorted(NORMALISED.items()):
        path = tmp_path / name
        path.write_bytes(content)
        code, _, err = run(capsys, "submit", D, YT, "--agency", "so-yt", "--data", str(path))
        assert code == 0, f"{name}: {err}"
    with session_scope(store) as session:
        rows = session.scalars(select(SubmissionRow.data).order_by(SubmissionRow.version))
        got = dict(zip(sorted(NORMALISED), rows, strict=True))
    assert got["bom.json"] == {"children": 7}
    assert got["vietnamese.json"] == {"children": 1250, "amount": 1250.5}
    assert got["nfd.json"]["comment"] == "Nguyễn"  # NFC
    assert got["word-breaks.json"]["comment"] == "a\nb\nc\nd"


@pytest.mark.parametrize(
    "data", [{"children": 5, "amount": NINES}, {"children": "99999999999999999999"}]
)
def test_a_figure_typed_as_text_meets_the_same_number_rules(
    data: dict[str, str], store: Engine, tmp_path: Path
) -> None:
    with pytest.raises(RefusedError):
        hand_in(store, tmp_path, YT, data)
    assert stored(store) == 0


def test_a_lone_surrogate_in_a_data_file_is_refused() -> None:
    with pytest.raises(RefusedError, match="comment"):
        parse_data(b'{"children": 5, "comment": "\\ud800"}', "data.json")


def test_whatever_was_accepted_still_consolidates(store: Engine, tmp_path: Path) -> None:
    for task, data in ((YT, {"children": 1, "amount": 5}), (HA, {"children": 2})):
        hand_in(store, tmp_path, task, data)
        accept(store, task)
    legacy = '{"children": 1, "amount": 1e400, "comment": "\\ud800"}'  # stored before the rules
    with store.begin() as connection:  # read back, 1e400 is Infinity on both stores
        connection.execute(text("UPDATE submissions SET data = :d"), {"d": legacy})
    hand_in(store, tmp_path, HB, {"children": 3})
    accept(store, HB)
    built = consolidate(store, directive=D, task=LEAD, home=tmp_path, actor=operator("op"))
    assert built.markdown_path.is_file()
    assert "không hợp lệ" in built.markdown_path.read_text("utf-8")
    assert not list(built.markdown_path.parent.glob(".*.writing"))


def test_a_note_argument_that_is_not_utf8_is_refused_plainly(
    cli: Path, store: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "ok.json"
    data.write_text('{"children": 3}', "utf-8")
    note = os.fsdecode(b"abc\xed\xa0\x80\xff")  # what Python makes of such argv bytes
    code, _, err = run(
        capsys, "submit", D, YT, "--agency", "so-yt", "--data", str(data), "--note", note
    )
    assert code == 1
    assert "note" in err
    assert stored(store) == 0


def test_received_on_is_checked_against_the_clock_and_the_issue_day(
    cli: Path, store: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "ok.json"
    data.write_text('{"children": 3}', "utf-8")
    base = ("submit", D, YT, "--agency", "so-yt", "--data", str(data))
    future = (local_today() + timedelta(days=30)).isoformat()
    for extra, expected in (
        (("--received-on", future, "--reason", "giấy"), "in the future"),
        (("--received-on", "2000-01-01", "--reason", "giấy"), "before the directive was issued"),
        (("--received-on", local_today().isoformat()), "needs --reason"),
    ):
        code, _, err = run(capsys, *base, *extra)
        assert code in (1, 2), err
        assert expected in err, err
    assert stored(store) == 0
    # an agency's contact may not back-date at all
    claim = datetime.now(UTC) - timedelta(days=3)
    who = Actor.for_agency("van-thu@so-yt.gov.vn", "so-yt", Channel.PORTAL)
    entry = Intake.of(
        directive=D,
        task=YT,
        agency="so-yt",
        actor=who,
        data={"children": 1},
        received_at=claim,
        received_reason="giấy",
    )
    with session_scope(store) as session, pytest.raises(ForbiddenError, match="only an operator"):
        submit(session, entry, home=tmp_path)
    assert stored(store) == 0


def test_remind_for_a_later_day_sends_nothing_without_dry_run(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    later = (local_today() + timedelta(days=40)).isoformat()
    code, _, err = run(capsys, "remind", "--day", later)
    assert code == 1
    assert "only looked at with --dry-run" in err
    assert not (cli / "mailbox").exists() or not any((cli / "mailbox").iterdir())
    code, out, _ = run(capsys, "remind", "--day", later, "--dry-run", "--format", "json")
    assert code == 0
    assert json.loads(out)["queue"]["dry_run"] is True
    assert not (cli / "mailbox").exists() or not any((cli / "mailbox").iterdir())


@pytest.mark.parametrize("command", ["status", "dashboard"])
def test_an_implausible_as_of_day_is_refused_plainly(
    command: str, cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, command, "--as-of", "0001-01-01")
    assert code in (1, 2)
    assert "unexpected error" not in err


def test_control_characters_in_a_reason_are_refused(store: Engine, tmp_path: Path) -> None:
    hand_in(store, tmp_path, YT, {"children": 1})
    agency = Actor.for_agency("van-thu@ubnd-huyen-a.gov.vn", "ubnd-huyen-a", Channel.PORTAL)
    with pytest.raises(RefusedError), session_scope(store) as session:
        request_extension(
            session,
            directive=D,
            task=HA,
            until=local_today() + timedelta(days=20),
            reason="mưa lũ\x1b]0;pwned\x07",
            actor=agency,
        )
    with pytest.raises(RefusedError), session_scope(store) as session:
        return_yt(session, "thiếu\x1b[2J")
    with session_scope(store) as session:
        assert session.scalar(select(func.count()).select_from(ExtensionRow)) == 0


# --- escaping ----------------------------------------------------------------------------


def test_link_image_and_html_payloads_are_escaped_in_the_markdown_report(
    store: Engine, tmp_path: Path
) -> None:
    for task, n in ((YT, 1), (HA, 2), (HB, 3)):
        hand_in(store, tmp_path, task, {"children": n, "comment": f"{INJECTION} | {n}"})
        accept(store, task)
    built = consolidate(store, directive=D, task=LEAD, home=tmp_path, actor=operator("op"))
    text = built.markdown_path.read_text("utf-8")
    assert "<img" not in text
    assert "<script" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no unescaped link or image target
    assert "&lt;img" in text
    assert "\\[x\\]" in text
    assert "\\|" in text


# --- inbox isolation ---------------------------------------------------------------------


def test_one_run_takes_the_good_folder_and_sets_each_bad_one_aside(
    store: Engine, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    good = drop(home, "so-yt", YT, {"data.json": b'{"children": 11}'})
    os.utime(good / "data.json", (0, 946_684_800))  # back-dated mtime: 2000-01-01
    links = drop(home, "ubnd-huyen-a", HA, {"data.json": b'{"children": 12}'})
    (links / "dangling.pdf").symlink_to(tmp_path / "nowhere")
    names = drop(home, "ubnd-huyen-b", HB, {"data.json": b'{"children": 13}'})
    (names / os.fsdecode(b"Nguy\xd2n.pdf")).write_bytes(b"%PDF")
    bad_data = home / "inbox" / "so-yt" / D / os.fsdecode(b"supply-data__so-yt\xd2")
    bad_data.mkdir(parents=True)
    (bad_data / "data.json").write_bytes(b'{"children": Infinity}')
    counts = collect_twice(store, home)
    assert counts["ingested"] == 1
    assert counts["rejected"] == 3
    assert counts["failed"] == 0
    with session_scope(store) as session:
        [row] = session.scalars(select(SubmissionRow))
        assert row.data == {"children": 11}
        assert row.submitted_at.replace(tzinfo=UTC) > datetime.now(UTC) - timedelta(minutes=5)
    rejected = sorted((home / "inbox" / ".rejected").iterdir())
    assert len(rejected) == 3
    for folder in rejected:
        assert (folder / REASON_FILE).is_file()
        assert (folder / "data.json").is_file()  # nothing the agency sent is lost


def test_a_re_drop_after_a_return_is_a_new_version(store: Engine, tmp_path: Path) -> None:
    home = tmp_path / "home"
    drop(home, "so-yt", YT, {"data.json": b'{"children": 11}'})
    assert collect_twice(store, home)["ingested"] == 1
    with session_scope(store) as session:
        return_yt(session, "thiếu")
    drop(home, "so-yt", YT, {"data.json": b'{"children": 11}'})  # the very same files again
    assert collect_twice(store, home)["ingested"] == 1
    with session_scope(store) as session:
        assert sorted(session.scalars(select(SubmissionRow.version))) == [1, 2]
        assert session.scalars(select(TaskRow.state).where(TaskRow.key == YT)).one() == "submitted"


def forged_marker(folder: Path, name: str, first_seen: datetime) -> None:
    """What an agency with write access to its inbox folder can put there."""
    marker = {
        "name": name,
        "first_seen": first_seen.isoformat(),
        "fingerprint": fingerprint(folder),
        "stable_since": first_seen.isoformat(),
    }
    (folder / MARKER).write_text(json.dumps(marker), "utf-8")


def test_a_forged_marker_does_not_back_date_the_received_time(
    store: Engine, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    folder = drop(home, "so-yt", YT, {"data.json": b'{"children": 11}'})
    forged_marker(folder, f"so-yt/{D}/supply-data__so-yt", datetime(2020, 1, 1, tzinfo=UTC))
    collect_inbox(store, home=home, now=time.time() + 120)
    collect_inbox(store, home=home, now=time.time() + 240)
    with session_scope(store) as session:
        [row] = session.scalars(select(SubmissionRow))
        assert row.submitted_at.replace(tzinfo=UTC) > datetime.now(UTC) - timedelta(minutes=5)


def test_a_forged_marker_cannot_hand_in_for_another_agency(store: Engine, tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = home / "inbox" / "ubnd-huyen-b" / D / "anything"
    folder.mkdir(parents=True)
    (folder / "bao-cao.pdf").write_bytes(b"%PDF-1.4 forged")
    forged_marker(folder, f"so-ldtbxh/{D}/finalize-report__so-ldtbxh", datetime.now(UTC))
    collect_inbox(store, home=home, now=time.time() + 120)
    assert stored(store) == 0


def test_a_planted_symlink_does_not_make_the_collector_write_elsewhere(
    store: Engine, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    folder = drop(home, "so-yt", YT, {"data.json": b'{"children": 11}'})
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    (folder / f"{MARKER}.partial").symlink_to(victim)
    collect_twice(store, home)
    assert victim.read_text("utf-8") == "keep me"


# --- addresses at validate time ----------------------------------------------------------


def registry_with(tmp_path: Path, email: str) -> Path:
    text = (FIXTURES / "valid" / "agencies.yaml").read_text("utf-8")
    path = tmp_path / "agencies.yaml"
    path.write_text(text.replace("email: a@example.vn", f"email: {json.dumps(email)}"), "utf-8")
    return path


@pytest.mark.parametrize(
    "email",
    [
        "a,b@example.vn",
        "a:b@example.vn",
        "Văn thư <a@example.vn>",
        "a@example.vn; b@example.vn",
        "a@example.vn\r\nBcc: x@evil.example",
        "a@b@example.vn",
        "a@example..vn",
    ],
)
def test_validate_refuses_an_address_that_is_not_one_mailbox_at_its_line(
    email: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = registry_with(tmp_path, email)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert f"{path}:14:" in out + err
    assert "not one e-mail address" in out + err


@pytest.mark.parametrize("email", [".a@example.vn", "a.@example.vn", "a..b@example.vn"])
def test_validate_refuses_a_malformed_dot_atom(
    email: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(capsys, "validate", str(registry_with(tmp_path, email)))
    assert code == 1


# --- process hygiene ---------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes")
def test_a_read_only_store_still_answers_status_and_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(home))
    monkeypatch.delenv("DIRECTIVE_FLOW_DATABASE_URL", raising=False)
    reset()
    assert main(["register", str(write_definitions(tmp_path / "defs")), "--as", "op"]) == 0
    forget_stores()
    for extra in home.glob("*.db-*"):
        extra.unlink()
    for db in home.glob("*.db"):
        db.chmod(0o444)
    home.chmod(0o555)
    try:
        assert run(capsys, "status", D)[0] == 0
        assert run(capsys, "history", D, YT)[0] == 0
    finally:
        home.chmod(0o755)
        forget_stores()
        reset()


# --- the portal --------------------------------------------------------------------------


def test_the_portal_refuses_hostile_requests_without_storing(portal: Portal) -> None:  # noqa: F811
    health = portal.sign_in(HEALTH)
    path = f"/api/tasks/{WEB_DIRECTIVE}/{TASK_YT}/submissions"
    good = {"data": {"children": 5, "budget": "1.250,5"}}
    assert health.client.post(path, json=good).status_code == 403  # no CSRF
    wrong = {"X-CSRF-Token": health.csrf["X-CSRF-Token"] + "x"}
    response = health.client.post(path, json=good, headers=wrong)
    assert response.status_code == 403
    other = f"/api/tasks/{WEB_DIRECTIVE}/{TASK_A}/submissions"
    assert health.post(other, json=good).status_code == 403
    for body in (
        '{"data": {"children": NaN, "budget": 1}}',
        '{"data": {"children": 5, "budget": 1e400}}',
        '{"data": {"children": 5, "budget": 1, "remarks": "a\\u0000b"}}',
        '{"data": {"children": 5, "budget": ' + "[" * 100_000 + "]" * 100_000 + "}}",
    ):
        response = health.post(path, content=body, headers={"Content-Type": "application/json"})
        assert response.status_code in (400, 422), body[:60]
    task = health.get(f"/api/tasks/{WEB_DIRECTIVE}/{TASK_YT}").json()
    assert not task.get("versions")


def test_a_lone_surrogate_through_the_portal_is_refused_and_the_page_lives(
    portal: Portal,  # noqa: F811
) -> None:
    health = portal.sign_in(HEALTH)
    path = f"/api/tasks/{WEB_DIRECTIVE}/{TASK_YT}/submissions"
    body = '{"data": {"children": 5, "budget": 1, "remarks": "\\ud800"}}'
    response = health.post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert health.get(f"/tasks/{WEB_DIRECTIVE}/{TASK_YT}").status_code == 200


def test_audit_keeps_entry_and_claim_for_an_operator_back_dating(
    store: Engine, tmp_path: Path
) -> None:
    claim = datetime.now(UTC) - timedelta(days=2)
    with session_scope(store) as session:
        entry = Intake.of(
            directive=D,
            task=YT,
            agency="so-yt",
            actor=operator("op"),
            data={"children": 1},
            received_at=claim,
            received_reason="công văn giấy đến ngày trước",
        )
        submit(session, entry, home=tmp_path)
    with session_scope(store) as session:
        [event] = session.scalars(select(AuditRow).where(AuditRow.action == "submit"))
        assert event.after is not None
        assert event.after["received_at"] == claim.isoformat()
        assert event.at.replace(tzinfo=UTC) > claim + timedelta(days=1)
    assert date.fromisoformat(event.after["received_at"][:10]) == claim.date()
