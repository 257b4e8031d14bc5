"""The classes of misses found by the fresh4 split in plans and decisions: a plan's part of
tasks ('II. NHIỆM VỤ, GIẢI PHÁP') whose items name no owner, before the part that gives
them to owners ('III. TỔ CHỨC THỰC HIỆN'); a reference sentence under the aims ('2. Yêu
cầu' over 'Các cơ quan, đơn vị xác định rõ trách nhiệm ...'); and a time clause before the
owner ('Trong thời hạn 20 ngày kể từ ..., Sở Nội vụ ...')."""

from __future__ import annotations

from directive_flow.draft import draft_notice
from directive_flow.draft.document import NOBODY, Task

HEAD = "Số: 905/KH-UBND\nNghệ An, ngày 30 tháng 11 năm 2026\n\nKẾ HOẠCH\nPhòng, chống dịch\n\n"
AIMS = (
    "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nChủ động phát hiện sớm các ổ dịch.\n"
    "2. Yêu cầu\nCác cơ quan, đơn vị xác định rõ trách nhiệm, phối hợp chặt chẽ.\n"
)
CONTENT = (
    "II. NHIỆM VỤ, GIẢI PHÁP\n"
    "1. Tổ chức tiêm phòng vắc xin cho đàn gia súc, gia cầm.\n"
    "2. Tăng cường giám sát, phát hiện sớm các ổ dịch.\n"
)
EXECUTION = (
    "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nông nghiệp và Môi trường\n"
    "Chỉ đạo cung ứng đủ vắc xin trước ngày 15/12/2026.\n"
    "2. UBND các xã, phường\nTổ chức tiêm phòng vắc xin, hoàn thành trước ngày 31/3/2027.\n"
)


def tasks(text: str) -> list[Task]:
    return draft_notice(HEAD + text, source_name="n.txt").tasks


def test_a_plans_ownerless_content_before_its_execution_part_gives_no_task() -> None:
    found = tasks(AIMS + CONTENT + EXECUTION)
    assert [t.lead.value for t in found] == ["so-nnmt", "xa-phuong"]
    assert all(t.lead is not NOBODY for t in found)


def test_without_an_execution_part_the_ownerless_items_stay_tasks_without_owner() -> None:
    found = tasks(AIMS + CONTENT)
    assert [t.lead for t in found] == [NOBODY, NOBODY]


def test_an_owner_named_in_the_content_part_still_counts() -> None:
    content = CONTENT + "3. Sở Tài chính bố trí kinh phí trước ngày 10/12/2026.\n"
    found = tasks(content + EXECUTION)
    assert [t.lead.value for t in found] == ["so-tc", "so-nnmt", "xa-phuong"]


def test_a_reference_sentence_under_the_aims_gives_no_task() -> None:
    assert tasks(AIMS) == []


def test_a_time_clause_before_the_owner_leaves_the_owner_found() -> None:
    text = (
        "1. Trong thời hạn 20 ngày kể từ ngày ký, Sở Nội vụ hướng dẫn cập nhật quy trình.\n"
        "2. Trong vòng 05 ngày làm việc sau khi kết thúc đợt tập huấn, Thủ trưởng các sở,"
        " ban, ngành gửi danh sách cán bộ đầu mối về Văn phòng UBND tỉnh.\n"
        "3. Chậm nhất ngày 15/01/2027, UBND các xã, phường báo cáo kết quả.\n"
    )
    found = tasks(text)
    assert [t.lead.value for t in found] == ["so-nv", "cac-so-ban-nganh", "xa-phuong"]
    assert (found[0].due.due["days"], found[0].due.due["after"]) == (20, "issued")
    assert found[1].due.due["date"] is None  # an event to pin


def test_a_leading_clause_without_a_number_is_not_cut() -> None:
    text = "Sau khi nghe báo cáo, Chủ tịch UBND tỉnh kết luận như sau:\n1. Sở Y tế rà soát.\n"
    assert [t.lead.value for t in tasks(text)] == ["so-yt"]


def test_recurrences_ranges_and_months_before_the_owner() -> None:
    text = (
        "1. Định kỳ hằng quý, Sở Y tế tổng hợp kết quả, báo cáo UBND tỉnh.\n"
        "2. Từ ngày 15/12/2026 đến ngày 28/02/2027, Công an tỉnh mở đợt cao điểm tuần tra.\n"
        "3. Hằng tháng, trước ngày 25, UBND các xã, phường báo cáo kết quả về Sở Y tế.\n"
        "4. Đến hết tháng 12/2026, Sở Xây dựng hoàn thành rà soát.\n"
    )
    found = tasks(text)
    assert [t.lead.value for t in found] == ["so-yt", "ca-tinh", "xa-phuong", "so-xd"]
    assert found[0].due.recurrence is not None
    assert str(found[1].due.due["date"]) == "2027-02-28"
    assert found[2].due.recurrence is not None
    assert found[3].due.due["month"] == "2026-12"


def test_the_issuers_own_year_is_still_nobodys_task() -> None:
    assert tasks("Trong năm 2027, UBND tỉnh tập trung chỉ đạo cải cách hành chính.\n") == []
