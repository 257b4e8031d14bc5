"""A closing request to the owners named above ("Các cơ quan, đơn vị nêu trên gửi báo cáo
... trước ngày 25/4/2025") and items that name no owner (from a hostile tester's notices)."""

from __future__ import annotations

from datetime import date

import pytest

from directive_flow.draft import draft_notice
from directive_flow.draft.document import NOBODY, Task

LETTER = (
    "Số: 1125/UBND-KTTH\nV/v đôn đốc\nKon Tum, ngày 14 tháng 4 năm 2025\n\n"
    "Kính gửi:\n- Sở Tài nguyên và Môi trường;\n- Sở Xây dựng;\n- Sở Công Thương;\n"
    "- UBND các huyện, thành phố.\n\nChủ tịch UBND tỉnh yêu cầu:\n\n"
    "1. Giám đốc các Sở: Tài nguyên và Môi trường, Xây dựng, Công Thương khẩn trương hoàn "
    "thiện báo cáo đánh giá kết quả thực hiện các chỉ tiêu giai đoạn 2021-2025.\n\n"
    "2. Chủ tịch UBND các huyện, thành phố chỉ đạo các phòng, ban chuyên môn rà soát, bổ sung "
    "số liệu về dân số trên địa bàn; đồng thời đề xuất danh mục dự án đầu tư công.\n\n"
)
SHARED = "3. {who} gửi báo cáo về UBND tỉnh (qua Sở Kế hoạch và Đầu tư) trước ngày 25/4/2025 để tổng hợp.\n\n"
CONSOLIDATE = (
    "4. Giao Sở Kế hoạch và Đầu tư tổng hợp báo cáo của các cơ quan, đơn vị, trình UBND tỉnh "
    "trước ngày 09/5/2025.\n"
)
EARLIER = ["s1-so-tnmt", "s1-so-xd", "s1-so-ct", "s2-1", "s2-2"]
CT = "Số: 05/CT-UBND\nKon Tum, ngày 21 tháng 5 năm 2025\n\nCHỈ THỊ\nVề việc thử\n\n"
KH = "Số: 12/KH-UBND\nKon Tum, ngày 21 tháng 5 năm 2025\n\nKẾ HOẠCH\nVề việc thử\n\n"


def tasks(text: str) -> dict[str, Task]:
    return {t.ident: t for t in draft_notice(text, source_name="n.txt").tasks}


@pytest.mark.parametrize(
    "who", ["Các cơ quan, đơn vị nêu trên", "Các cơ quan, đơn vị liên quan", "Các cơ quan, đơn vị"]
)
def test_the_shared_deadline_is_lent_to_the_tasks_above_and_feeds_the_consolidator(
    who: str,
) -> None:
    found = tasks(LETTER + SHARED.format(who=who) + CONSOLIDATE)
    assert list(found) == [*EARLIER, "s4"]  # the sentence is no task of its own
    for ident in EARLIER:
        assert found[ident].due.due == {
            "date": date(2025, 4, 25),
            "as_written": "trước ngày 25/4/2025",
        }
        assert (found[ident].due.comment or "").startswith(
            f"the date comes from line 17 ('{who} gửi báo cáo về UBND tỉnh"
        )
    assert (found["s4"].lead.value, found["s4"].depends_on) == ("so-khdt", EARLIER)
    assert found["s4"].consolidates


def test_without_a_consolidating_task_the_agency_named_consolidates() -> None:
    found = tasks(LETTER + SHARED.format(who="Các cơ quan, đơn vị nêu trên"))
    assert list(found) == [*EARLIER, "s3-tong-hop"]
    consolidator = found["s3-tong-hop"]
    assert (consolidator.lead.value, consolidator.depends_on) == ("so-khdt", EARLIER)
    assert (consolidator.first, consolidator.title.split()[:3]) == (17, ["Các", "cơ", "quan,"])


def test_the_yaml_says_where_the_date_comes_from() -> None:
    draft = draft_notice(
        LETTER + SHARED.format(who="Các cơ quan, đơn vị nêu trên") + CONSOLIDATE,
        source_name="n.txt",
    )
    assert draft.yaml.count("# assumption: the date comes from line 17 (") == len(EARLIER)
    assert "'khẩn trương' gives no date" not in draft.yaml


def test_departments_above_without_a_section_number() -> None:
    body = (
        "1. Sở Y tế tăng cường giám sát dịch bệnh.\n"
        "2. Sở Tài chính bố trí kinh phí phòng dịch trước ngày 30/6/2025.\n\n"
        "Các sở, ban, ngành nêu trên báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15/7/2025.\n"
    )
    found = tasks(CT + body)
    assert found["s1"].due.due["date"] == date(2025, 7, 15)  # lent: it had none
    assert found["s2"].due.due["date"] == date(2025, 6, 30)  # its own date stays
    report = [t for t in found.values() if t.title.startswith("Các sở, ban, ngành nêu trên")]
    assert [(t.lead.value, t.due.due["date"]) for t in report] == [("so-tc", date(2025, 7, 15))]
    assert report[0].notes == [
        "assumption: 'Các sở, ban, ngành nêu trên' read as the owners above it"
    ]


def test_owners_given_tasks_in_this_text_each_get_the_report() -> None:
    body = (
        "1. Sở Y tế tổ chức tập huấn trong tháng 6/2025.\n"
        "2. Công an tỉnh kiểm tra các cơ sở kinh doanh trước ngày 30/6/2025.\n"
        "3. Các cơ quan, đơn vị được giao nhiệm vụ tại văn bản này báo cáo kết quả về Sở Nội vụ "
        "trước ngày 15/7/2025.\n"
    )
    found = tasks(CT + body)
    assert [
        (i, t.lead.value, t.due.due["date"]) for i, t in found.items() if i.startswith("s3")
    ] == [
        ("s3-so-yt", "so-yt", date(2025, 7, 15)),
        ("s3-ca-tinh", "ca-tinh", date(2025, 7, 15)),
    ]


def test_asking_the_units_to_report_in_a_plan() -> None:
    body = (
        "II. NHIỆM VỤ\n1. Sở Y tế tăng cường giám sát dịch bệnh.\n"
        "2. Sở Tài chính bố trí kinh phí trước ngày 30/6/2025.\n"
        "III. TỔ CHỨC THỰC HIỆN\nĐề nghị các đơn vị triển khai thực hiện, báo cáo kết quả về "
        "Sở Kế hoạch và Đầu tư trước ngày 15/7/2025 để tổng hợp, báo cáo UBND tỉnh.\n"
    )
    found = tasks(KH + body)
    assert found["sii-1"].due.due["date"] == date(2025, 7, 15)  # lent: it had none
    assert (found["siii"].lead.value, found["siii"].due.due["date"]) == ("so-tc", date(2025, 7, 15))
    consolidator = found["siii-tong-hop"]
    assert (consolidator.lead.value, sorted(consolidator.depends_on)) == (
        "so-khdt",
        ["sii-1", "siii"],
    )


def test_a_reference_with_nobody_above_is_a_task_without_owner() -> None:
    draft = draft_notice(
        CT + "1. Các cơ quan, đơn vị nêu trên gửi báo cáo trước ngày 15/7/2025.\n",
        source_name="n.txt",
    )
    assert [(t.ident, t.lead) for t in draft.tasks] == [("s1", NOBODY)]
    assert "assignments[s1].lead: the notice names no owner for this task: add lead" in draft.todos


def test_an_item_that_reads_as_a_task_without_owner_is_a_todo_not_a_loss() -> None:
    body = (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Triển khai có hiệu quả Nghị quyết số 10.\n"
        "2. Yêu cầu\nBảo đảm thiết thực.\n"
        "II. NHIỆM VỤ\n1. Rà soát danh mục dự án đầu tư công trước ngày 30/6/2025.\n"
        "2. Sở Y tế tăng cường giám sát dịch bệnh.\n"
    )
    draft = draft_notice(KH + body, source_name="n.txt")
    assert [(t.ident, t.lead.value) for t in draft.tasks] == [("sii-1", ""), ("sii-2", "so-yt")]
    assert (
        "assignments[sii-1].lead: the notice names no owner for this task: add lead" in draft.todos
    )
    assert (
        "    # TODO: the notice names no owner for this task: add lead\n    lead: null\n"
        in draft.yaml
    )
