"""Without a registry: the built-in list of standard agencies; new deadline forms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from directive_flow.cli.main import main
from directive_flow.draft import draft_notice
from directive_flow.draft.deadlines import Context, read_due
from directive_flow.draft.lexicon import builtin_registry
from directive_flow.draft.resolve import Resolver

CTX = Context(issued=date(2022, 9, 26))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Sở GD&ĐT", "so-gddt"),
        ("Sở NN&PTNT", "so-nnptnt"),
        ("Sở Nông nghiệp và PTNT", "so-nnptnt"),
        ("Sở LĐ-TB&XH", "so-ldtbxh"),
        ("Sở VHTTDL", "so-vhttdl"),
        ("Sở KH&ĐT", "so-khdt"),
        ("Sở TN&MT", "so-tnmt"),
        ("Đài PT-TH tỉnh", "dai-ptth"),
        ("BCHQS tỉnh", "bchqs-tinh"),
        ("Bộ NN&PTNT", "bo-nnptnt"),
        ("Công an tỉnh Gia Lai", "ca-tinh"),
        ("UBND các huyện, thị xã, thành phố", "huyen-thanh-pho"),
        ("UBND cấp xã", "xa-phuong"),
        ("các sở, ban, ngành tỉnh", "cac-so-ban-nganh"),
        ("UBND các huyện ven biển", "huyen-thanh-pho"),
    ],
)
def test_standard_names_and_abbreviations(name: str, code: str) -> None:
    assert Resolver(builtin_registry()).resolve(name).code == code


@pytest.mark.parametrize(
    "name", ["Phòng Nông nghiệp và PTNT huyện", "Báo Đắk Lắk", "UBND huyện Ia Grai"]
)
def test_local_names_are_kept_verbatim(name: str) -> None:
    assert Resolver(builtin_registry()).resolve(name).code is None


def test_a_draft_without_a_registry_says_where_each_code_comes_from() -> None:
    notice = "Số: 7/UBND-VX\nGia Lai, ngày 05 tháng 10 năm 2022\nV/v thử\n\nGiao Sở GD&ĐT và Báo Gia Lai tuyên truyền.\n"
    draft = draft_notice(notice, source_name="n.txt")
    assert (
        "    # built-in list: Sở Giáo dục và Đào tạo; check the code\n    lead: so-gddt\n"
        in draft.yaml
    )
    assert draft.todos == [
        "registry: give the path of the agency registry",
        "assignments[p1-so-gddt].due: the notice gives no deadline for this task: add due",
        "assignments[p1-o2].lead: 'Báo Gia Lai' is not in the built-in list: use its code",
        "assignments[p1-o2].due: the notice gives no deadline for this task: add due",
    ]


def test_the_cli_drafts_without_a_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notice = tmp_path / "n.txt"
    notice.write_text(
        "Ngày 5/10/2022, UBND tỉnh ban hành Công văn số 4410/UBND-KT.\n", encoding="utf-8"
    )
    assert main(["draft", str(notice)]) == 0
    assert "  number: 4410/UBND-KT\n" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "due", "comment"),
    [
        (
            "trả lời cử tri trong 20 ngày làm việc",
            {"working_days": 20, "after": "issued", "as_written": "trong 20 ngày làm việc"},
            "falls on 2022-10-24 on the working-day calendar (check swapped days)",
        ),
        (
            "gửi về trước 16 giờ, ngày 18/4/2019",
            {"date": date(2019, 4, 18), "as_written": "trước 16 giờ, ngày 18/4/2019"},
            None,
        ),
        (
            "gửi về trước ngày 10-11 để tổng hợp",
            {"date": date(2022, 11, 10), "as_written": "trước ngày 10-11"},
            "assumption: the year (2022) is taken from the issue date",
        ),
        (
            "Thời gian thực hiện: quý IV/2023.",
            {"quarter": "2023-Q4", "as_written": ": quý IV/2023"},
            None,
        ),
    ],
)
def test_deadline_forms(text: str, due: dict[str, object], comment: str | None) -> None:
    guess = read_due(text, CTX)
    assert (guess.due, guess.comment) == (due, comment)


def test_the_built_in_list_is_built_once() -> None:
    assert builtin_registry() is builtin_registry()
