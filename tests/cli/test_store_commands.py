"""The store commands end to end: register, submit, review, extend, history, status, db."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from directive_flow.cli.main import main
from directive_flow.settings import reset
from directive_flow.store.db import forget_stores
from directive_flow.store.migrate import head_revision
from directive_flow.store.testing import reset_database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VALID = str(FIXTURES / "valid" / "directive.yaml")
EDITED = str(FIXTURES / "store" / "directive-v2.yaml")
D = "test-1-tb-vp"


@pytest.fixture(params=["sqlite", "postgresql"], autouse=True)
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(home))
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgres_url")
        reset_database(url)
        monkeypatch.setenv("DIRECTIVE_FLOW_DATABASE_URL", url)
    else:
        monkeypatch.delenv("DIRECTIVE_FLOW_DATABASE_URL", raising=False)
    reset()
    yield home
    forget_stores()
    reset()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_register_twice_then_edit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "register", VALID, "--as-of", "2024-07-01", "--as", "vp")
    assert code == 0
    assert out.splitlines()[0] == f"{D} được đăng ký mới (phiên bản 1)"
    assert "  thêm      supply-data/so-yt" in out.splitlines()
    assert (
        run(capsys, "register", VALID, "--as-of", "2024-07-01")[1]
        == f"{D} không thay đổi (phiên bản 1)\n"
    )
    code, out, _ = run(capsys, "register", EDITED, "--as-of", "2024-07-01", "--dry-run")
    assert out.splitlines()[:2] == [
        f"{D} sẽ được cập nhật (phiên bản 2)",
        "  dời hạn   supply-data/so-yt: 2024-07-15 -> 2024-07-22",
    ]
    code, out, _ = run(capsys, "register", EDITED, "--as-of", "2024-07-01", "--format", "json")
    shown = json.loads(out)["registered"]
    assert (shown[0]["outcome"], shown[0]["version"], len(shown[0]["changes"])) == ("updated", 2, 5)


def test_a_record_of_past_work_is_registered_historical_and_back_live(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "register", VALID, "--as", "vp")  # its deadlines: July 2024
    assert code == 0
    assert "cảnh báo: Mọi thời hạn đã qua hơn một năm" in err
    code, out, err = run(capsys, "register", VALID, "--historical", "--as", "vp")
    assert (code, out.splitlines()[0]) == (0, f"{D} được cập nhật (phiên bản 1)")
    shown = json.loads(run(capsys, "status", "--all", "--format", "json")[1])
    assert json.loads(run(capsys, "status", "--format", "json")[1])["by_directive"] == {}
    assert D in shown["by_directive"]  # shown among all, no longer live
    assert (
        run(capsys, "register", VALID, "--historical")[1] == f"{D} không thay đổi (phiên bản 1)\n"
    )
    assert run(capsys, "register", VALID, "--live", "--as", "vp")[1].startswith(
        f"{D} được cập nhật"
    )
    assert D in json.loads(run(capsys, "status", "--format", "json")[1])["by_directive"]
    with pytest.raises(SystemExit):
        main(["register", VALID, "--historical", "--live"])


def test_a_refused_file_is_reported_and_the_others_are_registered(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: directive\nid: x\n\theader: {}\n", encoding="utf-8")
    other = tmp_path / "other" / "directive.yaml"
    shutil.copytree(FIXTURES / "valid", other.parent)
    other.write_text(
        other.read_text("utf-8").replace("id: test-1-tb-vp", "id: test-2-tb-vp"), "utf-8"
    )
    files = (VALID, str(broken), str(other))
    code, out, err = run(capsys, "register", *files, "--as-of", "2024-07-01")
    assert code == 1
    assert out.splitlines() == [f"{D} được đăng ký mới (phiên bản 1)", *out.splitlines()[1:]]
    assert "test-2-tb-vp được đăng ký mới (phiên bản 1)" in out  # the file after the refused one
    assert f"{broken}:3:1:" in err
    assert "Đã đăng ký 2 tệp, 1 tệp bị từ chối" in err
    code, out, _ = run(capsys, "register", str(broken), VALID, "--format", "json")
    shown = json.loads(out)
    assert code == 1
    assert [r["outcome"] for r in shown["registered"]] == ["unchanged"]
    assert [r["file"] for r in shown["refused"]] == [str(broken)]
    assert shown["refused"][0]["problems"][0].startswith(f"{broken}:3:1:")


def test_a_folder_registers_the_directives_under_it_and_skips_registries(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "defs"
    shutil.copytree(FIXTURES / "valid", folder / "a")  # a registry beside its directive
    second = folder / "b" / "c" / "directive.yaml"
    second.parent.mkdir(parents=True)
    second.write_text(
        (folder / "a" / "directive.yaml")
        .read_text("utf-8")
        .replace("id: test-1-tb-vp", "id: test-2-tb-vp")
        .replace("registry: agencies.yaml", "registry: ../../a/agencies.yaml"),
        "utf-8",
    )
    code, out, err = run(capsys, "register", str(folder), "--as-of", "2024-07-01", "--as", "vp")
    assert (code, err) == (0, "")
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [
        f"{D} được đăng ký mới (phiên bản 1)",
        "test-2-tb-vp được đăng ký mới (phiên bản 1)",
    ]
    empty = tmp_path / "registries"
    empty.mkdir()
    shutil.copy(FIXTURES / "valid" / "agencies.yaml", empty)
    code, out, err = run(capsys, "register", str(empty))
    assert (code, out) == (2, "")
    assert err == f"directive-flow: lỗi: Không có tệp văn bản nào trong thư mục {empty}\n"


def test_a_file_reached_twice_is_registered_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # a link beside the file (current.yaml -> directive.yaml), or the folder and a file in
    # it both named: one directive file, one registration and one line
    folder = tmp_path / "defs"
    shutil.copytree(FIXTURES / "valid", folder)
    (folder / "current.yaml").symlink_to("directive.yaml")
    named = [str(folder), str(folder / "directive.yaml"), "--as-of", "2024-07-01", "--as", "vp"]
    code, out, err = run(capsys, "register", *named)
    assert (code, err) == (0, "")
    assert [line for line in out.splitlines() if not line.startswith(" ")] == [
        f"{D} được đăng ký mới (phiên bản 1)"
    ]
    (folder / "loop.yaml").symlink_to("loop.yaml")  # reported as a refused file, not a crash
    code, _, err = run(capsys, "register", *named)
    assert code == 1
    assert "loop.yaml" in err
    assert "Traceback" not in err


def test_submit_review_extend_history_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, store: Path
) -> None:
    assert run(capsys, "register", VALID, "--as-of", "2024-07-01")[0] == 0
    data = tmp_path / "data.yaml"
    data.write_text("children: 42\n", encoding="utf-8")
    attachment = tmp_path / "bao-cao.txt"
    attachment.write_text("báo cáo", encoding="utf-8")
    code, out, _ = run(
        capsys,
        "submit",
        D,
        "supply-data/so-yt",
        "--agency",
        "so-yt",
        "--data",
        str(data),
        "--attach",
        str(attachment),
        "--note",
        "lần 1",
        "--as",
        "clerk",
    )
    assert code == 0
    assert out.splitlines()[0] == f"{D} supply-data/so-yt: đã nộp phiên bản 1"
    assert len(list((store / "attachments").rglob("*"))) == 2  # one folder, one file
    code, out, _ = run(
        capsys, "review", D, "supply-data/so-yt", "--return", "--reason", "thiếu", "--as", "vp"
    )
    assert out == f"{D} supply-data/so-yt: phiên bản 1 bị trả lại (nhiệm vụ mở lại)\n"
    code, out, _ = run(
        capsys, "extend", D, "supply-data/ubnd-huyen-a", "--until", "2099-12-31", "--reason", "lũ"
    )
    assert code == 1  # asked today, long after the 2024 deadline
    code, _, _err = run(capsys, "history", D, "supply-data/so-yt", "--format", "json")
    actions = [e["action"] for e in json.loads(_)]
    assert actions == ["task-add", "submit", "review-return"]
    code, out, _ = run(capsys, "history", D, "supply-data/so-yt")
    assert "review-return" in out
    assert "vp" in out
    code, out, _ = run(capsys, "status", "--as-of", "2024-07-20", "--format", "json")
    report = json.loads(out)
    assert report["total"]["counts"] == {
        "on_time": 0,
        "late": 0,
        "in_progress": 1,
        "overdue": 3,
        "no_deadline": 1,
    }
    code, out, _ = run(capsys, "status", D, "--as-of", "2024-07-20")
    assert "Quá hạn chưa hoàn thành" in out
    assert "Tổng cộng" in out
    code, out, _ = run(
        capsys, "status", "--agency", "so-yt", "--as-of", "2024-07-20", "--format", "csv"
    )
    assert out.splitlines()[0].startswith("directive,task,agency,state")
    code, out, _ = run(capsys, "status", "--as-of", "2024-07-20", "--format", "csv")
    assert out.splitlines()[1].startswith("agency,so-ldtbxh,0,0,1,0,0")


def test_refusals_are_one_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "register", VALID, "--as-of", "2024-07-01")
    bad = tmp_path / "bad.json"
    bad.write_text('{"children": "nhiều", "extra": 1}', encoding="utf-8")
    code, _, err = run(
        capsys, "submit", D, "supply-data/so-yt", "--agency", "so-yt", "--data", str(bad)
    )
    assert code == 1
    assert err.splitlines() == [
        "directive-flow: lỗi: Báo cáo, số liệu của nhiệm vụ supply-data/so-yt bị từ chối:",
        "  - extra: Biểu mẫu không có trường này.",
        "  - children: Cần một số nguyên, đã nhập 'nhiều'.",
    ]
    code, _, err = run(capsys, "submit", D, "supply-data/so-yt", "--agency", "so-ldtbxh")
    assert (code, err) == (
        1,
        "directive-flow: lỗi: Nhiệm vụ supply-data/so-yt là của so-yt; so-ldtbxh không được nộp thay.\n",
    )
    code, _, err = run(capsys, "status", "test-1-tb-vpp")
    assert err == "directive-flow: lỗi: Không có văn bản test-1-tb-vpp (có phải 'test-1-tb-vp'?).\n"
    code, _, err = run(capsys, "review", D, "supply-data/so-yt", "--return")
    assert (code, err) == (2, "directive-flow: lỗi: Trả lại cần ghi lý do: --reason NỘI_DUNG.\n")


def test_db_upgrade_and_current(capsys: pytest.CaptureFixture[str]) -> None:
    head = head_revision()
    code, out, _ = run(capsys, "db", "current")
    assert (code, out.split(": ", 1)[1]) == (
        0,
        f"lược đồ trống (phiên bản mã nguồn này cần {head})\n",
    )
    code, out, _ = run(capsys, "db", "upgrade")
    assert out.endswith(f": lược đồ trống -> {head}\n")
    assert run(capsys, "db", "current")[1].endswith(f"lược đồ {head} (mới nhất)\n")


def test_an_unreachable_database_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIRECTIVE_FLOW_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/x")
    reset()
    code, _, err = run(capsys, "status")
    assert code == 1
    assert err.startswith(
        "directive-flow: lỗi: Không kết nối được cơ sở dữ liệu tại "
        "postgresql+psycopg://postgres@127.0.0.1:1/x: "
    )
    assert len(err.splitlines()) == 1
