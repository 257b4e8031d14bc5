"""Assignments in running prose: clauses, owners after assignment verbs, letters, reminders."""

from __future__ import annotations

from datetime import date

import pytest

from directive_flow.draft import draft_notice
from directive_flow.draft.clauses import ClauseReader
from directive_flow.draft.document import Name, Task
from directive_flow.draft.lexicon import builtin_registry
from directive_flow.draft.owners import Owners
from directive_flow.draft.resolve import Resolver

LETTER = "Số: 12/UBND-KT\nGia Lai, ngày 05 tháng 10 năm 2022\nV/v thử\n\n"


@pytest.fixture(scope="module")
def builtin() -> Owners:
    """Owner reading against the built-in list (no registry)."""
    return Owners(Resolver(builtin_registry()))


def _values(names: list[Name]) -> list[str]:
    return [n.value for n in names]


def tasks(body: str, head: str = LETTER) -> list[Task]:
    """The tasks drafted, without a registry, from a letter with this body."""
    return draft_notice(head + body, source_name="n.txt").tasks


def summary(body: str, head: str = LETTER) -> list[tuple[str, object]]:
    """(lead, due date or form) of every task."""
    out = []
    for task in tasks(body, head):
        due = task.due.due if isinstance(task.due.due, dict) else {}
        out.append((task.lead.value, due.get("date") or due.get("month") or due.get("standing")))
    return out


def test_two_assignments_in_one_paragraph() -> None:
    body = (
        "Theo đó, UBND tỉnh giao Sở Giao thông vận tải chủ trì, phối hợp với UBND các huyện "
        "kiểm tra các tuyến đường trước ngày 20/10/2022. Giao Sở Tài chính bố trí kinh phí, "
        "trình UBND tỉnh trước ngày 15/10/2022.\n"
    )
    assert summary(body) == [("so-gtvt", date(2022, 10, 20)), ("so-tc", date(2022, 10, 15))]


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        (
            "UBND tỉnh đề nghị Sở Y tế chủ trì, phối hợp với các đơn vị liên quan, làm việc.",
            ["so-yt"],
        ),
        (
            "Chủ tịch UBND tỉnh yêu cầu giám đốc các sở, ngành và chủ tịch UBND các huyện "
            "khẩn trương kiểm tra.",
            ["cac-so-ban-nganh", "huyen-thanh-pho"],
        ),
        ("Giám đốc các Sở: Tư pháp, Nội vụ rà soát hồ sơ.", ["so-tp", "so-nv"]),
        ("Chủ tịch UBND các huyện, thị xã khẩn trương thực hiện.", ["huyen-thanh-pho"]),
        ("Thủ trưởng các sở, ban ngành tăng cường kiểm tra.", ["cac-so-ban-nganh"]),
        (
            "Sở Công Thương và UBND, Ban Chỉ đạo 389 các huyện, thị xã kiểm tra thị trường.",
            ["so-ct", "huyen-thanh-pho", "Ban Chỉ đạo 389 các huyện, thị xã"],
        ),
        (
            "Sở Nông nghiệp và PTNT; Bộ Chỉ huy Bộ đội Biên phòng tỉnh kiểm soát tàu cá.",
            ["so-nnptnt", "bdbp-tinh"],
        ),
        ("Công văn cũng đề nghị UBND các huyện ven biển bố trí lực lượng.", ["huyen-thanh-pho"]),
        (
            "UBND thành phố Đà Lạt, thành phố Bảo Lộc chỉ đạo các phòng chuyên môn.",
            ["UBND thành phố Đà Lạt", "UBND thành phố Bảo Lộc"],
        ),
        (
            "Chủ tịch UBND các huyện: Ninh Sơn, Bác Ái chỉ đạo.",
            ["UBND huyện Ninh Sơn", "UBND huyện Bác Ái"],
        ),
        (
            "Phòng Kinh tế và Hạ tầng phối hợp với Công an huyện bố trí.",
            ["Phòng Kinh tế và Hạ tầng"],
        ),
        ("UBND huyện Lâm Hà tổ chức di dời.", ["UBND huyện Lâm Hà"]),
        ("Sở NN&PTNT chỉ đạo Chi cục Kiểm lâm rà soát.", ["so-nnptnt"]),
    ],
)
def test_owners_of_a_sentence(builtin: Owners, text: str, owners: list[str]) -> None:
    (clause,) = ClauseReader(builtin).split(text, inherited=False)
    assert _values(clause.leads) == owners


def test_the_issuer_reporting_gives_nobody_a_task(builtin: Owners) -> None:
    (clause,) = ClauseReader(builtin).split(
        "UBND tỉnh vừa ban hành công văn chỉ đạo tăng cường bảo đảm an ninh.", inherited=False
    )
    assert clause.leads == []


def test_an_owner_list_cut_by_a_semicolon_is_one_assignment(builtin: Owners) -> None:
    text = (
        "Thủ trưởng các sở, ban, ngành là chủ đầu tư; Chủ tịch UBND các huyện, thị xã, thành phố "
        "tập trung giải ngân trước ngày 30/9/2023."
    )
    (clause,) = ClauseReader(builtin).split(text, inherited=False)
    assert (_values(clause.leads), clause.text) == (["cac-so-ban-nganh", "huyen-thanh-pho"], text)


def test_coordinators_listed_across_a_semicolon(builtin: Owners) -> None:
    text = "Giao Sở Xây dựng chủ trì, phối hợp với Sở Tư pháp; UBND các huyện rà soát công trình."
    (clause,) = ClauseReader(builtin).split(text, inherited=False)
    assert (_values(clause.leads), _values(clause.coordinators)) == (
        ["so-xd"],
        ["so-tp", "huyen-thanh-pho"],
    )


def test_a_responsibility_clause_is_not_a_task_but_names_its_owner() -> None:
    body = (
        "Chủ tịch UBND các huyện chịu trách nhiệm trước Chủ tịch UBND tỉnh về vi phạm trên "
        "địa bàn; chỉ đạo xử lý dứt điểm các công trình vi phạm.\n"
    )
    (task,) = tasks(body)
    assert (task.lead.value, task.title.endswith("các công trình vi phạm.")) == (
        "huyen-thanh-pho",
        True,
    )


def test_each_deadline_its_own_task_and_a_shared_one_for_both() -> None:
    own = "Giao Sở Xây dựng nạo vét cống trước ngày 31/10/2022; lập phương án trước ngày 10/11/2022.\n"
    assert summary(own) == [("so-xd", date(2022, 10, 31)), ("so-xd", date(2022, 11, 10))]
    shared = "Sở Tài chính chuẩn bị báo cáo thu chi; Sở Nội vụ chuẩn bị báo cáo bộ máy, gửi trước ngày 19/10/2022.\n"
    assert summary(shared) == [("so-tc", date(2022, 10, 19)), ("so-nv", date(2022, 10, 19))]


def test_dong_thoi_gives_the_same_owner_another_task() -> None:
    body = "Sở Y tế cử cán bộ trước ngày 15/10/2022; đồng thời xây dựng phương án bảo đảm y tế.\n"
    assert summary(body) == [("so-yt", date(2022, 10, 15)), ("so-yt", None)]


def test_quy_co_quan_in_a_letter_means_its_addressees() -> None:
    head = LETTER + "Kính gửi:\n- Sở Y tế;\n- Sở Xây dựng;\n- UBND huyện Chư Sê.\n\n"
    body = "Sở Kế hoạch và Đầu tư đề nghị quý cơ quan báo cáo kết quả trước ngày 10-11.\n"
    assert summary(body, head) == [
        ("so-yt", date(2022, 11, 10)),
        ("so-xd", date(2022, 11, 10)),
        ("UBND huyện Chư Sê", date(2022, 11, 10)),
    ]


def test_a_reminder_re_deadlines_the_earlier_task() -> None:
    body = (
        "Tại Thông báo số 98/TB-UBND ngày 12/4/2022, UBND tỉnh đã giao Sở Giao thông vận tải "
        "xây dựng Đề án, trình UBND tỉnh trước ngày 20/5/2022. Đến nay, Sở Giao thông vận tải "
        "chưa trình nội dung trên.\n"
        "Văn phòng UBND tỉnh đề nghị Sở Giao thông vận tải khẩn trương hoàn chỉnh Đề án, trình "
        "UBND tỉnh trước ngày 17/10/2022.\n"
    )
    (task,) = tasks(body)
    assert (task.lead.value, task.due.due["date"], task.notes) == (
        "so-gtvt",
        date(2022, 10, 17),
        ["re-deadlines the task given by Thông báo số 98/TB-UBND ngày 12/4/2022"],
    )


def test_inherited_owners_are_not_replaced_inside_a_bullet() -> None:
    body = "1. Giao Sở Nội vụ:\n- Rà soát và đề nghị các sở, ngành cung cấp thông tin cán bộ.\n"
    assert summary(body) == [("so-nv", None)]


def test_an_abbreviated_city_does_not_end_a_sentence(builtin: Owners) -> None:
    text = "Giao UBND TP. Hồ Chí Minh rà soát các dự án, báo cáo trước ngày 30/11/2022."
    (clause,) = ClauseReader(builtin).split(text, inherited=False)
    assert clause.text == text
