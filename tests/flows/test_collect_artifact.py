"""The collect flow's table (``thu-nhan-ho-so``): Vietnamese words, paths from the inbox,
and a new version only when the inbox shows something new."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import flows.collect
from flows.activate import activate
from flows.collect import _last_table, collect

VALID = Path(__file__).parents[1] / "fixtures" / "valid"
D = "test-1-tb-vp"


@pytest.fixture
def tables(store_url: str, monkeypatch: pytest.MonkeyPatch) -> list[list[dict[str, Any]]]:
    """The tables the flow publishes (each still goes to the harness's API)."""
    seen: list[list[dict[str, Any]]] = []
    real = flows.collect.create_table_artifact

    def counted(table: list[dict[str, Any]], **kwargs: Any) -> Any:
        seen.append(table)
        return real(table, **kwargs)

    monkeypatch.setattr(flows.collect, "create_table_artifact", counted)
    return seen


def test_a_stray_file_is_published_once_not_every_run(
    tables: list[list[dict[str, Any]]], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    stray = f"ghi-chu-{uuid.uuid4().hex[:8]}.txt"  # the harness keeps other tests' tables
    (home / "inbox" / "so-yt").mkdir(parents=True)
    (home / "inbox" / "so-yt" / stray).write_text("để nhầm chỗ", encoding="utf-8")
    assert collect(settle_seconds=0) == {"misplaced": 1}
    assert collect(settle_seconds=0) == {"misplaced": 1}
    assert collect(settle_seconds=0) == {"misplaced": 1}
    assert len(tables) == 1, "the same stray file: one version"
    [row] = tables[0]
    assert (row["Thư mục"], row["Kết quả"]) == (f"so-yt/{stray}", "Đặt sai chỗ")
    assert _last_table("Hồ sơ thu nhận từ inbox") == tables[0], "as the API keeps it"


def test_what_was_taken_is_published_in_vietnamese_without_server_paths(
    tables: list[list[dict[str, Any]]], tmp_path: Path
) -> None:
    activate(path=str(VALID), as_of=date(2024, 7, 1))
    folder = tmp_path / "home" / "inbox" / "so-yt" / D / "supply-data__so-yt"
    folder.mkdir(parents=True)
    (folder / "data.json").write_text(json.dumps({"children": 7}), encoding="utf-8")
    assert collect(settle_seconds=0) == {"ingested": 1}
    [[row]] = tables
    assert row["Kết quả"] == "Đã nhận"
    assert str(row["Chuyển đến"]).startswith(".done/")
    assert str(tmp_path) not in json.dumps(tables, ensure_ascii=False)
    assert collect(settle_seconds=0) == {}
    assert len(tables) == 1, "an empty inbox publishes nothing"
