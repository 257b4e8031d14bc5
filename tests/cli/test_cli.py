"""The command line: exit codes, crash logs, JSON shapes, and the commands' output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from directive_flow.cli.main import main, write_crash_log
from directive_flow.definition.yamlio import read_yaml
from directive_flow.errors import NotFoundError

ROOT = Path(__file__).resolve().parents[2]
VALID = "tests/fixtures/valid"
DIRECTIVE = f"{VALID}/directive.yaml"


@pytest.fixture(autouse=True)
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Run from the project root; crash logs go under a temporary DIRECTIVE_FLOW_HOME."""
    monkeypatch.chdir(ROOT)
    home = tmp_path / "home"
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(home))
    monkeypatch.delenv("DIRECTIVE_FLOW_LANG", raising=False)  # problems in Vietnamese
    return home


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert (code, err) == (0, "")
    return json.loads(out)


# -- exit codes -------------------------------------------------------------------------


def test_valid_files_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "validate", VALID) == (
        0,
        "Đã kiểm tra 2 tệp: 2 hợp lệ, 0 không hợp lệ\n",
        "",
    )


def test_invalid_file_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    path = "tests/fixtures/invalid/unknown-dependency.yaml"
    code, out, err = run(capsys, "validate", VALID, path)
    assert code == 1
    assert err.startswith(f"{path}:21:18: ")  # problems on stderr, the result on stdout
    assert out == "Đã kiểm tra 3 tệp: 2 hợp lệ, 1 không hợp lệ (1 lỗi)\n"


def test_nonexistent_path_exits_2_with_one_stderr_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "no/such.yaml")
    assert (code, out) == (2, "")
    assert err == "directive-flow: lỗi: Không có tệp hoặc thư mục: no/such.yaml\n"


def test_folder_without_definitions_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("not yaml", encoding="utf-8")
    code, out, err = run(capsys, "validate", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == (
        f"directive-flow: lỗi: Không có tệp định nghĩa nào (*.yaml, *.yml) trong {tmp_path}\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["validate"],
        ["frobnicate"],
        ["plan", DIRECTIVE, "--format", "xml"],
        ["plan", DIRECTIVE, "--as-of", "31/02/2024"],
        ["plan", DIRECTIVE, "--late", "so-yt"],
        ["plan", DIRECTIVE, "--late", "so-yt=five"],
        ["plan", DIRECTIVE, "--late", "so-yt=1000000000"],  # an OverflowError once
        ["plan", DIRECTIVE, "--late", "so-yt=3661"],
        ["plan", DIRECTIVE, "--late", "so-yt=١٢"],  # Arabic-Indic digits
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    captured = capsys.readouterr()
    assert caught.value.code == 2
    assert captured.out == ""
    assert captured.err.startswith("cách dùng: directive-flow")
    assert "directive-flow" in captured.err.splitlines()[-1]
    assert ": lỗi: " in captured.err.splitlines()[-1]
    assert "Traceback" not in captured.err


def test_user_error_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(paths: object) -> None:
        raise NotFoundError("unknown directive 'x'")

    monkeypatch.setattr("directive_flow.planning.validation.validate_paths", missing)
    assert run(capsys, "validate", VALID) == (
        1,
        "",
        "directive-flow: lỗi: Không có văn bản x.\n",
    )


def test_unexpected_exception_exits_2_and_writes_a_log(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    def broken(paths: object) -> None:
        raise RuntimeError("boom in the validator")

    monkeypatch.setattr("directive_flow.planning.validation.validate_paths", broken)
    code, out, err = run(capsys, "validate", VALID)
    assert (code, out) == (2, "")
    logs = list((home / "logs").iterdir())
    assert len(logs) == 1
    assert err == (
        f"directive-flow: lỗi không lường trước (lỗi của phần mềm); chi tiết trong {logs[0]}\n"
    )
    assert "Traceback" not in err
    assert "boom" not in err
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: boom in the validator" in text
    assert f"validate {VALID}" in text.splitlines()[0]


def test_crash_log_falls_back_to_the_temp_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(blocker))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    def broken(paths: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("directive_flow.planning.validation.validate_paths", broken)
    code, _, err = run(capsys, "validate", VALID)
    logs = list(tmp_path.glob("crash-*.log"))
    assert code == 2
    assert len(logs) == 1
    assert err.endswith(f"chi tiết trong {logs[0]}\n")


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (
            ["validate", os.fsdecode(b"Nguy\xd2n.yaml")],
            "Đối số thứ 2 không phải văn bản UTF-8 (byte d2)",
        ),
        (
            ["plan", DIRECTIVE, "--late", os.fsdecode(b"so-yt\xff=5")],
            "--late: không phải văn bản UTF-8 (byte ff)",
        ),
        (
            ["plan", DIRECTIVE, "--late=" + os.fsdecode(b"\xed\xa0\x80")],
            "--late: không phải văn bản",
        ),
    ],
)
def test_an_argument_that_is_not_utf8_exits_1_naming_it(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, "")
    assert err.startswith(f"directive-flow: lỗi: {named}")
    assert len(err.splitlines()) == 1


def test_the_crash_log_is_written_whatever_the_argument_bytes(home: Path) -> None:
    note = os.fsdecode(b"abc\xed\xa0\x80\xff")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log = write_crash_log(["submit", "--note", note])
    assert "--note abc\\udced\\udca0\\udc80\\udcff" in log.read_text("utf-8")


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2200-01-01"])
def test_a_day_outside_the_years_is_a_usage_error_on_one_line(
    capsys: pytest.CaptureFixture[str], day: str
) -> None:
    assert run(capsys, "plan", DIRECTIVE, "--as-of", day) == (
        2,
        "",
        f"directive-flow: lỗi: Ngày {day} nằm ngoài khoảng năm 1900-2199: hãy ghi một ngày hợp lý.\n",
    )


def test_keyboard_interrupt_exits_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(paths: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("directive_flow.planning.validation.validate_paths", interrupted)
    assert run(capsys, "validate", VALID) == (130, "", "directive-flow: đã dừng\n")
    assert run(capsys, "--lang", "en", "validate", VALID) == (
        130,
        "",
        "directive-flow: interrupted\n",
    )


# -- JSON -------------------------------------------------------------------------------


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    path = "tests/fixtures/invalid/unknown-agency.yaml"
    code, out, err = run(capsys, "validate", "--format", "json", DIRECTIVE, path)
    assert (code, err) == (1, "")
    assert json.loads(out) == {
        "files": [DIRECTIVE, path],
        "invalid_files": [path],
        "problems": [
            {
                "path": path,
                "line": 14,
                "col": 11,
                "message": "nhiệm vụ 'report': lead: không có cơ quan hoặc nhóm 'so-ldtbx' "
                "(có phải 'so-ldtbxh'?)",
                "message_en": "assignment 'report': lead: unknown agency or group 'so-ldtbx' "
                "(did you mean 'so-ldtbxh'?)",
            }
        ],
    }


def test_plan_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "plan", DIRECTIVE, "--as-of", "2024-07-10")
    assert list(data) == ["directive", "as_of", "periods", "critical_path", "tasks"]
    assert (data["directive"], data["as_of"], data["periods"]) == ("test-1-tb-vp", "2024-07-10", [])
    assert data["critical_path"] == ["supply-data", "finalize-report"]
    task_keys = {"key", "assignment", "agency", "period", "due", "as_written", "waits_on"}
    for task in data["tasks"]:
        assert set(task) == task_keys | {"key_task", "reminders"}
        for step in task["reminders"]:
            assert set(step) == {"on", "stage", "to"}
    by_key = {t["key"]: t for t in data["tasks"]}
    # One task per member of the 'suppliers' group (so-yt plus the two districts of 'huyen').
    assert sorted(by_key) == [
        "finalize-report/so-ldtbxh",
        "standing/so-yt",
        "supply-data/so-yt",
        "supply-data/ubnd-huyen-a",
        "supply-data/ubnd-huyen-b",
    ]
    final = by_key["finalize-report/so-ldtbxh"]
    assert final["due"] == "2024-07-31"
    assert final["waits_on"] == [
        "supply-data/so-yt",
        "supply-data/ubnd-huyen-a",
        "supply-data/ubnd-huyen-b",
    ]
    assert by_key["standing/so-yt"]["due"] is None


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "show", DIRECTIVE)
    assert list(data) == [
        "kind",
        "id",
        "registry",
        "header",
        "calendar",
        "reminders",
        "assignments",
    ]
    assert data["header"]["issued"] == "2024-07-01"
    assert [a["id"] for a in data["assignments"]] == ["supply-data", "finalize-report", "standing"]
    assert [a["due"] for a in data["assignments"]] == [
        {"working_days": 10, "after": "issued"},
        {"date": "2024-07-31"},
        {"standing": "thường xuyên"},
    ]


def test_show_text_names_owners_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "show", DIRECTIVE)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "1/TB-VP (thong-bao) — Văn phòng UBND tỉnh, ngày 01/07/2024"
    assert "    chủ trì: Các cơ quan cung cấp số liệu (3 cơ quan)" in out.splitlines()
    assert "    sản phẩm: report; hạn: 31/07/2024" in out.splitlines()


# -- plan --late and --period -----------------------------------------------------------


def test_late_supplier_slips_the_report_by_five_working_days(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Issued Mon 2024-07-01. supply-data is due 10 working days later: 2-5 Jul (4) and
    # 8-12 Jul (5) make 9, so the 10th is Mon 15 Jul. No Vietnamese holiday falls in July
    # or early August 2024 (the next is National Day, 2 Sep). finalize-report (31 Jul)
    # keeps its 12 working days after its last supplier (16-19, 22-26, 29-31 Jul).
    # so-yt 5 working days late: 16, 17, 18, 19, 22 Jul -> Mon 22 Jul; the report then
    # ends 12 working days after 22 Jul: 23-26 Jul, 29 Jul-2 Aug, 5-7 Aug -> Wed 7 Aug,
    # i.e. 1, 2, 5, 6, 7 Aug = 5 working days after 31 Jul.
    code, out, err = run(capsys, "plan", DIRECTIVE, "--late", "so-yt=5")
    assert (code, err) == (0, "")
    rows = [line.split() for line in out.splitlines()[2:]]
    assert rows == [
        ["supply-data/so-yt", "2024-07-15", "2024-07-22", "5", "supply-data/so-yt"],
        ["finalize-report/so-ldtbxh", "2024-07-31", "2024-08-07", "5", "supply-data/so-yt"],
    ]


def test_late_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "plan", DIRECTIVE, "--late", "so-yt=5")
    assert list(data) == ["directive", "late", "slips"]
    assert data["late"] == {"so-yt": 5}
    final = data["slips"][-1]
    assert final == {
        "key": "finalize-report/so-ldtbxh",
        "agency": "so-ldtbxh",
        "planned": "2024-07-31",
        "expected": "2024-08-07",
        "working_days": 5,
        "because": ["supply-data/so-yt"],
    }


def test_late_agency_that_is_not_a_supplier_slips_nothing_else(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "plan", DIRECTIVE, "--late", "so-ldtbxh=2")
    assert code == 0
    assert [line.split()[:4] for line in out.splitlines()[2:]] == [
        ["finalize-report/so-ldtbxh", "2024-07-31", "2024-08-02", "2"]
    ]


def test_late_unknown_agency_suggests_the_near_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "plan", DIRECTIVE, "--late", "so-y=5") == (
        2,
        "",
        "directive-flow: lỗi: --late: Không có cơ quan so-y (có phải 'so-yt'?).\n",
    )


def test_late_unknown_agency_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", DIRECTIVE, "--late", "nosuch=5")
    assert (code, out) == (2, "")
    assert err.splitlines() == ["directive-flow: lỗi: --late: Không có cơ quan nosuch."]


def test_period_without_recurrence_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", DIRECTIVE, "--period", "H1-2026")
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.startswith("directive-flow: lỗi: --period H1-2026")


def test_period_without_recurrence_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "plan", DIRECTIVE, "--period", "H1-2026")
    assert err == "directive-flow: lỗi: --period H1-2026: văn bản không có nhiệm vụ định kỳ.\n"


def test_bad_period_label_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", DIRECTIVE, "--period", "H3-2026")
    assert (code, out) == (2, "")
    assert err.startswith("directive-flow: lỗi: --period: 'H3-2026' không phải kỳ báo cáo")


def test_plan_of_an_invalid_file_prints_its_problems_and_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = "tests/fixtures/invalid/unknown-dependency.yaml"
    code, out, err = run(capsys, "plan", path)
    assert (code, out) == (1, "")
    assert err == (
        f"{path}:21:18: nhiệm vụ 'finalize-report': depends_on[0]: không có nhiệm vụ "
        "'suply-data' (có phải 'supply-data'?)\n"
    )


def test_plan_of_a_registry_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    path = f"{VALID}/agencies.yaml"
    assert run(capsys, "plan", path) == (1, "", f"{path}:1:1: kind: phải là 'directive'\n")


# -- graph and schema -------------------------------------------------------------------


def test_graph_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "graph", DIRECTIVE, "--format", "mermaid")
    assert (code, err) == (0, "")
    assert out.startswith("flowchart LR\n")
    assert "    supply_data --> finalize_report" in out.splitlines()
    assert out.count("-->") == 1


def test_graph_dot(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "graph", DIRECTIVE, "--format", "dot")
    assert (code, err) == (0, "")
    assert out.startswith('digraph "test-1-tb-vp" {')
    assert '    "supply-data" -> "finalize-report";' in out.splitlines()
    assert out.count(" -> ") == 1


def _as_json_data(value: Any) -> Any:
    """YAML data as an editor's schema checker sees it: dates are strings."""
    if isinstance(value, dict):
        return {k: _as_json_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json_data(v) for v in value]
    return value.isoformat() if isinstance(value, date | datetime) else value


def _schemas(capsys: pytest.CaptureFixture[str], folder: Path) -> dict[str, Any]:
    code, out, err = run(capsys, "schema", "--output", str(folder))
    assert (code, err) == (0, "")
    names = ["agencies.schema.json", "directive.schema.json"]
    assert out.splitlines() == [f"đã ghi {folder / name}" for name in names]
    return {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in names}


def _errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_schema_writes_two_valid_json_schemas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    schemas = _schemas(capsys, tmp_path / "schema")
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    registry = _as_json_data(read_yaml(f"{VALID}/agencies.yaml").data)
    assert _errors(schemas["agencies.schema.json"], registry) == []
    directive = _as_json_data(read_yaml(DIRECTIVE).data)
    # Not vacuous: a misspelt key fails each schema, and each kind fails the other's.
    assert _errors(schemas["agencies.schema.json"], {**registry, "agencise": []})
    assert _errors(schemas["directive.schema.json"], {**directive, "asignments": []})
    assert _errors(schemas["agencies.schema.json"], directive)
    assert _errors(schemas["directive.schema.json"], registry)


def test_directive_schema_accepts_every_due_form_written_as_a_mapping(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    schema = _schemas(capsys, tmp_path / "schema")["directive.schema.json"]
    directive = _as_json_data(read_yaml(DIRECTIVE).data)
    assert directive["assignments"][1]["due"] == "2024-07-31"
    directive["assignments"][1]["due"] = {"date": "2024-07-31"}
    assert _errors(schema, directive) == []


def test_directive_schema_accepts_the_valid_fixture(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    schema = _schemas(capsys, tmp_path / "schema")["directive.schema.json"]
    assert _errors(schema, _as_json_data(read_yaml(DIRECTIVE).data)) == []


# -- no Prefect, fast -------------------------------------------------------------------

NO_PREFECT = """
import sys
from directive_flow.cli.main import main
code = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m == "prefect" or m.startswith("prefect."))
print("PREFECT:", loaded)
sys.exit(code)
"""


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DIRECTIVE_FLOW_LANG": "vi"}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", VALID],
        ["plan", DIRECTIVE, "--as-of", "2024-07-10"],
        ["plan", DIRECTIVE, "--late", "so-yt=5"],
        ["graph", DIRECTIVE],
        ["show", DIRECTIVE],
        ["schema", "--output", "{tmp}"],
    ],
)
def test_commands_do_not_import_prefect(argv: list[str], tmp_path: Path) -> None:
    result = _python("-c", NO_PREFECT, *(a.format(tmp=tmp_path) for a in argv))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "PREFECT: []"


def test_validate_imports_no_prefect() -> None:
    """How fast commands start is measured in bench/bench_scale.py (``status_start``)."""
    args = ("-X", "importtime", "-m", "directive_flow.cli", "validate", VALID)
    result = _python(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Đã kiểm tra 2 tệp: 2 hợp lệ, 0 không hợp lệ\n"
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "directive_flow.planning.validation" in imported  # the probe sees our own imports...
    assert [m for m in imported if m.split(".")[0] == "prefect"] == []  # ...and no Prefect


_EXIT_PROBE = """
import atexit, gc, runpy, sys
atexit.register(lambda: print("frozen:", gc.get_freeze_count() > 0))
sys.argv = ["directive-flow", *sys.argv[1:]]
runpy.run_module("directive_flow.cli", run_name="__main__")
"""


@pytest.mark.parametrize(("files", "code"), [(VALID, 0), ("tests/fixtures/invalid", 1)])
def test_the_script_leaves_with_the_commands_code_its_objects_frozen(files: str, code: int) -> None:
    """``python -m directive_flow.cli`` (and the console script) exit with ``main``'s code,
    what it printed whole, after freezing the collector so exit does not walk the heap."""
    result = _python("-c", _EXIT_PROBE, "validate", files)
    assert result.returncode == code, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-2].startswith("Đã kiểm tra ")
    assert lines[-1] == "frozen: True"


def test_status_imports_neither_the_definition_models_nor_rendering(tmp_path: Path) -> None:
    """status reads the store: no Prefect, no definition models, no Word, no Apprise."""
    env = {"DIRECTIVE_FLOW_HOME": str(tmp_path), "DIRECTIVE_FLOW_DATABASE_URL": ""}
    probe = "import os; os.environ.update(" + repr(env) + ")\n" + NO_PREFECT
    probe = probe.replace('m == "prefect" or m.startswith("prefect.")', _HEAVY)
    result = _python("-c", probe, "status")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "PREFECT: []"


_HEAVY = (
    'm.split(".")[0] in {"prefect", "docx", "apprise", "jinja2"}'
    ' or m.startswith("directive_flow.definition")'
)


def test_closed_stdout_is_not_a_crash(home: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that has already exited
    try:
        result = subprocess.run(
            [sys.executable, "-m", "directive_flow.cli", "plan", DIRECTIVE, "--format", "json"],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "DIRECTIVE_FLOW_HOME": str(home)},
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert "unexpected error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert not (home / "logs").exists()
