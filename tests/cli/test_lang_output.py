"""Every command family speaks Vietnamese by default and, with ``--lang en``, prints the
exact English it printed before: errors, usage errors, results and table headings."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from directive_flow.cli.main import main
from directive_flow.settings import reset
from directive_flow.store.db import forget_stores
from directive_flow.store.migrate import head_revision

ROOT = Path(__file__).resolve().parents[2]
VALID = str(ROOT / "tests/fixtures/valid/directive.yaml")
EDITED = str(ROOT / "tests/fixtures/store/directive-v2.yaml")
D = "test-1-tb-vp"
YT = "supply-data/so-yt"


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A SQLite store of its own, no language chosen."""
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DIRECTIVE_FLOW_DATABASE_URL", raising=False)
    monkeypatch.delenv("DIRECTIVE_FLOW_LANG", raising=False)
    reset()
    yield tmp_path / "home"
    forget_stores()
    reset()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def both(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    """stdout + stderr of the command by default, then with ``--lang en`` (same exit)."""
    vi = run(capsys, *argv)
    en = run(capsys, "--lang", "en", *argv)
    assert vi[0] == en[0]
    return vi[1] + vi[2], en[1] + en[2]


def later(tmp_path: Path) -> str:
    """The valid directive issued in 2099: its deadlines are ahead, extensions can be asked."""
    folder = tmp_path / "later"
    shutil.copytree(ROOT / "tests/fixtures/valid", folder)
    path = folder / "directive.yaml"
    path.write_text(path.read_text("utf-8").replace("2024-07-", "2099-07-"), "utf-8")
    return str(path)


# -- errors -------------------------------------------------------------------------------


def test_a_refusal_with_problems_prints_one_line_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "register", VALID, "--as-of", "2024-07-01")
    bad = tmp_path / "bad.json"
    bad.write_text('{"children": "nhiều", "extra": 1}', encoding="utf-8")
    argv = ("submit", D, YT, "--agency", "so-yt", "--data", str(bad))
    assert both(capsys, *argv) == (
        "directive-flow: lỗi: Báo cáo, số liệu của nhiệm vụ supply-data/so-yt bị từ chối:\n"
        "  - extra: Biểu mẫu không có trường này.\n"
        "  - children: Cần một số nguyên, đã nhập 'nhiều'.\n",
        "directive-flow: error: submission for task 'supply-data/so-yt' refused:\n"
        "  - extra: unknown field\n"
        "  - children: expected a whole number, got 'nhiều'\n",
    )


def test_not_found_and_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert both(capsys, "status", "nosuch") == (
        "directive-flow: lỗi: Không có văn bản nosuch (chưa đăng ký văn bản nào).\n",
        "directive-flow: error: unknown directive 'nosuch' (no directive is registered yet)\n",
    )
    assert both(capsys, "consolidate", D) == (
        "directive-flow: lỗi: Ghi cả văn bản (DIRECTIVE) lẫn nhiệm vụ (TASK), hoặc không ghi "
        "cả hai (mọi nhiệm vụ đã đủ số liệu).\n",
        "directive-flow: error: give DIRECTIVE and TASK together, or neither (every ready task)\n",
    )


def test_a_message_the_table_does_not_know_is_shown_as_it_is(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from directive_flow.errors import StoreError

    def broken(paths: object) -> None:
        raise StoreError("something new went wrong")

    monkeypatch.setattr("directive_flow.planning.validation.validate_paths", broken)
    assert both(capsys, "validate", VALID) == (
        "directive-flow: lỗi: something new went wrong\n",
        "directive-flow: error: something new went wrong\n",
    )


# -- argparse -----------------------------------------------------------------------------


def test_argparse_speaks_vietnamese_under_our_parser_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["plan"])
    assert capsys.readouterr().err == (
        "cách dùng: directive-flow plan [-h] [--as-of AS_OF] [--period PERIOD]\n"
        "                               [--late CODE=DAYS] [--format {text,json}]\n"
        "                               FILE\n"
        "directive-flow plan: lỗi: thiếu đối số bắt buộc: FILE\n"
    )
    with pytest.raises(SystemExit):
        main(["--lang", "en", "plan"])
    assert capsys.readouterr().err == (
        "usage: directive-flow plan [-h] [--as-of AS_OF] [--period PERIOD]\n"
        "                           [--late CODE=DAYS] [--format {text,json}]\n"
        "                           FILE\n"
        "directive-flow plan: error: the following arguments are required: FILE\n"
    )
    plain = argparse.ArgumentParser(prog="x")  # nothing global changed: others keep English
    assert plain.format_usage() == "usage: x [-h]\n"


@pytest.mark.parametrize(
    ("argv", "vi", "en"),
    [
        (
            ["plan", VALID, "--as-of", "31/02/2024"],
            "lỗi: đối số --as-of: '31/02/2024' không phải một ngày (YYYY-MM-DD)",
            "error: argument --as-of: '31/02/2024' is not a date (YYYY-MM-DD)",
        ),
        (
            ["plan", VALID, "--format", "xml"],
            "lỗi: đối số --format: lựa chọn không hợp lệ: 'xml' (chọn một trong: 'text', 'json')",
            "error: argument --format: invalid choice: 'xml' (choose from 'text', 'json')",
        ),
        (
            ["review", D, YT],
            "lỗi: cần một trong các đối số --accept --return",
            "error: one of the arguments --accept --return is required",
        ),
        (
            ["status", "--limit", "x"],
            "lỗi: đối số --limit: 'x' không phải số nguyên",
            "error: argument --limit: invalid int value: 'x'",
        ),
        (["db", "upgrade", "x"], "lỗi: đối số không hợp lệ: x", "error: unrecognized arguments: x"),
    ],
)
def test_argparse_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], vi: str, en: str
) -> None:
    for lang, said in (("vi", vi), ("en", en)):
        with pytest.raises(SystemExit) as exited:
            main(["--lang", lang, *argv])
        assert exited.value.code == 2
        assert capsys.readouterr().err.splitlines()[-1].endswith(f": {said}")


def test_help_headings(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["submit", "-h"])
    shown = capsys.readouterr().out
    assert shown.startswith("cách dùng: directive-flow submit")
    assert "\nđối số:\n" in shown
    assert "\ntùy chọn:\n  -h, --help            hiện phần trợ giúp này rồi thoát\n" in shown
    with pytest.raises(SystemExit):
        main(["--lang=en", "submit", "-h"])
    shown = capsys.readouterr().out
    assert shown.startswith("usage: directive-flow submit")
    assert "\npositional arguments:\n" in shown
    assert "\noptions:\n  -h, --help            show this help message and exit\n" in shown


def test_each_command_has_its_one_line_help_in_vietnamese(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from directive_flow.cli.main import build_parser
    from directive_flow.texts.arguments import COMMANDS

    english = build_parser("en")
    sub = next(a for a in english._actions if isinstance(a, argparse._SubParsersAction))
    assert set(COMMANDS) == set(sub.choices)
    vietnamese = build_parser("vi")
    sub = next(a for a in vietnamese._actions if isinstance(a, argparse._SubParsersAction))
    assert {c.dest: c.help for c in sub._choices_actions} == COMMANDS
    with pytest.raises(SystemExit):
        main(["--lang", "en", "-h"])
    assert "  validate      check definition files (folders are searched recursively)\n" in (
        capsys.readouterr().out
    )


# -- register -----------------------------------------------------------------------------


def test_register_says_what_changed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "register", VALID)  # today: every deadline is long past
    assert code == 0
    assert out.splitlines()[:2] == [f"{D} được đăng ký mới (phiên bản 1)", f"  thêm      {YT}"]
    assert err.startswith("directive-flow: cảnh báo: Mọi thời hạn đã qua hơn một năm (muộn nhất")
    vi, en = both(capsys, "register", VALID, "--as-of", "2024-07-01")
    assert vi == f"{D} không thay đổi (phiên bản 1)\n"
    assert en == f"{D} is unchanged (version 1)\n"
    assert run(capsys, "register", VALID, "--as-of", "2024-07-01")[1] == (
        f"{D} không thay đổi (phiên bản 1)\n"
    )
    vi, en = both(capsys, "register", EDITED, "--as-of", "2024-07-01", "--dry-run")
    assert vi.splitlines() == [
        f"{D} sẽ được cập nhật (phiên bản 2)",
        f"  dời hạn   {YT}: 2024-07-15 -> 2024-07-22",
        "  dời hạn   supply-data/ubnd-huyen-a: 2024-07-15 -> 2024-07-22",
        "  dời hạn   supply-data/ubnd-huyen-b: 2024-07-15 -> 2024-07-22",
        "  thêm      extra-report/so-yt",
        "  hủy       standing/so-yt",
    ]
    assert en.splitlines() == [
        f"{D} would be updated (version 2)",
        f"  move     {YT}: 2024-07-15 -> 2024-07-22",
        "  move     supply-data/ubnd-huyen-a: 2024-07-15 -> 2024-07-22",
        "  move     supply-data/ubnd-huyen-b: 2024-07-15 -> 2024-07-22",
        "  add      extra-report/so-yt",
        "  cancel   standing/so-yt",
    ]


def test_register_warns_and_counts_the_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "register", VALID, "--as-of", "2024-07-01")
    run(capsys, "submit", D, "standing/so-yt", "--agency", "so-yt", "--note", "đã làm")
    code, _, err = run(capsys, "register", EDITED, "--as-of", "2024-07-01")
    assert code == 0
    assert err == (
        "directive-flow: cảnh báo: Nhiệm vụ standing/so-yt bị hủy cùng 1 lần nộp: các lần nộp "
        "vẫn được lưu nhưng không còn tính vào báo cáo.\n"
    )
    missing = str(tmp_path / "none.yaml")
    vi, en = both(capsys, "register", missing)
    assert vi.splitlines() == [
        f"{missing}: không đọc được tệp: không có tệp này (liên kết trỏ tới chỗ không có tệp?)",
        "Đã đăng ký 0 tệp, 1 tệp bị từ chối",
    ]
    assert en.splitlines() == [
        f"{missing}: cannot read file: No such file or directory",
        "0 file(s) registered, 1 refused",
    ]


# -- submit, review, extend ---------------------------------------------------------------


def test_submit_review_extend_confirm(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "register", later(tmp_path))
    data = tmp_path / "data.yaml"
    data.write_text("children: 42\n", encoding="utf-8")
    submit = ("submit", D, YT, "--agency", "so-yt", "--data", str(data))
    assert run(capsys, *submit)[1] == f"{D} {YT}: đã nộp phiên bản 1\n"
    assert both(capsys, *submit) == (
        f"{D} {YT}: giống hệt phiên bản 1, giữ nguyên\n",
        f"{D} {YT}: the same as version 1, kept as it was\n",
    )
    none = tmp_path / "none.yaml"
    assert both(capsys, *submit[:-1], str(none)) == (
        f"directive-flow: lỗi: {none}: không đọc được tệp (No such file or directory).\n",
        f"directive-flow: error: {none}: cannot read the file (No such file or directory)\n",
    )
    assert run(capsys, "review", D, YT, "--accept")[1] == f"{D} {YT}: phiên bản 1 được chấp nhận\n"
    assert run(capsys, "--lang", "en", "submit", D, YT, "--agency", "so-yt", "--note", "x")[2] == (
        f"directive-flow: error: task '{YT}' is already accepted; it can no longer change\n"
    )
    task = "supply-data/ubnd-huyen-a"
    ask = ("extend", D, task, "--until", "2099-07-25", "--reason", "lũ")
    assert run(capsys, *ask)[1] == f"{D} {task}: đã đề nghị gia hạn đến ngày 25/07/2099\n"
    assert run(capsys, "extend", D, task, "--approve")[1] == (
        f"{D} {task}: đã chấp thuận gia hạn đến ngày 25/07/2099\n"
    )
    other = "supply-data/ubnd-huyen-b"
    run(capsys, "--lang", "en", "extend", D, other, "--until", "2099-07-20", "--reason", "lũ")
    assert run(capsys, "--lang", "en", "extend", D, other, "--reject")[1] == (
        f"{D} {other}: extension to 2099-07-20 rejected\n"
    )


def test_review_and_extend_in_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "register", later(tmp_path))
    data = tmp_path / "data.yaml"
    data.write_text("children: 42\n", encoding="utf-8")
    run(capsys, "submit", D, YT, "--agency", "so-yt", "--data", str(data))
    assert run(capsys, "--lang", "en", "review", D, YT, "--return", "--reason", "thiếu")[1] == (
        f"{D} {YT}: version 1 returned (the task is open again)\n"
    )
    ask = ("extend", D, YT, "--until", "2099-07-25", "--reason", "lũ")
    assert run(capsys, "--lang", "en", *ask)[1] == f"{D} {YT}: extension to 2099-07-25 requested\n"
    assert run(capsys, "--lang", "en", "extend", D, YT, "--approve")[1] == (
        f"{D} {YT}: extension to 2099-07-25 approved\n"
    )
    assert both(capsys, "extend", D, YT, "--approve") == (
        f"directive-flow: lỗi: Nhiệm vụ {YT} không có đề nghị gia hạn đang chờ.\n",
        f"directive-flow: error: task '{YT}' has no pending extension request\n",
    )


# -- plan ---------------------------------------------------------------------------------


def test_plan_headings(capsys: pytest.CaptureFixture[str]) -> None:
    vi, en = both(capsys, "plan", VALID, "--as-of", "2024-07-01")
    assert vi.splitlines()[:4] == [
        "Văn bản test-1-tb-vp: 5 nhiệm vụ, tính đến ngày 01/07/2024",
        "Đường găng: supply-data -> finalize-report",
        "",
        "nhiệm vụ                   hạn         theo văn bản  chờ",
    ]
    assert "Lịch nhắc việc:" in vi.splitlines()
    timeline = vi.splitlines()[vi.splitlines().index("Lịch nhắc việc:") + 1]
    assert timeline.split() == [
        "ngày",
        "bước",
        "nhắc",
        "gửi",
        "tới",
        "số",
        "nhiệm",
        "vụ",
        "nhiệm",
        "vụ",
    ]
    assert en.splitlines()[:4] == [
        "Directive test-1-tb-vp: 5 task(s), as of 2024-07-01",
        "Critical path: supply-data -> finalize-report",
        "",
        "task                       due         as written    waits on",
    ]
    assert "Reminder timeline:" in en.splitlines()
    assert en.count("\n") == vi.count("\n")  # the same rows, only the words differ


def test_plan_slips(capsys: pytest.CaptureFixture[str]) -> None:
    vi, en = both(capsys, "plan", VALID, "--late", "so-yt=3")
    assert vi.splitlines()[0].split() == [
        *("nhiệm", "vụ", "hạn", "theo", "kế", "hoạch", "dự", "kiến", "chậm", "(ngày", "làm"),
        *("việc)", "do"),
    ]
    assert en.splitlines()[0].split() == [
        *("task", "planned", "expected", "working", "days", "late", "because", "of"),
    ]
    assert both(capsys, "plan", VALID, "--late", "so-ldtbxh=0") == (
        "Không nhiệm vụ nào bị chậm theo.\n",
        "Nothing slips.\n",
    )


# -- the store's other commands ------------------------------------------------------------


def test_consolidate_open_period_collect_dashboard(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "register", VALID, "--as-of", "2024-07-01")
    vi, en = both(capsys, "consolidate", D, "finalize-report/so-ldtbxh", "--partial")
    assert vi.startswith(f"{D} finalize-report/so-ldtbxh: báo cáo tạm (chưa đủ số liệu) /")
    assert vi.endswith(".docx\nĐã lập 1 báo cáo\n")
    assert en.startswith(f"{D} finalize-report/so-ldtbxh: partial report /")
    assert en.endswith(".docx\n1 report(s) built\n")
    assert both(capsys, "open-period", "H2-2024") == (
        "H2-2024: đã mở 0 nhiệm vụ\n",
        "H2-2024: 0 task(s) opened\n",
    )
    assert both(capsys, "collect", "--settle", "0") == (
        "hộp thư đến: không có gì để nhận\n",
        "inbox: nothing to collect\n",
    )


def test_dashboard_with_nothing_registered(capsys: pytest.CaptureFixture[str]) -> None:
    assert both(capsys, "dashboard") == (
        "chưa đăng ký văn bản nào\n",
        "no directive is registered\n",
    )


def test_collect_names_each_outcome(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    run(capsys, "register", VALID, "--as-of", "2024-07-01")
    folder = home / "inbox" / "so-yt" / D / "supply-data__so-yt"
    folder.mkdir(parents=True)
    (folder / "data.json").write_text('{"children": 5}', encoding="utf-8")
    code, out, _ = run(capsys, "collect", "--settle", "0")
    assert code == 0
    assert out.splitlines()[0].split() == ["thư", "mục", "kết", "quả", "phiên", "bản", "vấn", "đề"]
    assert "Đã nhận" in out.splitlines()[2]  # as the collect flow's table says it


def test_db_and_history(capsys: pytest.CaptureFixture[str]) -> None:
    head = head_revision()
    vi, en = both(capsys, "db", "current")
    assert vi.endswith(f": lược đồ trống (phiên bản mã nguồn này cần {head})\n")
    assert en.endswith(f": schema empty (code expects {head})\n")
    vi, en = both(capsys, "db", "upgrade")
    assert vi.endswith(f": lược đồ trống -> {head}\n")
    assert en.endswith(f": schema {head} -> {head}\n")
    run(capsys, "register", VALID, "--as-of", "2024-07-01")
    vi, en = both(capsys, "history", D, YT)
    assert vi.splitlines()[0].split() == [
        *("lúc", "(UTC)", "người", "làm", "thao", "tác", "trước", "sau"),
    ]
    assert en.splitlines()[0].split() == ["at", "(UTC)", "actor", "action", "before", "after"]
    rows = [line.split() for line in vi.splitlines()[2:]]
    assert rows == [line.split() for line in en.splitlines()[2:]]  # only the headings differ


def test_schema_says_what_it_wrote(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    vi, en = both(capsys, "schema", "-o", str(tmp_path))
    names = ("agencies.schema.json", "directive.schema.json")
    assert vi.splitlines() == [f"đã ghi {tmp_path / name}" for name in names]
    assert en.splitlines() == [f"wrote {tmp_path / name}" for name in names]


def test_draft_says_what_it_wrote(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    notice = str(ROOT / "tests/fixtures/notices/01-ket-luan-hop.txt")
    registry = str(ROOT / "tests/fixtures/notices/registry.yaml")
    out = tmp_path / "d.yaml"
    assert both(capsys, "draft", notice, "--registry", registry, "-o", str(out)) == (
        f"đã ghi {out} (4 nhiệm vụ, 0 mục TODO cần bổ sung)\n",
        f"wrote {out} (4 assignment(s), 0 TODO(s))\n",
    )
