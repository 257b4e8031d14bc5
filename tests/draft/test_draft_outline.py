"""The outline read into tasks: headings that only name owners, a section's own task,
closings and running page headers, history, task tables (from a hostile tester's notices)."""

from __future__ import annotations

from datetime import date

from directive_flow.draft import draft_notice
from directive_flow.draft.document import Task

HEAD = "Số: 05/CT-UBND\nKon Tum, ngày 21 tháng 5 năm 2025\n\nCHỈ THỊ\nVề việc thử\n\n"


def tasks(body: str, head: str = HEAD) -> list[Task]:
    """The tasks drafted, without a registry, from a notice with this body."""
    return draft_notice(head + body, source_name="n.txt").tasks


def rows(body: str, head: str = HEAD) -> list[tuple[str, str, str]]:
    """(id, lead, the title's first words) of every task."""
    return [(t.ident, t.lead.value, " ".join(t.title.split()[:3])) for t in tasks(body, head)]


def test_a_heading_that_is_only_a_name_owns_the_items_below_it() -> None:
    body = (
        "1. Sở Y tế\n"
        "a) Chủ trì, phối hợp với các sở, ngành giám sát tình hình dịch bệnh.\n"
        "b) Tổ chức các đoàn kiểm tra trong tháng 6/2025.\n"
        "\n"
        "2. Sở Thông tin và Truyền thông, Đài Phát thanh - Truyền hình tỉnh\n"
        "a) Tuyên truyền các biện pháp phòng bệnh.\n"
    )
    assert rows(body) == [
        ("s1-a", "so-yt", "Chủ trì, phối"),
        ("s1-b", "so-yt", "Tổ chức các"),
        ("s2-a-so-tttt", "so-tttt", "Tuyên truyền các"),
        ("s2-a-dai-ptth", "dai-ptth", "Tuyên truyền các"),
    ]


def test_a_name_heading_joined_to_the_line_below_is_split_again() -> None:
    body = (
        "3. Sở Tài chính\n"
        "Tham mưu UBND tỉnh bố trí kinh phí phòng, chống dịch năm 2025.\n"
        "\n"
        "4. Sở Thông tin và Truyền thông, Báo Kon Tum\n"
        "Thường xuyên đăng tải tin, bài tuyên truyền.\n"
    )
    assert rows(body) == [
        ("s3", "so-tc", "Tham mưu UBND"),
        ("s4-so-tttt", "so-tttt", "Thường xuyên đăng"),
        ("s4-o2", "Báo Kon Tum", "Thường xuyên đăng"),
    ]
    assert (tasks(body)[0].first, tasks(body)[0].last) == (8, 8)


def test_a_heading_that_runs_into_a_verb_is_not_a_name() -> None:
    body = "1. Sở Xyz chủ trì xây dựng kế hoạch\nTrình UBND tỉnh trước ngày 10/6/2025.\n"
    assert [t.lead.value for t in tasks(body)] == ["Sở Xyz"]


def test_a_closing_sentence_does_not_replace_the_last_section() -> None:
    body = (
        "4. Giao Sở Kế hoạch và Đầu tư tổng hợp báo cáo, trình UBND tỉnh trước ngày 09/5/2025.\n"
        "\n"
        "Đây là nhiệm vụ quan trọng, đề nghị Thủ trưởng các cơ quan, đơn vị quan tâm chỉ đạo "
        "thực hiện nghiêm túc, đúng thời hạn./.\n"
        "\n"
        "Nhận được văn bản này, đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện./.\n"
    )
    assert rows(body) == [("s4", "so-khdt", "Giao Sở Kế")]


def test_a_running_page_header_is_not_a_task() -> None:
    head = "Số: 1530/UBND-KGVX\nKon Tum, ngày 12 tháng 5 năm 2025\nV/v thử\n\n"
    body = (
        "5. UBND cấp huyện nắm bắt tình hình người lao động, báo cáo trước ngày 30/5/2025.\n"
        "UBND TỈNH KON TUM - Công văn số 1530/UBND-KGVX\n"
        "Trang 3/3\n"
        "6. Giao Sở Y tế tổng hợp số liệu trước ngày 05/6/2025.\n"
    )
    assert [(t.ident, t.title.split()[0]) for t in tasks(body, head)] == [
        ("s5", "UBND"),
        ("s6", "Giao"),
    ]


def test_a_section_that_is_a_whole_task_keeps_it_beside_the_paragraph_below() -> None:
    body = (
        "4. Giao Sở Kế hoạch và Đầu tư tổng hợp báo cáo, trình UBND tỉnh trước ngày 09/5/2025.\n"
        "\n"
        "Sở Tài chính bố trí kinh phí cho việc tổng hợp trước ngày 20/5/2025.\n"
    )
    assert rows(body) == [("s4", "so-khdt", "Giao Sở Kế"), ("s4-2", "so-tc", "Sở Tài chính")]


LETTER = (
    "Số: 1125/UBND-KTTH\nV/v đôn đốc\nKon Tum, ngày 14 tháng 4 năm 2025\n\n"
    "Kính gửi:\n- Sở Xây dựng;\n- Sở Công Thương.\n\n"
)


def test_an_earlier_letter_that_gave_a_task_is_history() -> None:
    body = (
        "Thực hiện Công văn số 456/BKHĐT-TH ngày 20/01/2025 của Bộ Kế hoạch và Đầu tư, UBND "
        "tỉnh đã có Công văn số 800/UBND-KTTH ngày 10/02/2025 giao các cơ quan, đơn vị xây dựng "
        "báo cáo, gửi Sở Kế hoạch và Đầu tư trước ngày 15/3/2025. Tuy nhiên, đến nay vẫn còn "
        "một số cơ quan chưa gửi báo cáo.\n\n"
        "1. Sở Xây dựng hoàn thiện báo cáo trước ngày 25/4/2025.\n"
    )
    found = tasks(body, LETTER)
    assert [(t.ident, t.lead.value) for t in found] == [("s1", "so-xd")]
    # the letter that gave the task (800), not the ministry's letter it carried out (456)
    assert found[0].notes == [
        "re-deadlines the task given by Công văn số 800/UBND-KTTH ngày 10/02/2025"
    ]


def test_the_attendance_list_gives_nobody_a_task() -> None:
    body = (
        "Ngày 28/02/2025, Chủ tịch UBND tỉnh chủ trì cuộc họp về đầu tư công. Tham dự cuộc họp "
        "có lãnh đạo các sở: Kế hoạch và Đầu tư, Tài chính; Kho bạc Nhà nước tỉnh; lãnh đạo "
        "UBND các huyện, thành phố và các chủ đầu tư.\n\n"
        "1. Giao Sở Tài chính thẩm tra quyết toán trước ngày 15/3/2025.\n"
    )
    assert rows(body) == [("s1", "so-tc", "Giao Sở Tài")]


def test_a_word_spelt_like_a_head_but_not_one_is_no_owner() -> None:
    body = (
        "1. Giao Sở Nội vụ:\n"
        "- Số hóa hồ sơ thủ tục hành chính, hoàn thành trong tháng 6/2025.\n"
        "- Sở hữu trí tuệ: tham mưu ban hành quy chế trước ngày 30/6/2025.\n"
    )
    assert [t.lead.value for t in tasks(body)] == ["so-nv", "so-nv"]


def test_an_owner_with_a_remark_in_brackets_or_a_role_clause() -> None:
    body = (
        "1. Sở Nông nghiệp và PTNT (Cơ quan thường trực Ban Chỉ huy):\n"
        "- Kiểm tra an toàn các hồ chứa nước trước ngày 02/9/2025.\n"
        "2. Công an tỉnh là cơ quan thường trực, chủ trì theo dõi, đôn đốc các cơ quan triển "
        "khai Kế hoạch trong quý III/2025.\n"
    )
    assert [t.lead.value for t in tasks(body)] == ["so-nnptnt", "ca-tinh"]


def test_each_row_of_a_task_table_is_one_assignment() -> None:
    body = (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
        "1 | Rà soát, chuẩn hóa dữ liệu dân cư | Công an tỉnh | UBND các huyện, thành phố"
        " | Quý II/2025\n"
        "2 | Tích hợp dịch vụ công trực tuyến | Văn phòng UBND tỉnh | Các sở, ban, ngành"
        " | Tháng 6/2025\n"
        "3 | Bố trí kinh phí thực hiện Đề án | Sở Tài chính | | Trước ngày 15/5/2025\n"
    )
    found = tasks(body)
    assert [(t.ident, t.lead.value, t.title, t.first) for t in found] == [
        ("sii-1", "ca-tinh", "Rà soát, chuẩn hóa dữ liệu dân cư.", 9),
        ("sii-2", "vp-ubnd", "Tích hợp dịch vụ công trực tuyến.", 10),
        ("sii-3", "so-tc", "Bố trí kinh phí thực hiện Đề án.", 11),
    ]
    assert [c.value for c in found[0].coordinators] == ["huyen-thanh-pho"]
    dues = [t.due.due for t in found]
    assert [d.get("quarter") or d.get("month") or d.get("date") for d in dues] == [
        "2025-Q2",
        "2025-06",
        date(2025, 5, 15),
    ]
