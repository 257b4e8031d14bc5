"""A sentence whose subject is an agency and whose verb is a duty verb is a task, without
'Giao' or 'Đề nghị'; what an agency did, the issuer's own report and the closing are not."""

from __future__ import annotations

import pytest

from directive_flow.draft import draft_notice

_VPCP = (
    "VĂN PHÒNG CHÍNH PHỦ\n\nSố: 2104/VPCP-NN\n\nHà Nội, ngày 28 tháng 3 năm 2023\n\n"
    "Kính gửi: Ủy ban nhân dân tỉnh Sóc Trăng.\n\nPhó Thủ tướng Chính phủ có ý kiến như sau:\n\n"
)
_PROVINCE = (
    "ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG\n\nSố: 320/UBND-KT\n\nSóc Trăng, ngày 10 tháng 3 năm 2023\n\n"
    "Kính gửi: Các sở, ban, ngành tỉnh.\n\n"
)
_CLOSING = "\n\nVăn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./.\n"


def tasks(head: str, body: str) -> list[tuple[str, str]]:
    """(lead, first five words of the title) of each drafted task."""
    draft = draft_notice(f"{head}{body}{_CLOSING}", source_name="n.txt")
    return [(t.lead.value, " ".join(t.title.split()[:5])) for t in draft.tasks]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Ủy ban nhân dân tỉnh Sóc Trăng chủ động sử dụng ngân sách địa phương để xử lý "
            "khẩn cấp các điểm sạt lở.",
            [("ubnd-tinh", "Ủy ban nhân dân tỉnh")],
        ),
        (
            "UBND tỉnh Sóc Trăng khẩn trương hoàn thiện hồ sơ, gửi Bộ Tài chính trước ngày "
            "15/4/2023.",
            [("ubnd-tinh", "UBND tỉnh Sóc Trăng khẩn")],
        ),
        (
            "Ủy ban nhân dân tỉnh Sóc Trăng chịu trách nhiệm bố trí vốn đối ứng.",
            [("ubnd-tinh", "Ủy ban nhân dân tỉnh")],
        ),
        (
            "Bộ Tài chính tập trung hướng dẫn tỉnh thủ tục tạm ứng ngân sách.",
            [("bo-tc", "Bộ Tài chính tập trung")],
        ),
        (
            "Ủy ban nhân dân tỉnh Sóc Trăng khẩn trương hoàn thiện hồ sơ, gửi Bộ Tài chính trước "
            "ngày 15/4/2023; chịu trách nhiệm bố trí vốn đối ứng.",
            [
                ("ubnd-tinh", "Ủy ban nhân dân tỉnh"),
                ("ubnd-tinh", "chịu trách nhiệm bố trí"),
            ],
        ),
    ],
)
def test_a_duty_verb_gives_its_subject_a_task(body: str, expected: list[tuple[str, str]]) -> None:
    assert tasks(_VPCP, body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Ủy ban nhân dân tỉnh Sóc Trăng đã chủ động bố trí 20 tỷ đồng khắc phục sạt lở.",
        "Thời gian qua, Ủy ban nhân dân tỉnh Sóc Trăng đã tập trung chỉ đạo quyết liệt.",
        "Bộ Tài chính đã chủ động hướng dẫn tỉnh thủ tục tạm ứng; tuy nhiên tỉnh chưa hoàn thiện.",
        "Bộ Tài chính vừa có văn bản hướng dẫn tỉnh thủ tục tạm ứng ngân sách.",
        "Tham dự cuộc họp có Bộ Tài chính, Bộ Xây dựng và Ủy ban nhân dân tỉnh Sóc Trăng.",
        "Bộ Xây dựng chịu trách nhiệm trước Thủ tướng Chính phủ về tính chính xác của số liệu.",
        "Do Ủy ban nhân dân tỉnh chủ động ứng phó nên thiệt hại đã được giảm thiểu.",
        "Văn phòng Chính phủ chủ động theo dõi, tổng hợp.",
    ],
)
def test_history_attendance_reasons_and_the_issuer_are_no_task(body: str) -> None:
    assert tasks(_VPCP, body) == []


def test_the_issuer_giving_itself_a_duty_is_no_task() -> None:
    body = "UBND tỉnh tập trung chỉ đạo quyết liệt công tác phòng, chống sạt lở bờ biển."
    assert tasks(_PROVINCE, body) == []


def test_the_office_of_the_province_speaks_for_its_ubnd() -> None:
    head = _PROVINCE.replace("Số: 320/UBND-KT", "Số: 32/TB-VPUB")
    head = head.replace("ỦY BAN NHÂN DÂN\nTỈNH SÓC TRĂNG", "UBND TỈNH SÓC TRĂNG\nVĂN PHÒNG")
    body = (
        "UBND tỉnh tập trung chỉ đạo quyết liệt công tác phòng, chống sạt lở bờ biển.\n\n"
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.\n"
    )
    draft = draft_notice(f"{head}{body}", source_name="n.txt")
    assert draft.data["header"]["issuer"].value == "vp-ubnd"
    assert draft.tasks == []


def test_the_office_of_the_province_is_given_a_duty_in_its_ubnd_notice() -> None:
    body = "Văn phòng UBND tỉnh chịu trách nhiệm theo dõi, đôn đốc, định kỳ hằng quý báo cáo."
    assert tasks(_PROVINCE, body) == [("vp-ubnd", "Văn phòng UBND tỉnh chịu")]
