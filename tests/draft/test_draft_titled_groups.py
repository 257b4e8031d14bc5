"""The classes of owner misses found by the fresh4 split: a title before each group of a list
('Giám đốc các sở, Thủ trưởng các ban, ngành thuộc tỉnh' is the departments' group), the
political and social organisations and the province's construction project board as
built-in names, and a company's name with words in lower case ('Công ty Cổ phần Tư vấn
xây dựng Hưng Yên'), in lists cut by ';' and 'và'."""

from __future__ import annotations

from directive_flow.draft import draft_notice
from directive_flow.draft.document import Task
from directive_flow.draft.lexicon import builtin_registry
from directive_flow.draft.owners import Owners
from directive_flow.draft.resolve import Resolver

HEAD = "Số: 21/CT-UBND\nBắc Ninh, ngày 01 tháng 12 năm 2026\n\nCHỈ THỊ\nVề kỷ cương\n\n"


def tasks(text: str) -> list[Task]:
    return draft_notice(HEAD + text, source_name="n.txt").tasks


def names(text: str) -> list[str]:
    owners = Owners(Resolver(builtin_registry()))
    return [n.value for n in owners.name_list(text)]


def test_a_title_before_each_group_names_the_departments_group() -> None:
    text = (
        "1. Yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành thuộc tỉnh, Chủ tịch UBND các"
        " xã, phường:\na) Rà soát quy chế làm việc, hoàn thành trước ngày 31/12/2026.\n"
    )
    assert [t.lead.value for t in tasks(text)] == ["cac-so-ban-nganh", "xa-phuong"]


def test_a_title_before_a_name_it_does_not_know_is_kept_as_before() -> None:
    assert names("Giám đốc các sở, Chủ tịch UBND các xã, phường") == ["các sở", "xa-phuong"]


def test_the_political_and_social_organisations_are_a_group() -> None:
    text = (
        "6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội"
        " tỉnh tăng cường giám sát việc thực thi công vụ.\n"
    )
    assert [t.lead.value for t in tasks(text)] == ["ubmttq", "doan-the-tinh"]


def test_a_company_name_keeps_its_words_in_lower_case_in_a_list() -> None:
    text = (
        "2. Sở Xây dựng; Ban Quản lý dự án đầu tư xây dựng tỉnh và Công ty Cổ phần Tư vấn xây"
        " dựng Hưng Yên khẩn trương hoàn thiện hồ sơ thiết kế, trình thẩm định trong tháng"
        " 12/2026.\n"
    )
    found = tasks(text)
    assert [t.lead.value for t in found] == [
        "so-xd",
        "bqlda-dtxd",
        "Công ty Cổ phần Tư vấn xây dựng Hưng Yên",
    ]


def test_a_company_name_still_ends_at_its_task() -> None:
    (task,) = tasks("3. Công ty Điện lực Khánh Hòa kiểm tra, bảo đảm an toàn lưới điện.\n")
    assert task.lead.value == "Công ty Điện lực Khánh Hòa"
    (task,) = tasks("3. Công ty Cổ phần Cấp nước kiểm tra đường ống tại Hưng Yên.\n")
    assert task.lead.value == "Công ty Cổ phần Cấp nước"
    (task,) = tasks("3. Công ty Cổ phần Cấp nước kiểm tra tại Hưng Yên các đường ống.\n")
    assert task.lead.value == "Công ty Cổ phần Cấp nước"


def test_coordinators_cut_by_semicolons_are_no_owners() -> None:
    text = (
        "3. Sở Tài chính chủ trì, phối hợp với Kho bạc Nhà nước khu vực IV; Sở Xây dựng và"
        " các chủ đầu tư bố trí đủ vốn trước ngày 25/12/2026.\n"
    )
    assert [t.lead.value for t in tasks(text)] == ["so-tc"]
