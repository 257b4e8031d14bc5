"""Every flow step from a shell: collect, remind, consolidate, open-period, dashboard.

Cron users and scripts run without Prefect; each command calls the same step the flow
calls, speaks strict JSON, and exits as the other commands do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from directive_flow.cli.main import main
from directive_flow.settings import reset
from directive_flow.steps.common import local_today
from directive_flow.store.db import forget_stores

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VALID = str(FIXTURES / "valid" / "directive.yaml")
D = "test-1-tb-vp"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "home"
    monkeypatch.setenv("DIRECTIVE_FLOW_HOME", str(folder))
    monkeypatch.delenv("DIRECTIVE_FLOW_DATABASE_URL", raising=False)
    monkeypatch.delenv("DIRECTIVE_FLOW_SMTP_URL", raising=False)
    reset()
    assert main(["register", VALID, "--as-of", "2024-07-01", "--as", "vp"]) == 0
    yield folder
    forget_stores()
    reset()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_remind_queues_and_delivers_to_the_local_mailbox(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    capsys.readouterr()
    code, out, _ = run(capsys, "remind", "--day", "2024-07-26", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert result["queue"]["queued"] == 1  # Sở LĐTBXH's report, 3 working days ahead
    assert result["queue"]["no_contact"] == 6  # the suppliers: their registry lists nobody
    assert result["delivery"]["sent"] == 1
    [mail] = (home / "mailbox").glob("*.eml")
    assert "a@example.vn" in mail.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "remind", "--day", "2024-07-26", "--format", "json")
    assert json.loads(out)["queue"]["queued"] == 0  # once each


def test_a_later_day_is_only_looked_at(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    later = (local_today() + timedelta(days=30)).isoformat()
    code, _, err = run(capsys, "remind", "--day", later)
    assert code == 1
    assert "Ngày sau hôm nay chỉ được xem thử (dry run), không gửi." in err
    code, out, _ = run(capsys, "remind", "--day", later, "--dry-run", "--format", "json")
    assert code == 0
    assert json.loads(out)["queue"]["dry_run"] is True
    assert not (home / "mailbox").exists()


def test_collect_takes_a_dropped_folder(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    folder = home / "inbox" / "so-yt" / D / "supply-data__so-yt"
    folder.mkdir(parents=True)
    (folder / "data.json").write_text('{"children": 5}', encoding="utf-8")
    code, out, _ = run(capsys, "collect", "--settle", "0", "--format", "json")
    assert code == 0
    assert json.loads(out)["counts"]["ingested"] == 1


def test_consolidate_a_partial_report_then_print_the_dashboard(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys, "consolidate", D, "finalize-report/so-ldtbxh", "--partial", "--format", "json"
    )
    assert code == 0
    [built] = json.loads(out)
    assert built["partial"] is True
    assert Path(built["docx"]).is_file()
    assert "UBND huyện A: chưa nộp số liệu" in built["missing"]
    code, out, _ = run(capsys, "dashboard", D, "--as-of", "2024-07-20", "--format", "json")
    [board] = json.loads(out)
    assert board["directive"] == D
    code, out, _ = run(capsys, "dashboard", D, "--as-of", "2024-07-20")
    assert out.startswith("## 1/TB-VP: Thông báo thử nghiệm")


def test_consolidate_needs_both_ids_or_none(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "consolidate", D)
    assert code == 2
    assert "Ghi cả văn bản (DIRECTIVE) lẫn nhiệm vụ (TASK)" in err


def test_open_period_reports_each_directive(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "open-period", "H2-2024", "--format", "json")
    assert code == 0
    assert json.loads(out)["period"] == "H2-2024"
