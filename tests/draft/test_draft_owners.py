"""Owners: each introduction pattern, lists, shared qualifiers, groups, abbreviations, typos."""

from __future__ import annotations

import pytest

from directive_flow.definition.model import AgencyRegistry
from directive_flow.draft.owners import Owners
from directive_flow.draft.resolve import Resolver


def leads(owners: Owners, text: str) -> list[str] | None:
    intro = owners.intro(text)
    return None if intro is None else [n.value for n in intro.leads]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giao Sở Lao động - Thương binh và Xã hội:", ["so-ldtbxh"]),
        ("UBND các huyện, thành phố:", ["huyen-thanh-pho"]),
        ("Các cơ quan chủ trì các mục tiêu Chương trình:", ["co-quan-chu-tri-muc-tieu"]),
        ("Các thành viên Ban chỉ đạo:", ["bcd-tre-em-members"]),
        ("Các sở, ban, ngành: tổ chức quán triệt", ["cac-so-ban-nganh"]),
        ("Sở Y tế có trách nhiệm:", ["so-yt"]),
        ("Sở Tài chính, Sở KH&ĐT có trách nhiệm bố trí kinh phí", ["so-tc", "so-khdt"]),
        ("Đề nghị Công an tỉnh tăng cường phối hợp với Sở Y tế", ["ca-tinh"]),
        ("Yêu cầu Sở Y tế báo cáo", ["so-yt"]),
        ("Giao CA tỉnh thực hiện", ["ca-tinh"]),
        ("Sở Y tế tổ chức hội thảo", ["so-yt"]),
        ("Giao các Sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư:", ["so-nv", "so-tc", "so-khdt"]),
        ("Giao các Sở Tư pháp, Nội vụ chủ trì rà soát", ["so-tp", "so-nv"]),
        (
            "Giao UBND, Ban An toàn giao thông các huyện, thành phố triển khai",
            ["huyen-thanh-pho", "Ban An toàn giao thông các huyện, thành phố"],
        ),
        ("Sở Văn hóa và Thể thao, Sở Y tế:", ["Sở Văn hóa và Thể thao", "so-yt"]),
        ("Giao Sở Xyz chủ trì xây dựng kế hoạch", ["Sở Xyz"]),
        (
            "Yêu cầu Giám đốc các sở, ban, ngành, Chủ tịch UBND các huyện, thành phố thực hiện",
            ["cac-so-ban-nganh", "huyen-thanh-pho"],
        ),
    ],
)
def test_owner_introductions(owners: Owners, text: str, expected: list[str]) -> None:
    assert leads(owners, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tham dự cuộc họp có Sở Y tế, Công an tỉnh:",
        "Về công tác tuyên truyền:",
        "Chủ động phối hợp với các đơn vị liên quan triển khai",
        "Rà soát và đề nghị các cơ quan thành viên Ban chỉ đạo cung cấp thông tin",
        "Tiếp thu ý kiến (lưu ý phối hợp với các đơn vị có liên quan bổ sung số liệu)",
    ],
)
def test_no_owner(owners: Owners, text: str) -> None:
    assert owners.intro(text) is None


def test_lead_and_coordinators(owners: Owners) -> None:
    intro = owners.intro(
        "Giao Sở Y tế chủ trì, phối hợp với Công an tỉnh và UBND các huyện, thành phố tổ chức kiểm tra"
    )
    assert intro is not None
    assert [n.value for n in intro.leads] == ["so-yt"]
    assert [n.value for n in intro.coordinators] == ["ca-tinh", "huyen-thanh-pho"]
    assert intro.rest == "tổ chức kiểm tra"


def test_coordinators_without_a_lead_inherit_it(owners: Owners) -> None:
    intro = owners.intro("Chủ trì phối hợp với Sở Y tế, Công an tỉnh xây dựng Kế hoạch")
    assert intro is not None
    assert (intro.leads, [n.value for n in intro.coordinators]) == ([], ["so-yt", "ca-tinh"])


@pytest.mark.parametrize(
    ("text", "code", "how"),
    [
        ("Sở Y tế", "so-yt", "exact"),
        ("sở y tế", "so-yt", "exact"),
        ("So Y te", "so-yt", "exact"),
        ("Ủy ban nhân dân tỉnh", "ubnd-tinh", "exact"),
        ("Sở LĐTBXH", "so-ldtbxh", "exact"),
        ("Sở GD&ĐT", "so-gddt", "exact"),
        ("CA tỉnh", "ca-tinh", "exact"),
        ("Giám đốc Sở Y tế", "so-yt", "exact"),
        ("Sở Tài nguyên và Môi trườnng", "so-tnmt", "typo"),
        ("Sở Xyz", None, "unresolved"),
    ],
)
def test_resolve(kontum: AgencyRegistry, text: str, code: str | None, how: str) -> None:
    name = Resolver(kontum).resolve(text)
    assert (name.code, name.how, name.text) == (code, how, text)


def test_resolve_abbreviation_not_in_the_registry(small: AgencyRegistry) -> None:
    resolver = Resolver(small)
    assert resolver.resolve("Sở LĐ-TB&XH").code == "so-ldtbxh"  # registry has only "Sở LĐTBXH"
    assert resolver.resolve("Sở Lao động, Thương binh và Xã hội").code == "so-ldtbxh"
    name = resolver.resolve("Sở LĐTB")
    assert (name.code, name.how) == (None, "unresolved")
