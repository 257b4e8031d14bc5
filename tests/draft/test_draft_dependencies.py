"""Dependencies from purpose clauses, through the whole drafter."""

from __future__ import annotations

from directive_flow.definition.model import AgencyRegistry
from directive_flow.draft import draft_notice

HEAD = "Số: 1/TB-VP\nKon Tum, ngày 10 tháng 7 năm 2014\nTHÔNG BÁO\nKết luận\n"


def links(registry: AgencyRegistry, body: str) -> dict[str, tuple[str, list[str], bool]]:
    draft = draft_notice(HEAD + body, registry=registry, source_name="n.txt")
    return {t.ident: (t.lead.value, t.depends_on, t.consolidates) for t in draft.tasks}


def test_supply_for_a_report(kontum: AgencyRegistry) -> None:
    body = (
        "1. Giao Sở Y tế:\n- Tổ chức hội thảo.\n- Hoàn thiện báo cáo kết quả chăm sóc trẻ em 6 tháng.\n"
        "2. Các sở, ban, ngành:\nCung cấp số liệu để Sở Y tế hoàn thiện báo cáo kết quả chăm sóc trẻ em.\n"
    )
    assert links(kontum, body) == {
        "s1-b1": ("so-yt", [], False),
        "s1-b2": ("so-yt", ["s2"], True),
        "s2": ("cac-so-ban-nganh", [], False),
    }


def test_report_sent_then_consolidated(kontum: AgencyRegistry) -> None:
    body = (
        "1. UBND các huyện, thành phố báo cáo kết quả, gửi về Sở Nội vụ trước ngày 15/8/2014.\n"
        "2. Giao Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 25/8/2014.\n"
    )
    assert links(kontum, body)["s2"] == ("so-nv", ["s1"], True)


def test_through_an_office_to_consolidate_implies_a_task(kontum: AgencyRegistry) -> None:
    body = "1. Sở Y tế báo cáo kết quả về UBND tỉnh (thông qua Văn phòng UBND tỉnh) để tổng hợp, trình UBND tỉnh.\n"
    assert links(kontum, body) == {
        "s1": ("so-yt", [], False),
        "s1-tong-hop": ("vp-ubnd", ["s1"], True),
    }


def test_monitoring_consolidates_every_other_task(kontum: AgencyRegistry) -> None:
    body = (
        "1. Sở Y tế tổ chức hội thảo trong quý III.\n2. Công an tỉnh tăng cường kiểm tra thường xuyên.\n"
        "3. Sở Lao động - Thương binh và Xã hội theo dõi, đôn đốc; định kỳ 6 tháng tổng hợp, báo cáo UBND tỉnh.\n"
    )
    assert links(kontum, body)["s3"] == ("so-ldtbxh", ["s1", "s2"], True)


def test_supply_to_an_agency_without_a_task_is_only_noted(kontum: AgencyRegistry) -> None:
    body = "1. Sở Y tế cung cấp số liệu để Sở Tài chính tổng hợp dự toán.\n"
    draft = draft_notice(HEAD + body, registry=kontum, source_name="n.txt")
    assert draft.tasks[0].notes == [
        "supplies figures: a 'data' deliverable could list its fields",
        "feeds so-tc, which has no assignment in this notice",
    ]
