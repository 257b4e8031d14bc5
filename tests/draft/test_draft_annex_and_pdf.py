"""The classes of misses found by the fresh4 split in how a notice is laid out: a decision's
tasks in an annex table after the signature ('PHỤ LỤC', 'TT | Nhiệm vụ | ... | Sản phẩm',
group rows 'I | CẢI CÁCH THỂ CHẾ'), a PDF copy whose words are hyphenated at line ends
('trư-' over 'ớc ngày ...'), and 'thông báo cho ...' inside a task (no closing formula)."""

from __future__ import annotations

from directive_flow.draft import draft_notice
from directive_flow.draft.document import Task
from directive_flow.draft.tables import untable
from directive_flow.draft.text import clean

HEAD = "Số: 1875/QĐ-UBND\nNinh Bình, ngày 25 tháng 11 năm 2026\n\nQUYẾT ĐỊNH\nBan hành\n\n"
SIGNED = "\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Văn An\n"
TABLE = (
    "TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian hoàn thành\n"
    "I | CẢI CÁCH THỂ CHẾ | | | |\n"
    "1 | Rà soát các quyết định quy phạm pháp luật | Sở Tư pháp | Các sở, ban, ngành"
    " | Báo cáo | Quý I/2027\n"
    "II | CẢI CÁCH THỦ TỤC HÀNH CHÍNH | | | |\n"
    "2 | Công bố danh mục thủ tục hành chính | Văn phòng UBND tỉnh | Sở Nội vụ"
    " | Quyết định | Trước 31/3/2027\n"
)


def tasks(text: str) -> list[Task]:
    return draft_notice(text, source_name="n.txt").tasks


def test_an_annex_table_after_the_signature_gives_the_decisions_tasks() -> None:
    body = "Điều 1. Ban hành Kế hoạch, với các nhiệm vụ tại Phụ lục kèm theo.\n"
    annex = "\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ NĂM 2027\n(Kèm theo Quyết định số 1875/QĐ-UBND)\n\n"
    draft = draft_notice(HEAD + body + SIGNED + annex + TABLE, source_name="n.txt")
    assert [t.lead.value for t in draft.tasks] == ["so-tp", "vp-ubnd"]
    assert draft.tasks[0].due.due["quarter"] == "2027-Q1"
    assert str(draft.tasks[1].due.due["date"]) == "2027-03-31"
    assert draft.tasks[0].section == "I.1"
    assert draft.data["header"]["signer"]["name"].value == "Trần Văn An"


def test_without_an_annex_heading_nothing_after_the_signature_is_read() -> None:
    body = "Điều 1. Giao Sở Tư pháp rà soát văn bản trước ngày 30/12/2026.\n"
    found = tasks(HEAD + body + SIGNED + "\n" + TABLE)
    assert [t.lead.value for t in found] == ["so-tp"]


def test_a_group_row_becomes_a_heading_and_a_task_row_an_item() -> None:
    lines = untable(clean(TABLE))
    assert [line.text for line in lines][:3] == [
        "I. CẢI CÁCH THỂ CHẾ",
        "1. Rà soát các quyết định quy phạm pháp luật.",
        "- Cơ quan chủ trì: Sở Tư pháp",
    ]


def test_a_row_with_a_number_and_one_cell_is_no_group_row() -> None:
    text = TABLE.replace("I | CẢI CÁCH THỂ CHẾ | | | |", "5 | Rà soát | | | |")
    assert "5 | Rà soát | | | |" in [line.text for line in untable(clean(text))]


def test_a_hyphenated_word_is_joined_back() -> None:
    text = "Sở Xây dựng hoàn thành phương án trư-\nớc ngày 20/12 và giao thô-\nng nông thôn."
    (line,) = clean(text)
    joined = "Sở Xây dựng hoàn thành phương án trước ngày 20/12 và giao thông nông thôn."
    assert line.text == joined
    assert line.breaks == ((joined.index("ớc ngày"), 2), (joined.index("ng nông"), 3))


def test_two_words_or_a_spaced_dash_are_not_one_hyphenated_word() -> None:
    (line,) = clean("phát triển kinh tế-\nxã hội trên tuyến Nội Bài -\nLào Cai.")
    assert line.text == "phát triển kinh tế- xã hội trên tuyến Nội Bài - Lào Cai."


def test_a_hyphen_before_a_capital_or_a_blank_line_is_kept() -> None:
    lines = [line.text for line in clean("Sở Lao động-\nThương binh và Xã hội.\n\nbáo-\n\ncáo")]
    assert lines[0] == "Sở Lao động- Thương binh và Xã hội."
    assert "báo-" in lines[1]


def test_the_hyphenated_deadline_of_a_pdf_copy_is_read() -> None:
    text = "1. Sở Xây dựng\n- Hoàn thành phương án vận tải trư-\nớc ngày 20/12/2026.\n"
    (task,) = tasks(HEAD + text)
    assert str(task.due.due["date"]) == "2026-12-20"


def test_thong_bao_cho_inside_a_task_is_no_closing_formula() -> None:
    text = (
        "1. Sở Giáo dục và Đào tạo quyết định cho học sinh nghỉ học, thông báo cho các"
        " trường trước 20 giờ 00 ngày 05/12/2026.\n"
        "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.\n"
        "Văn phòng UBND tỉnh thông báo cho các sở, ngành, địa phương thực hiện./.\n"
    )
    (task,) = tasks(HEAD + text)
    assert task.lead.value == "so-gddt"
    assert str(task.due.due["date"]) == "2026-12-05"


def test_a_pasted_annex_table_with_tabs_keeps_its_group_rows() -> None:
    body = "Điều 1. Ban hành.\n"
    table = (
        "STT\tNội dung công việc\tĐơn vị thực hiện\tĐơn vị phối hợp\tTiến độ\n"
        "I\tCẢI CÁCH THỂ CHẾ\t\t\t\n"
        "1\tRà soát văn bản\tSở Tư pháp\tCác sở\tQuý I/2027\n"
        "II\tTHỦ TỤC HÀNH CHÍNH\t\t\t\n"
        "2\tCông bố thủ tục\tSở Nội vụ\t\tTháng 5/2027\n"
    )
    found = tasks(HEAD + body + SIGNED + "\nPhụ lục II\n" + table)
    assert [(t.section, t.lead.value) for t in found] == [("I.1", "so-tp"), ("II.2", "so-nv")]
    assert found[1].due.due["month"] == "2027-05"


def test_two_tabbed_cells_are_no_table_row() -> None:
    (line,) = clean("I\tMỤC ĐÍCH, YÊU CẦU")
    assert line.text == "I MỤC ĐÍCH, YÊU CẦU"
