"""The classes of misses found by drafting real notices (the fresh5 split holds one notice
for each, in the project's own words): a legal library's tabled header, a decision's
closing article, a portal's citation without 'số', history told by 'Tuy nhiên, đến nay
... chưa', a relative 'đã giao', generic words inside an owner list, a report's period and
the sentence that says when it is sent, a report only when needed, 'Căn cứ nội dung trên,
... triển khai thực hiện', a company's request, 'Đối với X cần ...' and a recurring
consolidation after a semicolon."""

from __future__ import annotations

from datetime import date

from directive_flow.draft import draft_notice
from directive_flow.draft.document import Task

HEAD = "Số: 88/UBND-KT\nLào Cai, ngày 02 tháng 6 năm 2025\n\nCÔNG VĂN\nVề việc rà soát\n\n"
DECISION = (
    "Số: 501/QĐ-UBND\nNam Định, ngày 03 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\nBan hành kế hoạch\n\n"
    "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số.\n"
    "Điều 2. Giao Sở Khoa học và Công nghệ chủ trì hướng dẫn triển khai Kế hoạch.\n"
)


def drafted(text: str) -> list[Task]:
    return draft_notice(text, source_name="n.txt").tasks


def header(text: str) -> tuple[object, object]:
    data = draft_notice(text, source_name="n.txt").data["header"]
    return data["number"].value, data["issued"].value


def owners(task: Task) -> list[str | None]:
    return [task.lead.code or task.lead.value]


def leads(text: str) -> list[str | None]:
    return [t.lead.code or t.lead.value for t in drafted(text)]


# a legal library's tabled header


def test_a_number_under_its_label_and_a_date_broken_after_the_place() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n|\n"
        "Số:\n1875/QĐ-UBND\n|\nPhú Thọ, ngày\n14 tháng 8 năm 2025\n|\nQUYẾT ĐỊNH\nVỀ VIỆC X\n"
    )
    assert header(text) == ("1875/QĐ-UBND", date(2025, 8, 14))


def test_a_number_with_its_year_and_a_date_in_a_cell_of_a_row() -> None:
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 42/2024/QĐ-UBND | Sơn La, ngày 09 tháng 10 năm 2024 |\nQUYẾT ĐỊNH\nVỀ VIỆC X\n"
    )
    assert header(text) == ("42/2024/QĐ-UBND", date(2024, 10, 9))


def test_a_hyphenated_place_before_the_date() -> None:
    text = "Số: 17/2026/CT-UBND\n\nPhan Rang-Tháp Chàm, ngày 12 tháng 1 năm 2026\n\nCHỈ THỊ\nVề X\n"
    assert header(text) == ("17/2026/CT-UBND", date(2026, 1, 12))


# a decision's closing article


def test_the_closing_article_with_titles_and_semicolons_gives_no_task() -> None:
    closing = (
        "Điều 3. Chánh Văn phòng UBND tỉnh; Giám đốc các sở: Khoa học và Công nghệ, Nội vụ, "
        "Tài chính; Tổng biên tập Báo Nam Định; Chủ tịch UBND các xã, phường và các cơ quan, "
        "đơn vị có liên quan có trách nhiệm thi hành Quyết định này./.\n"
    )
    assert leads(DECISION + closing) == ["so-khcn"]


def test_the_closing_article_that_says_căn_cứ_quyết_định_thi_hành() -> None:
    closing = (
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở, ban, ngành, đoàn thể có liên "
        "quan; Chủ tịch UBND các huyện, thành phố căn cứ Quyết định thi hành.\n"
    )
    assert leads(DECISION + closing) == ["so-khcn"]


# a portal's citation


def test_a_citation_without_số_on_a_line_of_its_own() -> None:
    body = "UBND tỉnh có ý kiến như sau:\n\nGiao Sở Xây dựng rà soát hồ sơ, hoàn thành trước ngày 20/5/2025.\n\n"
    for line in (
        "(Theo Công văn 1418/UBND-KT ngày 06/5/2025)",
        "Theo Công văn 1418/UBND-KT ngày 06/5/2025",
    ):
        assert header(body + line + "\n") == ("1418/UBND-KT", date(2025, 5, 6))


def test_a_document_cited_as_grounds_in_prose_is_not_the_one_issued() -> None:
    body = "Theo Công văn 12/BXD-QLN ngày 02/01/2023 của Bộ Xây dựng, Sở Xây dựng rà soát hồ sơ.\n"
    assert header(body) == (None, None)


# history told by 'Tuy nhiên, đến nay ... chưa'


REMINDER = (
    "Đôn đốc báo cáo\n\n"
    "Ngày 12/3/2025, Văn phòng UBND tỉnh ban hành Văn bản số 310/VP-KT, giao Sở Xây dựng "
    "rà soát kiến nghị của cử tri; báo cáo UBND tỉnh trong 20 ngày làm việc.\n\n"
    "Tuy nhiên, đến nay Sở Xây dựng vẫn chưa có báo cáo.\n\n"
    "Ngày 05/8/2025, Văn phòng UBND tỉnh ban hành Công văn số 1120/VP-KT đề nghị Sở Xây dựng "
    "khẩn trương hoàn thành báo cáo, gửi UBND tỉnh trước ngày 20/8/2025.\n"
)


def test_the_assignment_a_later_paragraph_says_was_not_done_is_history() -> None:
    [task] = drafted(REMINDER)
    assert task.due.due is not None
    assert task.due.due["date"] == date(2025, 8, 20)
    assert any("310/VP-KT" in note for note in task.notes)
    assert header(REMINDER) == ("1120/VP-KT", date(2025, 8, 5))


def test_without_the_late_paragraph_the_first_document_is_the_one_issued() -> None:
    text = REMINDER.replace("Tuy nhiên, đến nay Sở Xây dựng vẫn chưa có báo cáo.\n\n", "")
    assert header(text)[0] == "310/VP-KT"


# a relative 'đã giao'


def test_the_tasks_the_province_has_given_are_not_history() -> None:
    text = (
        "Chủ tịch UBND tỉnh đề nghị thủ trưởng các sở, ban, ngành kiểm điểm những việc UBND "
        "tỉnh đã giao theo thời hạn, gửi kết quả trước ngày 20.8.2025.\n"
    )
    assert leads(HEAD + text) == ["cac-so-ban-nganh"]


def test_the_province_has_given_a_department_a_task_is_still_history() -> None:
    text = "UBND tỉnh đã giao Sở Y tế xây dựng đề án. Đề nghị Sở Y tế trình trước ngày 30/6/2025.\n"
    [task] = drafted(HEAD + text)
    assert task.lead.code == "so-yt"
    assert task.title.startswith("Đề nghị")


# generic words inside an owner list


def test_the_groups_on_both_sides_of_generic_words_are_owners() -> None:
    for text in (
        "UBND tỉnh yêu cầu các sở, ban, ngành, các hội, đoàn thể, đơn vị lực lượng vũ trang cấp "
        "tỉnh và UBND các xã, phường cập nhật số liệu trước ngày 30/6/2025.\n",
        "UBND tỉnh giao các sở, ban, ngành, đoàn thể, đơn vị cấp tỉnh và UBND các xã, phường "
        "cập nhật số liệu trước ngày 30/6/2025.\n",
    ):
        assert set(leads(HEAD + text)) == {"cac-so-ban-nganh", "xa-phuong"}


# a report's period, and when it is sent


PERIOD = (
    "UBND tỉnh yêu cầu các sở, ban, ngành rà soát, báo cáo kết quả thực hiện của đơn vị từ "
    "ngày 01/01/2025 đến ngày 31/5/2025.\n\n"
)


def test_the_period_a_report_covers_is_not_its_deadline() -> None:
    [task] = drafted(HEAD + PERIOD)
    assert task.due.due is None


def test_the_sentence_that_sends_the_report_gives_its_date_to_the_owners_above() -> None:
    text = (
        HEAD
        + PERIOD
        + "Báo cáo gửi về UBND tỉnh (qua Sở Nội vụ) chậm nhất 16h00' ngày 10/6/2025.\n"
    )
    [task, *rest] = drafted(text)
    assert task.lead.code == "cac-so-ban-nganh"
    assert task.due.due is not None
    assert task.due.due["date"] == date(2025, 6, 10)
    assert [t.lead.code for t in rest] == ["so-nv"]  # the recipient consolidates


def test_a_campaign_from_one_day_to_another_is_still_due_on_its_last_day() -> None:
    text = "Từ ngày 01/6/2025 đến ngày 30/6/2025, Công an tỉnh tổ chức đợt cao điểm kiểm tra.\n"
    [task] = drafted(HEAD + text)
    assert task.due.due is not None
    assert task.due.due["date"] == date(2025, 6, 30)


# a report only when needed


def test_a_report_only_when_needed_has_no_consolidation() -> None:
    text = (
        "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh vận động hội viên tham gia, báo cáo UBND "
        "tỉnh (qua Sở Nội vụ) nếu cần hỗ trợ.\n"
    )
    assert leads(HEAD + text) == ["ubmttq"]


def test_a_report_through_a_department_still_has_one() -> None:
    text = "Đề nghị Sở Y tế rà soát, báo cáo UBND tỉnh (qua Sở Nội vụ) trước ngày 30/6/2025.\n"
    assert leads(HEAD + text) == ["so-yt", "so-nv"]


# closing sentences, requests told, 'Đối với X cần ...', recurring consolidations


def test_căn_cứ_nội_dung_trên_triển_khai_thực_hiện_is_a_closing() -> None:
    text = (
        "Giao Sở Kế hoạch và Đầu tư góp ý dự thảo, gửi Bộ trước ngày 15/10/2025. Căn cứ ý kiến "
        "trên, Giám đốc Sở Kế hoạch và Đầu tư tổ chức thực hiện.\n"
    )
    assert leads(HEAD + text) == ["so-khdt"]


def test_a_company_s_request_is_what_it_did() -> None:
    text = (
        "Công ty TNHH Khoáng sản Bình Minh có tờ trình về việc xin gia hạn giấy phép khai thác\n\n"
        "Giao Sở Công Thương rà soát, đề xuất trước ngày 10/3/2025.\n"
    )
    assert leads(HEAD + text) == ["so-ct"]


def test_a_company_asked_to_send_a_letter_by_a_date_is_given_a_task() -> None:
    text = "Công ty TNHH Khoáng sản Bình Minh có văn bản báo cáo UBND tỉnh trước ngày 10/3/2025.\n"
    assert leads(HEAD + text) == ["Công ty TNHH Khoáng sản Bình Minh"]


def test_đối_với_names_the_owner_when_an_owner_follows() -> None:
    text = (
        "Giao Sở Tài chính thẩm định phương án trước ngày 15/10/2025. Đối với UBND các xã, "
        "phường cần xây dựng kế hoạch triển khai.\n"
    )
    assert leads(HEAD + text) == ["so-tc", "xa-phuong"]


def test_đối_với_a_subject_then_the_owner() -> None:
    text = "Đối với các dự án chậm tiến độ, Sở Xây dựng kiểm tra, báo cáo trước ngày 15/10/2025.\n"
    assert leads(HEAD + text) == ["so-xd"]


def test_a_recurring_consolidation_after_a_semicolon_is_a_task_of_its_own() -> None:
    text = (
        "Giao Sở Công Thương hướng dẫn, kiểm tra việc thực hiện Kế hoạch; định kỳ hằng năm tổng "
        "hợp, báo cáo UBND tỉnh.\n"
    )
    first, second = drafted(HEAD + text)
    assert first.due.recurrence is None
    assert second.due.recurrence is not None
    assert second.due.recurrence["every"] == "year"


def test_the_same_task_s_recurring_report_stays_with_it() -> None:
    text = (
        "Giao Sở Y tế rà soát thời gian chờ của người bệnh; định kỳ hằng quý báo cáo kết quả về "
        "UBND tỉnh.\n"
    )
    [task] = drafted(HEAD + text)
    assert task.due.recurrence is not None
    assert task.due.recurrence["every"] == "quarter"


def test_a_name_wrapped_before_its_dash_is_not_a_bullet() -> None:
    text = DECISION + (
        "Điều 3. Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: Lao động\n"
        "- Thương binh và Xã hội, Nội vụ, Tài chính; Chủ tịch UBND các huyện, thị\n"
        "xã, thành phố chịu trách nhiệm thi hành Quyết định này.\n"
    )
    assert leads(text) == ["so-khcn"]


def test_a_bullet_after_a_line_without_a_stop_stays_a_bullet() -> None:
    text = HEAD + "Giao Sở Y tế thực hiện các nội dung sau\n- Rà soát cơ sở dịch vụ.\n- Kiểm tra.\n"
    assert [t.title for t in drafted(text)][-2:] == ["Rà soát cơ sở dịch vụ.", "Kiểm tra."]


def test_an_owner_list_cut_by_semicolons_whose_first_owners_are_unknown() -> None:
    text = (
        "Chủ tịch UBND tỉnh yêu cầu các thành viên Ban chỉ đạo phòng, chống dịch bệnh các cấp; "
        "Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các xã, phường triển khai quyết liệt "
        "các biện pháp diệt lăng quăng.\n"
    )
    [first, second] = drafted(HEAD + text)
    assert {first.lead.code, second.lead.code} == {"cac-so-ban-nganh", "xa-phuong"}
    assert first.title.startswith("Chủ tịch UBND tỉnh yêu cầu")


def test_a_forest_ranger_office_is_one_name() -> None:
    text = "Giao Chi cục Kiểm lâm tỉnh kiểm tra các khu rừng trước ngày 30/6/2025.\n"
    assert leads(HEAD + text) == ["Chi cục Kiểm lâm tỉnh"]


def test_a_yearly_piece_keeps_its_recurrence_and_vào_tháng_is_a_month() -> None:
    text = (
        "Giao Sở Y tế xây dựng kế hoạch để triển khai hàng năm; báo cáo UBND tỉnh trước ngày "
        "15 tháng 12 hàng năm; tổ chức tổng kết vào tháng 11 năm 2030.\n"
    )
    first, second, third = drafted(HEAD + text)
    assert first.due.recurrence is not None
    assert second.due.recurrence is not None
    assert third.due.due == {"month": "2030-11", "as_written": "vào tháng 11 năm 2030"}


def test_without_an_issue_date_a_yearly_piece_borrows_no_month() -> None:
    text = (
        "Giao Sở Y tế xây dựng kế hoạch để triển khai hàng năm; tổ chức tổng kết vào tháng 11 "
        "năm 2030.\n"
    )
    first, second = drafted(text)
    assert first.due.due is None
    assert second.due.due == {"month": "2030-11", "as_written": "vào tháng 11 năm 2030"}


def test_monitoring_how_a_decision_is_carried_out_is_a_task_not_its_closing_article() -> None:
    for watch in ["theo dõi, kiểm tra việc", "đôn đốc, báo cáo kết quả", "hướng dẫn, giám sát"]:
        text = (
            f"{DECISION}Điều 3. Giao Sở Tư pháp {watch} thi hành Quyết định này, báo cáo UBND "
            "tỉnh trước ngày 15/12/2025.\n"
        )
        assert leads(text) == ["so-khcn", "so-tp"], watch
    closing = f"{DECISION}Điều 3. Các sở, ngành và cá nhân có liên quan thi hành Quyết định này.\n"
    assert leads(closing) == ["so-khcn"]


def test_căn_cứ_ý_kiến_trên_before_a_task_of_its_own_keeps_that_task() -> None:
    # '... và triển khai thực hiện', '... để tổ chức thực hiện' end a task, not a closing
    # formula: the sentence (its text, its deadline) must not vanish from the draft.
    first = "Giao Sở Nội vụ rà soát biên chế trước ngày 30/6/2025. "
    for sentence, due in [
        (
            "Căn cứ nội dung trên, Sở Y tế rà soát danh mục thuốc trước ngày 30/7/2025 và triển "
            "khai thực hiện.",
            date(2025, 7, 30),
        ),
        (
            "Căn cứ ý kiến trên, Sở Tài chính xây dựng phương án hỗ trợ, trình UBND tỉnh trước "
            "ngày 20/7/2025 để tổ chức thực hiện.",
            date(2025, 7, 20),
        ),
    ]:
        tasks = drafted(f"{HEAD}{first}{sentence}\n")
        assert [t.title for t in tasks] == [first.strip(), sentence]
        assert tasks[1].due.due["date"] == due
    closing = "Căn cứ nội dung trên, các sở, ban, ngành, địa phương triển khai thực hiện."
    assert [t.title for t in drafted(f"{HEAD}{first}{closing}\n")] == [first.strip()]


def test_the_owner_after_căn_cứ_ý_kiến_trên_is_that_sentence_s_owner() -> None:
    first = "Giao Sở Nội vụ rà soát biên chế trước ngày 30/6/2025. "
    sentence = (
        "Căn cứ nội dung trên, Sở Y tế rà soát danh mục thuốc trước ngày 30/7/2025 và triển "
        "khai thực hiện."
    )
    assert leads(f"{HEAD}{first}{sentence}\n") == ["so-nv", "so-yt"]
