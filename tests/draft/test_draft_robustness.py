"""Any input gives a draft or one DraftError: empty, binary, huge, HTML, arbitrary text."""

from __future__ import annotations

import contextlib

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_flow.definition.model import AgencyRegistry
from directive_flow.draft import Draft, DraftError, draft_notice
from directive_flow.draft.document import NOBODY
from directive_flow.draft.emit import plain, quoted, scalar

PIECES = st.sampled_from(
    [
        "Số: 975/TB - VP",
        "Kon Tum, ngày 10 tháng 7 năm 2014",
        "THÔNG BÁO",
        "1. Giao Sở Y tế:",
        "- Tổ chức hội thảo trước ngày 15-12;",
        "a) Sở LĐTBXH:",
        "+ định kỳ 6 tháng",
        "Nơi nhận:",
        "KT. CHÁNH VĂN PHÒNG",
        "UBND các huyện, thành phố:",
        "<p>",
        "</p>",
        "•",
        "- 2 -",
        ":",
        "",
        "Giao các Sở: Nội vụ, Tài chính chủ trì, phối hợp với",
        "(thông qua Phòng Y) để tổng hợp",
        "trong 30 ngày làm việc",
        "trong quý IV",
        "thường xuyên",
        "V/v",
        "Kính gửi:",
        "#",
        "'",
        '"',
    ]
)
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("\n".join),
)


def _draft(data: str | bytes, registry: AgencyRegistry) -> Draft:
    return draft_notice(data, registry=registry, source_name="notice.txt")


@given(text=TEXTS)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_gives_a_draft_or_a_draft_error(kontum: AgencyRegistry, text: str) -> None:
    try:
        draft = _draft(text, kontum)
    except DraftError as exc:
        message = str(exc)
    else:
        message = ""
        assert yaml.safe_load(draft.yaml)["kind"] == "directive"
        assert isinstance(draft.to_json()["todos"], list)
    assert "\n" not in message


PROSE = st.sampled_from(
    [
        "Trang chủ | Tin tức | Liên hệ",
        "Đăng nhập",
        "Thứ Năm, 14/04/2022 09:15",
        "BẢO NGỌC |",
        "Ngày 3/ 9, UBND tỉnh ban hành Công văn số 1207 /UBND-KT về việc",
        "(Theo Công văn số 418/UBND-VX, ngày 02/3/2022)",
        "UBND tỉnh vừa ban hành công văn (số 2715/UBND-NC)",
        "UBND tỉnh giao Sở Xây dựng phối hợp với Sở Tài chính trả lời",
        "; báo cáo UBND tỉnh trong 15 ngày làm việc.",
        "Chủ tịch UBND tỉnh yêu cầu giám đốc các sở, ngành và chủ tịch UBND các huyện",
        "Giám đốc các Sở: Tư pháp, Nội vụ",
        "Sở Công Thương và UBND, Ban Chỉ đạo 389 các huyện, thị xã",
        "đề nghị quý cơ quan",
        "đến nay Sở X chưa trình nội dung trên",
        "UBND tỉnh đã giao",
        "trước 16 giờ, ngày 18/4/2019",
        "trước ngày 10-11",
        "Xem nội dung chi tiết:",
        "- file.pdf",
        "Nguồn: Báo",
        "TAGS:",
        "Tin liên quan",
        "chịu trách nhiệm trước",
        "; đồng thời",
        "Kính gửi: quý cơ quan",
    ]
)
PROSE_TEXTS = st.lists(st.one_of(PROSE, PIECES, st.text(max_size=12)), max_size=30).map(
    lambda parts: "".join(p + ("\n" if i % 3 else " ") for i, p in enumerate(parts))
)


@given(text=PROSE_TEXTS)
@settings(max_examples=300, deadline=None)
def test_any_prose_without_a_registry_gives_a_draft_or_a_draft_error(text: str) -> None:
    try:
        draft = draft_notice(text, source_name="page.txt")
    except DraftError as exc:
        message = str(exc)
    else:
        message = ""
        assert yaml.safe_load(draft.yaml)["kind"] == "directive"
        nobody = [t.ident for t in draft.tasks if t.lead is NOBODY]  # a task, owner not found
        assert all(task.lead.value for task in draft.tasks if task.lead is not NOBODY)
        assert all(
            any(f"[{i}].lead: the notice names no" in t for t in draft.todos) for i in nobody
        )
    assert "\n" not in message


@given(data=st.binary(max_size=300))
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_bytes_give_a_draft_or_a_draft_error(kontum: AgencyRegistry, data: bytes) -> None:
    with contextlib.suppress(DraftError):
        yaml.safe_load(_draft(data, kontum).yaml)


@given(text=st.text())
@settings(max_examples=500)
def test_scalars_read_back_as_written(text: str) -> None:
    assert yaml.safe_load(f"k: {scalar(text, 2)}") == {"k": text}
    assert yaml.safe_load(f"k: [{scalar(text, 2, flow=True)}]") == {"k": [text]}
    assert yaml.safe_load(quoted(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("975/TB-VP", True),
        ("1", False),
        ("2014-08", False),
        ("yes", False),
        ("a: b", False),
        ("- x", False),
    ],
)
def test_plain_scalars(text: str, expected: bool) -> None:
    assert plain(text) is expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "notice.txt: the notice is empty"),
        (b"\n \n\t\n", "notice.txt: the notice is empty"),
        (
            b"\x00\x01\x02PK\x03\x04",
            "binary file, not notice text (it holds NUL bytes); save it as UTF-8 text",
        ),
        (b"x" * 10_485_760, "notice is too large (10,485,760 bytes; the limit is 2,000,000)"),
    ],
    ids=["empty", "blank", "binary", "10MB"],
)
def test_refused_inputs(kontum: AgencyRegistry, data: bytes, message: str) -> None:
    with pytest.raises(DraftError) as caught:
        _draft(data, kontum)
    assert str(caught.value) == message


def test_text_without_any_task_still_drafts(kontum: AgencyRegistry) -> None:
    draft = _draft("Xin chào", kontum)
    assert "assignments: []" in draft.yaml
    assert draft.todos == [
        "registry: give the path of the agency registry",
        "header.number: the notice's number was not found",
        "header.issuer: the issuer was not found",
        "header.issued: the notice's issued was not found",
        "header.title: the notice's title was not found",
        "assignments: no task found",
    ]


def test_html_notice(kontum: AgencyRegistry) -> None:
    html = "<html><body><p>Số: 5/TB-VP</p><p>Kon Tum, ngày 10 tháng 7 năm 2014</p><p>THÔNG BÁO</p><p>Kết luận</p><p>1. Giao Sở Y tế:</p><p>- Tổ chức hội thảo trong quý III.</p></body></html>"
    (task,) = _draft(html, kontum).tasks
    assert (task.ident, task.lead.code, task.title, task.due.due) == (
        "s1-b1",
        "so-yt",
        "Tổ chức hội thảo trong quý III.",
        {"quarter": "2014-Q3", "as_written": "trong quý III"},
    )
