"""The inbox against what real shares and real faults do: one bad folder never stops the rest.

Each case puts a troublesome folder BEFORE a good one (folders are read in name order) and
checks that the good one is still taken, that the bad one gets a clear outcome, and that
nothing is lost or stored twice.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from steps.test_collect import LATER, D, collect, drop, look, submissions, visible

from directive_flow.steps import collect as inbox
from directive_flow.steps import inbox_folder
from directive_flow.steps.collect import collect_inbox

GOOD_AGENCY, GOOD_TASK = "ubnd-huyen-a", "supply-data/ubnd-huyen-a"


def _good(home: Path) -> None:
    drop(home, GOOD_AGENCY, GOOD_TASK, {"data.yaml": "children: 4\n"})


def _outcomes(report: inbox.CollectReport) -> dict[str, str]:
    return {o.folder.split("/")[0]: o.outcome for o in report.outcomes}


def test_a_dangling_link_rejects_its_folder_only(registered: Engine, home: Path) -> None:
    bad = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    (bad / "scan.pdf").symlink_to(home / "nowhere.pdf")
    _good(home)
    report = collect(registered, home)
    assert _outcomes(report) == {"so-yt": "rejected", GOOD_AGENCY: "ingested"}
    [rejected] = [o for o in report.outcomes if o.outcome == "rejected"]
    assert rejected.problems == ("scan.pdf: not a regular file (links are not accepted)",)


def test_a_file_name_that_is_not_utf8_is_named_and_refused(registered: Engine, home: Path) -> None:
    bad = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    (bad / os.fsdecode(b"b\xe1o c\xe1o.pdf")).write_bytes(b"%PDF")  # cp1258 from a Windows share
    _good(home)
    report = collect(registered, home)
    assert _outcomes(report) == {"so-yt": "rejected", GOOD_AGENCY: "ingested"}
    [rejected] = [o for o in report.outcomes if o.outcome == "rejected"]
    assert rejected.problems == (
        "b\ufffdo c\ufffdo.pdf: the file name is not UTF-8 text; rename the file",
    )
    assert rejected.moved_to is not None
    assert (rejected.moved_to / os.fsdecode(b"b\xe1o c\xe1o.pdf")).read_bytes() == b"%PDF"


def test_a_folder_name_that_is_not_utf8_is_refused_not_a_crash(
    registered: Engine, home: Path
) -> None:
    drop(home, "so-yt", os.fsdecode(b"supply-data__so-\xe1"), {"data.yaml": "children: 1\n"})
    _good(home)
    report = look(registered, home)  # refused at first sight; the good one is first seen
    assert _outcomes(report) == {"so-yt": "rejected", GOOD_AGENCY: "waiting"}
    assert report.outcomes[0].problems[0].endswith("the folder name is not UTF-8 text; rename it")


def test_an_unreadable_folder_is_said_every_run_and_taken_once_readable(
    registered: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    _good(home)
    real = inbox.fingerprint

    def denied(folder: Path) -> str:
        if "so-yt" in folder.parts:
            raise PermissionError(13, "Permission denied", str(folder))
        return real(folder)

    monkeypatch.setattr(inbox, "fingerprint", denied)
    report = collect(registered, home)
    assert _outcomes(report) == {"so-yt": "failed", GOOD_AGENCY: "ingested"}
    [failed] = [o for o in report.outcomes if o.outcome == "failed"]
    assert "Permission denied" in failed.problems[0]
    monkeypatch.undo()
    assert _outcomes(collect(registered, home)) == {"so-yt": "ingested"}


def test_files_added_while_a_run_reads_the_folder_become_the_next_version(
    registered: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = drop(home, "so-ldtbxh", "finalize-report", {"bao-cao.docx": b"PK\x03\x04"})
    real = inbox.read_drop

    def agency_adds_a_file(folder: Path, marker: inbox_folder.Marker) -> inbox_folder.Drop:
        original.mkdir(parents=True, exist_ok=True)  # the copy tool makes the folder again
        (original / "phu-luc.pdf").write_bytes(b"%PDF-1.4 late")
        return real(folder, marker)

    monkeypatch.setattr(inbox, "read_drop", agency_adds_a_file)
    [first] = collect(registered, home).outcomes
    monkeypatch.undo()
    assert (first.outcome, first.version) == ("ingested", 1)
    assert first.moved_to is not None
    assert visible(first.moved_to) == ["bao-cao.docx"]  # what was stored, and only that
    [second] = collect(registered, home).outcomes
    assert (second.outcome, second.version) == ("ingested", 2)
    assert second.moved_to is not None
    assert visible(second.moved_to) == ["phu-luc.pdf"]  # nothing lost


def test_a_backdated_file_time_is_not_the_received_time(registered: Engine, home: Path) -> None:
    folder = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    old = datetime(2024, 7, 1, tzinfo=UTC).timestamp()
    for path in [folder, *folder.iterdir()]:
        os.utime(path, (old, old))
    start = time.time()
    collect_inbox(registered, home=home, now=start)
    collect_inbox(registered, home=home, now=start + LATER)
    [row] = submissions(registered)
    assert row.submitted_at.timestamp() == pytest.approx(start)


def test_a_store_that_cannot_be_reached_leaves_the_folder_for_the_next_run(
    registered: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})

    def down(*_: object, **__: object) -> object:
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(inbox, "submit", down)
    [failed] = collect(registered, home).outcomes
    assert failed.outcome == "failed"
    assert "the store cannot be reached" in failed.problems[0]
    assert len(list((home / "inbox" / ".processing").iterdir())) == 1
    monkeypatch.undo()
    [taken] = look(registered, home).outcomes
    assert (taken.outcome, taken.version) == ("ingested", 1)


def test_a_bug_on_one_folder_never_stops_the_others(
    registered: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    _good(home)
    real = inbox.read_drop

    def broken(folder: Path, marker: inbox_folder.Marker) -> inbox_folder.Drop:
        if marker.name.startswith("so-yt/"):
            raise ZeroDivisionError("a bug")
        return real(folder, marker)

    monkeypatch.setattr(inbox, "read_drop", broken)
    report = collect(registered, home)
    assert _outcomes(report) == {"so-yt": "failed", GOOD_AGENCY: "ingested"}
    assert "unexpected failure (ZeroDivisionError)" in report.outcomes[0].problems[0]


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        (
            {"data.yaml": "children: 1\n", "note.txt": "ghi\x00chú"},
            "note: contains control characters (U+0000)",
        ),
        ({"data.json": '{"children": 1e400}'}, "children: inf is not a finite number"),
        ({"data.json": "[" * 50_000 + "]" * 50_000}, "data.json: nested more than"),
    ],
)
def test_values_no_database_may_store_are_refused_on_both(
    registered: Engine, home: Path, files: dict[str, str], problem: str
) -> None:
    drop(home, "so-yt", "supply-data/so-yt", files)
    _good(home)
    report = collect(registered, home)
    assert _outcomes(report) == {"so-yt": "rejected", GOOD_AGENCY: "ingested"}
    assert report.outcomes[0].problems[0].startswith(problem), report.outcomes[0].problems
    assert D in str(report.outcomes[0].moved_to)


def test_a_marker_kept_from_an_earlier_drop_does_not_back_date_the_next(
    registered: Engine, home: Path
) -> None:
    folder = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    start = time.time()
    collect_inbox(registered, home=home, now=start)
    kept = (folder / inbox_folder.MARKER).read_bytes()  # the agency can read its folder
    collect_inbox(registered, home=home, now=start + LATER)
    folder = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 2\n"})
    (folder / inbox_folder.MARKER).write_bytes(kept)  # a new folder: another inode
    collect_inbox(registered, home=home, now=start + 10 * LATER)
    collect_inbox(registered, home=home, now=start + 11 * LATER)
    first, second = submissions(registered)
    assert first.submitted_at.timestamp() == pytest.approx(start)
    assert second.submitted_at.timestamp() == pytest.approx(start + 10 * LATER)


def test_a_pipe_in_place_of_the_marker_does_not_stop_the_collector(
    registered: Engine, home: Path
) -> None:
    folder = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    os.mkfifo(folder / inbox_folder.MARKER)  # reading it would wait for a writer for ever
    _good(home)
    assert _outcomes(collect(registered, home)) == {"so-yt": "ingested", GOOD_AGENCY: "ingested"}


def test_a_folder_above_swapped_for_a_link_mid_look_touches_nothing_of_the_other_agency(
    registered: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An agency that, while the collector looks at its task folder, puts a link to another
    agency's directive folder in place of its own: no marker is written there, nothing is
    taken from there, and the other agency's drop keeps its received time."""
    task = "supply-data/so-yt"
    victim = drop(home, "so-yt", task, {"data.yaml": "children: 1\n"})
    mine = drop(home, "so-attacker", task, {"data.yaml": "children: 9\n"})  # listed first
    start = time.time()
    collect_inbox(registered, home=home, now=start)  # both first seen
    kept = (victim / inbox_folder.MARKER).read_bytes()
    real = inbox.fingerprint

    def swapped_meanwhile(folder: Path) -> str:
        if "so-attacker" in folder.parts and not mine.parent.is_symlink():
            mine.parent.rename(mine.parent.with_name("moved-away"))
            mine.parent.symlink_to(victim.parent, target_is_directory=True)
            assert (victim / inbox_folder.MARKER).read_bytes() == kept
        return real(folder)

    monkeypatch.setattr(inbox, "fingerprint", swapped_meanwhile)
    report = collect_inbox(registered, home=home, now=start + LATER)
    assert _outcomes(report) == {"so-attacker": "failed", "so-yt": "ingested"}
    assert "replaced while it was read" in report.outcomes[0].problems[0]
    assert report.outcomes[0].problems[0].endswith("(so-attacker/test-1-tb-vp/supply-data__so-yt)")
    assert str(home) not in report.outcomes[0].problems[0]  # the inbox's view, not the server's
    [row] = submissions(registered)
    assert (row.agency, row.data) == ("so-yt", {"children": 1})
    assert row.submitted_at.timestamp() == pytest.approx(start)  # first seen, not re-seen
    assert (mine.parent.with_name("moved-away") / mine.name / "data.yaml").is_file()


def test_a_link_planted_as_the_reason_file_is_never_written_through(
    registered: Engine, home: Path
) -> None:
    bad = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    elsewhere = home / "inbox" / GOOD_AGENCY / "planted.pdf"
    (bad / inbox.REASON_FILE).symlink_to(elsewhere)  # the link itself rejects the folder
    _good(home)
    report = collect(registered, home)
    assert _outcomes(report) == {"so-yt": "rejected", GOOD_AGENCY: "ingested"}
    assert not elsewhere.exists()
    moved = report.outcomes[0].moved_to
    assert moved is not None
    assert (moved / inbox.REASON_FILE).is_symlink()  # the agency's, left as it was
    reason = (moved / "LY-DO-TU-CHOI-2.txt").read_text(encoding="utf-8")
    assert (
        f"{inbox.REASON_FILE}: Không phải tệp thông thường (không nhận liên kết, lối tắt). "
        "(not a regular file (links are not accepted))"
    ) in reason


def test_a_folder_the_collector_cannot_look_into_fails_alone(
    registered: Engine, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An agency that takes the collector's access to its folder away (root ignores file
    modes, so the refusal is the one the kernel would give)."""
    locked = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"}).parent
    _good(home)
    for name in ("stat", "lstat"):
        real = getattr(Path, name)

        def refused(path: Path, *args: Any, real: Any = real, **kwargs: Any) -> os.stat_result:
            if path == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)  # type: ignore[no-any-return]

        monkeypatch.setattr(Path, name, refused)
    report = collect(registered, home)
    assert _outcomes(report) == {"so-yt": "failed", GOOD_AGENCY: "ingested"}
    assert report.outcomes[0].problems == (
        f"so-yt/{locked.name}: cannot be read (Permission denied)",
    )


def test_a_file_over_the_limit_is_refused_without_reading_it_whole(
    registered: Engine, home: Path
) -> None:
    bad = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    with (bad / "scan.pdf").open("wb") as big:
        big.truncate(3 * 2**30)  # 3 GiB, sparse: reading it whole would be the end of the run
    _good(home)
    report = collect(registered, home)
    assert _outcomes(report) == {"so-yt": "rejected", GOOD_AGENCY: "ingested"}
    assert report.outcomes[0].problems == ("scan.pdf: over the 25 MiB limit for a file",)


def test_a_hard_link_to_a_file_elsewhere_is_refused(registered: Engine, home: Path) -> None:
    secret = home / "signing.key"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_bytes(b"not the agency's")
    bad = drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": "children: 1\n"})
    os.link(secret, bad / "scan.pdf")
    report = collect(registered, home)
    assert _outcomes(report) == {"so-yt": "rejected"}
    assert report.outcomes[0].problems == (
        "scan.pdf: cannot read the file (a hard link to another file; send a copy of it)",
    )


def test_an_empty_folder_has_no_first_sight_until_something_is_in_it(
    registered: Engine, home: Path
) -> None:
    """Made empty early and filled after the deadline, or emptied and filled again: the
    received time is the first look that saw files, never the empty folder's."""
    folder = drop(home, "so-yt", "supply-data/so-yt", {})
    start = time.time()
    assert _outcomes(collect_inbox(registered, home=home, now=start)) == {"so-yt": "waiting"}
    (folder / "data.yaml").write_text("children: 1\n", encoding="utf-8")
    later = start + 20 * 86_400
    collect_inbox(registered, home=home, now=later)
    (folder / "data.yaml").unlink()  # emptied before it was taken
    collect_inbox(registered, home=home, now=later + LATER)
    (folder / "data.yaml").write_text("children: 2\n", encoding="utf-8")
    refilled = later + 10 * LATER
    collect_inbox(registered, home=home, now=refilled)
    collect_inbox(registered, home=home, now=refilled + LATER)
    [row] = submissions(registered)
    assert row.data == {"children": 2}
    assert row.submitted_at.timestamp() == pytest.approx(refilled)
