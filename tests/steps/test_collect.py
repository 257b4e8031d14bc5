"""The inbox: settled folders become submissions once; bad ones are set aside with reasons.

Against tests/fixtures/valid/directive.yaml: ``supply-data`` wants one integer field
(``children``) from so-yt and the two districts; ``finalize-report`` declares no field.
"""

from __future__ import annotations

import codecs
import hashlib
import time
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from store_helpers import operator

from directive_flow.steps import collect as inbox
from directive_flow.steps.collect import LAYOUT, REASON_FILE, CollectReport, collect_inbox
from directive_flow.steps.inbox_words import LAYOUT_LINES, OUTCOME_WORDS, said
from directive_flow.steps.review import review
from directive_flow.store.attachments import attachment_path
from directive_flow.store.db import session_scope
from directive_flow.store.tables import AttachmentRow, SubmissionRow, TaskRow

D = "test-1-tb-vp"
LATER = 120.0  # seconds after the files were written: past the 60 s settle time


def drop(
    home: Path, agency: str, task: str, files: dict[str, bytes | str], directive: str = D
) -> Path:
    folder = home / "inbox" / agency / directive / task.replace("/", "__")
    folder.mkdir(parents=True)
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def look(engine: Engine, home: Path, **kwargs: float) -> CollectReport:
    """One run of the collector, as the next scheduled run would be (well after the drop)."""
    return collect_inbox(engine, home=home, now=time.time() + 10 * LATER, **kwargs)


def collect(engine: Engine, home: Path, **kwargs: float) -> CollectReport:
    """Two looks, ``LATER`` apart: the first sees the folders, the second takes them."""
    start = time.time()
    collect_inbox(engine, home=home, now=start, **kwargs)
    return collect_inbox(engine, home=home, now=start + LATER, **kwargs)


def submissions(engine: Engine) -> list[SubmissionRow]:
    with session_scope(engine) as session:
        return list(session.scalars(select(SubmissionRow).order_by(SubmissionRow.id)))


def only(folder: Path) -> Path:
    [child] = folder.iterdir()
    return child


def visible(folder: Path) -> list[str]:
    """The files an agency sent (the collector's hidden marker left out)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


GOOD = {
    "data.yaml": "children: 12\n",
    "bien-ban.pdf": b"%PDF-1.4 ...",
    "note.txt": "Kèm biên bản\n",
}


def test_a_valid_folder_becomes_one_submission_and_moves_to_done(
    registered: Engine, home: Path
) -> None:
    folder = drop(home, "so-yt", "supply-data/so-yt", GOOD)
    report = collect(registered, home)
    assert report.counts["ingested"] == 1
    [outcome] = report.outcomes
    assert (outcome.folder, outcome.outcome, outcome.version) == (
        "so-yt/test-1-tb-vp/supply-data__so-yt",
        "ingested",
        1,
    )
    assert not folder.exists()
    done = only(home / "inbox" / ".done")
    assert outcome.moved_to == done
    assert done.name.endswith("Z-so-yt-test-1-tb-vp-supply-data__so-yt")
    assert visible(done) == ["bien-ban.pdf", "data.yaml", "note.txt"]
    [row] = submissions(registered)
    assert (row.agency, row.data, row.note, row.submitted_by) == (
        "so-yt",
        {"children": 12},
        "Kèm biên bản",
        "inbox",
    )
    assert row.inbox_digest is not None
    assert len(row.inbox_digest) == 64
    with session_scope(registered) as session:
        attachment = session.scalars(select(AttachmentRow)).one()
    assert attachment.original_name == "bien-ban.pdf"
    assert attachment.sha256 == hashlib.sha256(b"%PDF-1.4 ...").hexdigest()
    assert attachment_path(home, attachment.sha256).read_bytes() == b"%PDF-1.4 ..."


def test_running_twice_ingests_once_and_a_new_drop_is_a_new_version(
    registered: Engine, home: Path
) -> None:
    drop(home, "so-yt", "supply-data/so-yt", GOOD)
    collect(registered, home)
    assert collect(registered, home).outcomes == ()
    drop(home, "so-yt", "supply-data/so-yt", GOOD)  # the very same files, sent again later
    again = collect(registered, home)
    assert [(o.outcome, o.version) for o in again.outcomes] == [("already_ingested", 1)]
    drop(home, "so-yt", "supply-data/so-yt", GOOD | {"data.yaml": "children: 13\n"})  # new
    changed = collect(registered, home)
    assert [(o.outcome, o.version) for o in changed.outcomes] == [("ingested", 2)]
    assert len(submissions(registered)) == 2
    assert len(list((home / "inbox" / ".done").iterdir())) == 3


def test_a_drop_after_a_return_is_recorded_and_reopens_nothing_twice(
    registered: Engine, home: Path
) -> None:
    from store_helpers import operator

    from directive_flow.steps.review import review

    drop(home, "so-yt", "supply-data/so-yt", GOOD)
    collect(registered, home)
    with session_scope(registered) as session:
        review(
            session,
            directive=D,
            task="supply-data/so-yt",
            decision="return",
            reason="thiếu số liệu",
            actor=operator("vp"),
        )
    drop(home, "so-yt", "supply-data/so-yt", GOOD)  # the agency sends the same again
    [outcome] = collect(registered, home).outcomes
    assert (outcome.outcome, outcome.version) == ("ingested", 2)
    with session_scope(registered) as session:
        task = session.scalars(select(TaskRow).where(TaskRow.key == "supply-data/so-yt")).one()
        assert task.state == "submitted"


def test_changed_content_is_a_new_version(registered: Engine, home: Path) -> None:
    drop(home, "so-yt", "supply-data/so-yt", GOOD)
    collect(registered, home)
    drop(home, "so-yt", "supply-data/so-yt", GOOD | {"data.yaml": "children: 13\n"})
    assert [o.version for o in collect(registered, home).outcomes] == [2]
    assert [r.data for r in submissions(registered)] == [{"children": 12}, {"children": 13}]


def test_a_failed_move_after_the_commit_is_finished_by_the_next_run(
    registered: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = drop(home, "so-yt", "supply-data/so-yt", GOOD)

    def refuse(*_: object) -> Path:
        raise PermissionError(13, "Permission denied")

    real = inbox._move

    def refuse_done(folder: Path, root: Path, name: str) -> Path:
        return refuse() if root.name == ".done" else real(folder, root, name)

    monkeypatch.setattr(inbox, "_move", refuse_done)
    [failed] = collect(registered, home).outcomes
    assert failed.outcome == "failed"
    assert "Permission denied" in failed.problems[0]
    assert not folder.exists()  # claimed: it waits in .processing, stored once
    assert len(submissions(registered)) == 1
    monkeypatch.undo()
    [outcome] = look(registered, home).outcomes  # the next run finishes it
    assert (outcome.outcome, outcome.version) == ("already_ingested", 1)
    assert list((home / "inbox" / ".processing").iterdir()) == []
    assert len(submissions(registered)) == 1


class Crash(BaseException):
    """The process dying: not an error the collector may handle."""


def test_a_crash_between_commit_and_move_does_not_ingest_twice(
    registered: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = drop(home, "so-yt", "supply-data/so-yt", GOOD)

    real = inbox._move

    def die_at_done(folder: Path, root: Path, name: str) -> Path:
        if root.name == ".done":
            raise Crash
        return real(folder, root, name)

    monkeypatch.setattr(inbox, "_move", die_at_done)
    with pytest.raises(Crash):
        collect(registered, home)
    assert not folder.exists()
    assert len(list((home / "inbox" / ".processing").iterdir())) == 1
    assert len(submissions(registered)) == 1  # committed before the move
    monkeypatch.undo()
    assert look(registered, home).counts["already_ingested"] == 1
    assert len(submissions(registered)) == 1


def test_a_concurrent_run_that_stored_the_folder_first_is_recognised(
    registered: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop(home, "so-yt", "supply-data/so-yt", GOOD)
    real = inbox._move

    def stop_at_done(folder: Path, root: Path, name: str) -> Path:
        if root.name == ".done":
            raise PermissionError(13, "Permission denied")
        return real(folder, root, name)

    monkeypatch.setattr(inbox, "_move", stop_at_done)
    collect(registered, home)  # stored, left in .processing as if another run were moving it
    monkeypatch.setattr(inbox, "_move", real)
    with session_scope(registered) as session:  # returned meanwhile: not a repeat to drop
        review(session, directive=D, task="supply-data/so-yt", decision="return",
               reason="Bổ sung", actor=operator("vp"))  # fmt: skip
    looked = inbox._stored_version
    calls: list[str] = []

    def blind_first(session: object, digest: str) -> int | None:
        calls.append(digest)  # the first look misses, as if the other run had not committed
        return None if len(calls) == 1 else looked(session, digest)  # type: ignore[arg-type]

    monkeypatch.setattr(inbox, "_stored_version", blind_first)
    [outcome] = look(registered, home).outcomes
    assert (outcome.outcome, outcome.version) == ("already_ingested", 1)
    assert len(calls) == 2
    assert len(submissions(registered)) == 1


def test_a_deliverable_without_fields_needs_no_data_file(registered: Engine, home: Path) -> None:
    drop(home, "so-ldtbxh", "finalize-report", {"bao-cao.docx": b"PK\x03\x04"})
    [outcome] = collect(registered, home).outcomes
    assert (outcome.outcome, outcome.version) == ("ingested", 1)
    assert submissions(registered)[0].data == {}


def test_data_json_is_read_too(registered: Engine, home: Path) -> None:
    drop(home, "ubnd-huyen-a", "supply-data/ubnd-huyen-a", {"data.json": '{"children": 7}'})
    assert collect(registered, home).counts["ingested"] == 1
    assert submissions(registered)[0].data == {"children": 7}


REJECTIONS = [
    pytest.param(
        "ubnd-huyen-a",
        "supply-data/so-yt",
        {"data.yaml": "children: 12\n"},
        ["task 'supply-data/so-yt' belongs to 'so-yt'; 'ubnd-huyen-a' may not submit it"],
        id="wrong-agency",
    ),
    pytest.param(
        "so-yt",
        "supply-data/so-yt",
        {"data.yaml": "children: mười hai\nchildern: 3\n"},
        [
            "childern: unknown field (did you mean 'children'?)",
            "children: expected a whole number, got 'mười hai'",
        ],
        id="bad-data",
    ),
    pytest.param(
        "so-yt",
        "supply-data/so-yt",
        {"data.yaml": "children: [12\n"},
        [
            "data.yaml:2:1: YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'"
        ],
        id="corrupt-yaml",
    ),
    pytest.param(
        "so-yt",
        "supply-data/so-yt",
        {"data.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        ["data.yaml: binary file (or UTF-16), not UTF-8 text"],
        id="binary-data-file",
    ),
    pytest.param(
        "so-yt",
        "supply-data/so-yt",
        {"data.json": '{"children": NaN}'},
        ["data.json: NaN is not a number; write the figure, or leave the field out"],
        id="json-nan",
    ),
    pytest.param(
        "so-yt",
        "supply-data/so-yt",
        {"data.json": '{"children": 1,'},
        ["data.json:1:16: invalid JSON: Expecting property name enclosed in double quotes"],
        id="corrupt-json",
    ),
    pytest.param(
        "so-yt",
        "supply-data/so-yt",
        {"data.yaml": "- 12\n"},
        ["data.yaml: expected a mapping of field name to value"],
        id="data-not-a-mapping",
    ),
    pytest.param(
        "so-yt",
        "supply-data/so-yt",
        {"data.yaml": "children: 1\n", "data.json": '{"children": 1}'},
        ["give the data once: data.yaml or data.json, not both"],
        id="two-data-files",
    ),
    pytest.param(
        "so-yt",
        "supply-dta/so-yt",
        {"data.yaml": "children: 1\n"},
        [
            "directive 'test-1-tb-vp' has no task 'supply-dta/so-yt' "
            "(did you mean 'supply-data/so-yt'?)"
        ],
        id="unknown-task",
    ),
    pytest.param(
        "so-yt",
        "supply-data/so-yt",
        {"note.txt": b"\xff\xfe n\x00"},
        ["note.txt: not UTF-8 text; save the note as UTF-8"],  # the data is checked once readable
        id="bad-note",
    ),
]


@pytest.mark.parametrize(("agency", "task", "files", "problems"), REJECTIONS)
def test_invalid_folders_are_rejected_with_every_reason(
    registered: Engine,
    home: Path,
    agency: str,
    task: str,
    files: dict[str, bytes | str],
    problems: list[str],
) -> None:
    folder = drop(home, agency, task, files)
    [outcome] = collect(registered, home).outcomes
    assert (outcome.outcome, list(outcome.problems)) == ("rejected", problems)
    assert not folder.exists()
    rejected = only(home / "inbox" / ".rejected")
    assert outcome.moved_to == rejected
    assert visible(rejected) == sorted([*files, REASON_FILE])
    for name, content in files.items():  # nothing lost
        data = content.encode() if isinstance(content, str) else content
        assert (rejected / name).read_bytes() == data
    lines = note_lines(rejected)
    assert lines[0] == "THÔNG BÁO TỪ CHỐI HỒ SƠ NỘP QUA HỘP THƯ"
    assert f"Thư mục: {agency}/{D}/{task.replace('/', '__')}" in lines
    start = lines.index("Lý do (mỗi dòng một lỗi):") + 1
    assert lines[start : start + len(problems) + 1] == [*(f"- {said(p)}" for p in problems), ""]
    assert submissions(registered) == []


def note_lines(rejected: Path, name: str = REASON_FILE) -> list[str]:
    """The refusal note's lines: UTF-8 with a BOM and CRLF line ends, for Notepad."""
    raw = (rejected / name).read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    assert raw.count(b"\n") == raw.count(b"\r\n")
    return raw.decode("utf-8-sig").split("\r\n")


AT = datetime(2024, 7, 1, 17, 29, 30, tzinfo=UTC).timestamp()  # 00:29 on 2 July in Hà Nội


def test_the_refusal_note_is_written_in_vietnamese_for_the_clerk(
    registered: Engine, home: Path
) -> None:
    drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: nhiều\n"})
    collect_inbox(registered, home=home, now=AT)
    collect_inbox(registered, home=home, now=AT + LATER)
    rejected = only(home / "inbox" / ".rejected")
    lines = note_lines(rejected)
    text = "\n".join(lines)
    assert unicodedata.is_normalized("NFC", text)
    assert lines[:2] == ["THÔNG BÁO TỪ CHỐI HỒ SƠ NỘP QUA HỘP THƯ", ""]
    assert "Thời điểm kiểm tra: 02/07/2024 00:31 (giờ Việt Nam)" in lines
    reason = "children: Cần một số nguyên, đã nhập 'nhiều'. (expected a whole number, got 'nhiều')"
    assert f"- {reason}" in lines
    assert lines[lines.index("Cách đặt hồ sơ đúng:") :] == [
        *LAYOUT_LINES, "", "Thời điểm kiểm tra (UTC): 2024-07-01 17:31:30", ""
    ]  # the UTC line, as the note always carried it, for scripts  # fmt: skip
    assert "Mỗi hồ sơ là một thư mục: inbox/<mã cơ quan>/<mã văn bản>/<mã nhiệm vụ>/" in text
    assert LAYOUT not in text
    assert "written as" not in text


def test_the_note_says_an_unknown_directive_in_vietnamese(registered: Engine, home: Path) -> None:
    drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"}, directive="khong-co")
    collect(registered, home)
    lines = note_lines(only(home / "inbox" / ".rejected"))
    [reason] = [line for line in lines if "unknown directive" in line]
    assert reason.startswith("- Không có văn bản khong-co")
    assert reason.endswith(". (unknown directive 'khong-co')")


def test_the_table_is_in_vietnamese_with_paths_from_the_inbox(
    registered: Engine, home: Path
) -> None:
    drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: nhiều\n"})
    drop(home, "ubnd-huyen-a", "supply-data/ubnd-huyen-a", {"data.yaml": "children: 4\n"})
    (home / "inbox" / "so-yt" / "ghi-chu.txt").write_text("để nhầm chỗ")
    report = collect(registered, home)
    rows = report.table(home / "inbox")
    moved = {o.outcome: o.moved_to for o in report.outcomes}
    rejected, ingested = moved["rejected"], moved["ingested"]
    assert rejected is not None
    assert ingested is not None
    assert sorted(rows, key=lambda r: str(r["Chuyển đến"]), reverse=True) == [
        {
            "Thư mục": f"so-yt/{D}/supply-data__so-yt",
            "Kết quả": "Bị từ chối",
            "Phiên bản": None,
            "Chuyển đến": f".rejected/{rejected.name}",
            "Vấn đề": "children: Cần một số nguyên, đã nhập 'nhiều'."
            " (expected a whole number, got 'nhiều')",
        },
        {
            "Thư mục": f"ubnd-huyen-a/{D}/supply-data__ubnd-huyen-a",
            "Kết quả": "Đã nhận",
            "Phiên bản": 1,
            "Chuyển đến": f".done/{ingested.name}",
            "Vấn đề": "",
        },
        {
            "Thư mục": "so-yt/ghi-chu.txt",
            "Kết quả": "Đặt sai chỗ",
            "Phiên bản": None,
            "Chuyển đến": "",
            "Vấn đề": "so-yt/ghi-chu.txt: nằm ngoài thư mục nhiệm vụ nên không được tiếp nhận"
            " (để nguyên tại chỗ); hồ sơ phải đặt trong"
            " inbox/<mã cơ quan>/<mã văn bản>/<mã nhiệm vụ>/",
        },
    ]
    assert str(home) not in repr(rows)
    assert set(OUTCOME_WORDS) == set(inbox.OUTCOMES)


def test_an_unchanged_inbox_is_no_news(registered: Engine, home: Path) -> None:
    """A stray file left in the inbox is one table, not a new one every run."""
    (home / "inbox" / "so-yt").mkdir(parents=True)
    (home / "inbox" / "so-yt" / "ghi-chu.txt").write_text("để nhầm chỗ")
    runs = (collect_inbox(registered, home=home, now=AT + n * LATER) for n in range(4))
    first = next(runs)
    published = first.table(home / "inbox")
    assert first.news(published, None), "nothing published yet"
    again = next(runs)
    assert not again.news(again.table(home / "inbox"), published), "the same stray file"
    drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    waiting = next(runs)
    assert waiting.news(waiting.table(home / "inbox"), published), "a folder came"
    taken = next(runs)
    assert taken.counts["ingested"] == 1
    assert taken.news(taken.table(home / "inbox"), taken.table(home / "inbox")), "taken: news"


def test_an_unknown_directive_is_rejected(registered: Engine, home: Path) -> None:
    drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"}, directive="test-1")
    [outcome] = collect(registered, home).outcomes
    assert outcome.problems == ("unknown directive 'test-1' (did you mean 'test-1-tb-vp'?)",)


def test_a_reason_file_never_overwrites_a_sent_file(registered: Engine, home: Path) -> None:
    drop(home, "so-yt", "supply-data/so-yt", {REASON_FILE: "của cơ quan"})
    collect(registered, home)
    rejected = only(home / "inbox" / ".rejected")
    assert (rejected / REASON_FILE).read_text(encoding="utf-8") == "của cơ quan"
    assert (rejected / "LY-DO-TU-CHOI-2.txt").is_file()


def test_sub_folders_are_rejected(registered: Engine, home: Path) -> None:
    folder = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    (folder / "scans").mkdir()
    (folder / "scans" / "p1.jpg").write_bytes(b"jpg")
    [outcome] = collect(registered, home).outcomes
    assert outcome.problems == ("scans: sub-folders are not accepted; put files directly",)


def test_a_folder_still_being_written_is_left_alone(registered: Engine, home: Path) -> None:
    folder = drop(home, "so-yt", "supply-data/so-yt", GOOD)
    start = time.time()
    report = collect_inbox(registered, home=home, now=start)
    assert [o.outcome for o in report.outcomes] == ["waiting"]  # first sight
    (folder / "trang-2.pdf").write_bytes(b"%PDF-1.4")  # the copy goes on
    report = collect_inbox(registered, home=home, now=start + LATER)
    assert [o.outcome for o in report.outcomes] == ["waiting"]  # changed since the last look
    assert visible(folder) == sorted([*GOOD, "trang-2.pdf"])
    assert submissions(registered) == []
    report = collect_inbox(registered, home=home, now=start + 2 * LATER)
    assert report.counts["ingested"] == 1  # unchanged across two looks: taken
    [row] = submissions(registered)
    assert row.submitted_at.timestamp() == pytest.approx(start)  # received at first sight


def test_an_empty_folder_is_left_alone(registered: Engine, home: Path) -> None:
    folder = drop(home, "so-ldtbxh", "finalize-report", {".DS_Store": b"\x00"})
    assert [o.outcome for o in collect(registered, home).outcomes] == ["waiting"]
    assert folder.is_dir()


def test_misplaced_files_are_reported_and_left_where_they_are(
    registered: Engine, home: Path
) -> None:
    (home / "inbox" / "so-yt" / D).mkdir(parents=True)
    stray = home / "inbox" / "so-yt" / D / "data.yaml"
    stray.write_text("children: 1\n")
    (home / "inbox" / ".hidden-notes").write_text("ignored")
    [outcome] = collect(registered, home).outcomes
    assert outcome.outcome == "misplaced"
    assert outcome.problems == (
        f"so-yt/{D}/data.yaml: not inside a task folder; expected {LAYOUT}",
    )
    assert stray.is_file()


def test_no_inbox_is_nothing_to_do(registered: Engine, home: Path) -> None:
    report = collect(registered, home)
    assert report.outcomes == ()
    assert report.to_json() == {
        "counts": {
            "ingested": 0,
            "already_ingested": 0,
            "rejected": 0,
            "waiting": 0,
            "failed": 0,
            "misplaced": 0,
        },
        "folders": [],
    }


def test_one_bad_folder_does_not_stop_the_others(registered: Engine, home: Path) -> None:
    drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: x\n"})
    drop(home, "ubnd-huyen-a", "supply-data/ubnd-huyen-a", {"data.yaml": "children: 4\n"})
    report = collect(registered, home)
    assert [(o.folder.split("/")[0], o.outcome) for o in report.outcomes] == [
        ("so-yt", "rejected"),
        ("ubnd-huyen-a", "ingested"),
    ]
    with session_scope(registered) as session:
        assert session.scalar(select(func.count()).select_from(SubmissionRow)) == 1
