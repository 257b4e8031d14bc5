"""A plural head followed by names distributes over them; a bare plural is the group."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from directive_flow.draft import draft_notice
from directive_flow.draft.clauses import ClauseReader
from directive_flow.draft.lexicon import builtin_registry
from directive_flow.draft.owners import Owners
from directive_flow.draft.plural import spread_at
from directive_flow.draft.resolve import Resolver, tokenize


@pytest.fixture(scope="module")
def builtin() -> Owners:
    """Owner reading against the built-in list (no registry)."""
    return Owners(Resolver(builtin_registry()))


def leads(owners: Owners, text: str) -> list[str] | None:
    intro = owners.intro(text)
    return None if intro is None else [n.value for n in intro.leads]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "UBND các huyện Đồng Văn, Mèo Vạc, Yên Minh, Quản Bạ: chỉnh trang các điểm dừng chân",
            [
                "UBND huyện Đồng Văn",
                "UBND huyện Mèo Vạc",
                "UBND huyện Yên Minh",
                "UBND huyện Quản Bạ",
            ],
        ),
        (
            "Giao UBND các huyện Văn Lãng, Tràng Định và Lộc Bình thành lập tổ kiểm tra",
            ["UBND huyện Văn Lãng", "UBND huyện Tràng Định", "UBND huyện Lộc Bình"],
        ),
        (
            "Đề nghị các Sở: Y tế, Tài chính, Xây dựng kiểm tra",
            ["so-yt", "so-tc", "so-xd"],
        ),
        (
            "Các Bộ: Kế hoạch và Đầu tư, Tài chính theo chức năng hướng dẫn tỉnh",
            ["bo-khdt", "bo-tc"],
        ),
        (
            "Giao Công an, Ban Chỉ huy Quân sự các huyện Văn Lãng, Tràng Định tăng cường tuần tra",
            [
                "Công an huyện Văn Lãng",
                "Công an huyện Tràng Định",
                "Ban Chỉ huy Quân sự huyện Văn Lãng",
                "Ban Chỉ huy Quân sự huyện Tràng Định",
            ],
        ),
        (
            "UBND các xã Lũng Cú, Sà Phìn thuộc huyện Đồng Văn vận động người dân",
            ["UBND xã Lũng Cú", "UBND xã Sà Phìn"],
        ),
        (
            "Chủ tịch UBND các huyện Phong Điền, Phú Lộc và thị xã Hương Trà rà soát diện tích",
            ["UBND huyện Phong Điền", "UBND huyện Phú Lộc", "UBND thị xã Hương Trà"],
        ),
        (
            "UBND các huyện: Ninh Sơn, Bác Ái rà soát",
            ["UBND huyện Ninh Sơn", "UBND huyện Bác Ái"],
        ),
        (
            "Giao UBND các huyện Đồng Văn, Mèo Vạc và Sở Y tế tăng cường kiểm tra",
            ["UBND huyện Đồng Văn", "UBND huyện Mèo Vạc", "so-yt"],
        ),
        (
            "Giao UBND các tỉnh Sóc Trăng, Bạc Liêu và Cà Mau rà soát",
            ["UBND tỉnh Sóc Trăng", "UBND tỉnh Bạc Liêu", "UBND tỉnh Cà Mau"],
        ),
    ],
)
def test_a_plural_head_distributes_over_the_names(
    builtin: Owners, text: str, expected: list[str]
) -> None:
    assert leads(builtin, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giao UBND các huyện, thành phố tăng cường kiểm tra", ["huyen-thanh-pho"]),
        ("UBND các huyện ven biển xây dựng kế hoạch sơ tán dân", ["huyen-thanh-pho"]),
        ("UBND các xã: rà soát hộ nghèo", ["xa-phuong"]),
        ("Các sở, ban, ngành: tổ chức quán triệt", ["cac-so-ban-nganh"]),
        (
            "Giao UBND, Ban An toàn giao thông các huyện, thành phố triển khai",
            ["huyen-thanh-pho", "Ban An toàn giao thông các huyện, thành phố"],
        ),
    ],
)
def test_a_bare_plural_is_the_group(builtin: Owners, text: str, expected: list[str]) -> None:
    assert leads(builtin, text) == expected


def test_bare_heads_as_the_subject_take_the_places_too(builtin: Owners) -> None:
    text = "Công an, Ban Chỉ huy Quân sự các huyện Văn Lãng, Tràng Định tăng cường tuần tra."
    (clause,) = ClauseReader(builtin).split(text, inherited=False)
    assert [n.text for n in clause.leads] == [
        "Công an huyện Văn Lãng",
        "Công an huyện Tràng Định",
        "Ban Chỉ huy Quân sự huyện Văn Lãng",
        "Ban Chỉ huy Quân sự huyện Tràng Định",
    ]


def test_no_agency_heads_a_list_after_a_verb(builtin: Owners) -> None:
    text = "Phối hợp với các huyện Đồng Văn, Mèo Vạc xây dựng sản phẩm du lịch"
    assert spread_at(text, tokenize(text), 0) is None
    names, rest = builtin.leading(text.split(" với ", 1)[1])
    assert ([n.text for n in names], rest) == (
        ["huyện Đồng Văn", "huyện Mèo Vạc"],
        "xây dựng sản phẩm du lịch",
    )


def test_with_a_registry_the_names_resolve_without_their_accents(owners: Owners) -> None:
    assert leads(owners, "Giao UBND các huyện Dak Glei, Ngoc Hoi va Kon Plong rà soát") == [
        "ubnd-dak-glei",
        "ubnd-ngoc-hoi",
        "ubnd-kon-plong",
    ]
    assert leads(owners, "Chủ tịch UBND các huyện: Đăk Tô, Sa Thầy chỉ đạo") == [
        "ubnd-dak-to",
        "ubnd-sa-thay",
    ]


def test_a_drafted_list_gives_one_task_per_named_district() -> None:
    text = (
        "Số: 58/TB-VP\nHà Giang, ngày 14 tháng 02 năm 2023\n\nTHÔNG BÁO\nKết luận\n\n"
        "2. UBND các huyện Đồng Văn, Mèo Vạc: chỉnh trang các điểm dừng chân, hoàn thành "
        "trong quý II/2023.\n"
    )
    tasks = draft_notice(text, source_name="n.txt").tasks
    assert [(t.lead.value, t.due.due) for t in tasks] == [
        ("UBND huyện Đồng Văn", {"quarter": "2023-Q2", "as_written": "trong quý II/2023"}),
        ("UBND huyện Mèo Vạc", {"quarter": "2023-Q2", "as_written": "trong quý II/2023"}),
    ]


_SYLLABLES = ["Đồng", "Văn", "Mèo", "Vạc", "Yên", "Minh", "Phú", "Lộc", "Tân", "Sơn", "Krông"]
_PLACES = st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=3).map(" ".join)
_HEADS = st.sampled_from(["UBND", "Công an", "Ban Chỉ huy Quân sự", "Phòng Tài chính - Kế hoạch"])
_UNITS = st.sampled_from(["huyện", "quận", "xã", "thị xã", "phường", "thành phố", "tỉnh"])


@settings(max_examples=150, deadline=None)
@given(
    heads=st.lists(_HEADS, min_size=1, max_size=3, unique=True),
    unit=_UNITS,
    places=st.lists(_PLACES, min_size=1, max_size=6, unique=True),
    colon=st.booleans(),
    last_and=st.booleans(),
)
def test_the_distributed_names_are_exactly_the_listed_ones_in_order(
    builtin: Owners, heads: list[str], unit: str, places: list[str], colon: bool, last_and: bool
) -> None:
    listed = ", ".join(places)
    if last_and and len(places) > 1:
        listed = f"{', '.join(places[:-1])} và {places[-1]}"
    text = f"Giao {', '.join(heads)} các {unit}{':' if colon else ''} {listed} rà soát, báo cáo"
    expected = [f"{head} {unit} {place}" for head in heads for place in places]
    intro = builtin.intro(text)
    assert intro is not None
    assert [n.text for n in intro.leads] == expected
    assert intro.rest == "rà soát, báo cáo"
    codes = [n.code for n in intro.leads if n.code]
    assert len(codes) == len(set(codes))  # 'UBND tỉnh A', 'UBND tỉnh B' are not one ubnd-tinh
