"""How a notice was pasted does not change its draft (NFD accents, CRLF, a BOM, a table
with tabs, a quarter broken onto its own line), and the classes of misses found by the
fresh3 split: 'Về ...:' lead-ins, a head's title before the agency, a company as owner, a
date lent across owners, a department's letter whose lead-in names the owners, and the
deadline forms 'tháng cuối quý', 'từ ngày ... đến ngày', 'trong tháng 01 và tháng 02',
'kể từ ngày kết thúc ...'."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directive_flow.draft import draft_notice
from directive_flow.draft.document import NOBODY, Task
from directive_flow.draft.text import decode

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted(
    p
    for p in (ROOT / "tests/fixtures/drafting").glob("*/*")
    if p.suffix == ".txt"  # the HTML pages carry their own encodings
)
HEAD = "Số: 21/TB-VP\nHà Tĩnh, ngày 08 tháng 01 năm 2027\n\nTHÔNG BÁO\nKết luận\n\n"
LETTER = (
    "Số: 3125/SNN-CCCNTY\nV/v tiêm phòng\nĐồng Nai, ngày 23 tháng 9 năm 2024\n\n"
    "Kính gửi: UBND các huyện, thành phố.\n\n"
)


def tasks(text: str) -> list[Task]:
    return draft_notice(text, source_name="n.txt").tasks


def leads(text: str) -> list[str | None]:
    return [t.lead.value for t in tasks(HEAD + text)]


def due_of(text: str) -> object:
    (task,) = tasks(HEAD + text)
    return task.due.recurrence or task.due.due


# -- how the text was pasted ------------------------------------------------------------


def _text(path: Path) -> str:
    return decode(path.read_bytes()).replace("\ufeff", "")


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_nfd_crlf_and_a_bom_draft_the_same_as_the_plain_text(path: Path) -> None:
    text = unicodedata.normalize("NFC", _text(path)).replace("\r\n", "\n")
    plain = draft_notice(text, source_name=path.name).yaml
    nfd = unicodedata.normalize("NFD", text)
    assert draft_notice(nfd, source_name=path.name).yaml == plain
    crlf = text.replace("\n", "\r\n").encode("utf-8-sig")
    assert draft_notice(crlf, source_name=path.name).yaml == plain


WORDS = st.sampled_from(
    [
        "Sở Y tế",
        "Đồng chí",
        "Giám đốc",
        "Về",
        "trước ngày 15/01/2027",
        "quý",
        "II/2027.",
        "Công ty",
        "tuyên truyền",
        ":",
        ";",
        "\t",
        "\t\t",
        "1.",
        "- ",
        "a)",
        "thành phố",
        "Thành lập",
        "đã",
        "ắ",
        "ư",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(WORDS, max_size=8).map(" ".join), max_size=8).map("\n".join))
def test_any_text_drafts_the_same_in_nfd_and_with_crlf(body: str) -> None:
    text = unicodedata.normalize("NFC", HEAD + body)
    plain = draft_notice(text, source_name="n.txt").yaml
    assert draft_notice(unicodedata.normalize("NFD", text), source_name="n.txt").yaml == plain
    assert draft_notice(text.replace("\n", "\r\n"), source_name="n.txt").yaml == plain


ROWS = [
    ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
    [
        "1",
        "Kiểm tra an toàn phòng cháy tại các chợ",
        "Công an tỉnh",
        "Sở Công Thương",
        "Trước ngày 15/01/2027",
    ],
    ["2", "Xây dựng phương án bảo vệ mục tiêu", "Bộ Chỉ huy Quân sự tỉnh", "", "Quý I/2027"],
]


def test_a_table_pasted_with_tabs_reads_as_one_pasted_with_bars() -> None:
    tabs = HEAD + "\n".join("\t".join(row) for row in ROWS) + "\n"
    bars = HEAD + "\n".join(" | ".join(row) for row in ROWS) + "\n"
    assert draft_notice(tabs, source_name="n.txt").tasks == tasks(bars)
    found = tasks(tabs)
    assert [(t.lead.value, t.due.due) for t in found] == [
        ("ca-tinh", {"date": date(2027, 1, 15), "as_written": "Trước ngày 15/01/2027"}),
        ("bchqs-tinh", {"quarter": "2027-Q1", "as_written": ": Quý I/2027"}),
    ]


def test_a_line_aligned_with_tabs_is_no_table() -> None:
    text = HEAD + "1. Sở Y tế tổ chức kiểm tra.\n\nNơi nhận:\t\tKT. CHÁNH VĂN PHÒNG\n- Lưu: VT.\n"
    assert [t.lead.value for t in tasks(text)] == ["so-yt"]


def test_a_quarter_broken_before_its_numeral_is_joined() -> None:
    found = tasks(HEAD + "1. Sở Y tế triển khai nền tảng trợ lý ảo trong quý\nII/2027.\n")
    assert [t.due.due["quarter"] for t in found if t.due.due] == ["2027-Q2"]


# -- owners -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "about", ["Về bảo đảm an ninh, trật tự: ", "Về kiến nghị của Công ty TNHH Phước Đông: "]
)
def test_a_lead_in_about_a_subject_does_not_hide_the_owner(about: str) -> None:
    plain = "Công an tỉnh chủ trì, phối hợp với Sở Y tế xây dựng phương án bảo vệ."
    assert leads(f"2. {about}{plain}\n") == leads(f"2. {plain}\n") == ["ca-tinh"]
    asked = "giao Sở Tài chính hướng dẫn nhà đầu tư hoàn thiện hồ sơ."
    assert leads(f"2. {about}{asked}\n") == ["so-tc"]


@pytest.mark.parametrize(
    "title", ["", "Đồng chí Giám đốc ", "Giám đốc ", "Phó Giám đốc ", "Đ/c Giám đốc "]
)
@pytest.mark.parametrize(
    ("agency", "code"),
    [("Sở Y tế", "so-yt"), ("Bảo hiểm xã hội tỉnh", "bhxh-tinh"), ("Công an tỉnh", "ca-tinh")],
)
def test_a_heads_title_before_the_agency_leaves_the_agency(
    title: str, agency: str, code: str
) -> None:
    text = f"2. {title}{agency} chỉ đạo các đơn vị lựa chọn nhà thầu trước ngày 28/02/2027.\n"
    assert leads(text) == [code]


def test_the_military_commander_s_title_is_dropped() -> None:
    text = (
        "4. Giám đốc Công an tỉnh, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh chỉ đạo lực lượng trực.\n"
    )
    assert leads(text) == ["ca-tinh", "bchqs-tinh"]


@pytest.mark.parametrize(
    "company",
    [
        "Công ty TNHH MTV Xổ số kiến thiết Thanh Hóa",
        "Công ty TNHH NN MTV Quản lý khai thác công trình thủy lợi tỉnh",
        "Công ty Cổ phần Cấp nước Ninh Thuận",
        "Tổng công ty Điện lực miền Nam",
    ],
)
@pytest.mark.parametrize("before", ["", "Giao ", "Giám đốc ", "Chủ tịch "])
def test_a_company_is_an_owner_kept_as_written(company: str, before: str) -> None:
    (task,) = tasks(HEAD + f"1. {before}{company} chịu trách nhiệm khắc phục các tồn tại.\n")
    assert (task.lead.value, task.lead.code) == (company, None)


def test_what_a_company_did_is_no_task() -> None:
    text = "1. Năm 2026, Công ty TNHH MTV Xổ số kiến thiết đã nộp ngân sách 312 tỷ đồng.\n"
    assert tasks(HEAD + text) == []


def test_a_tense_word_ends_an_unregistered_name() -> None:
    text = (
        "1. Năm 2026, phường hoàn thành 18/20 chỉ tiêu; Công an phường đã chủ động nắm tình hình.\n"
    )
    assert [t.lead.value for t in tasks(HEAD + text)] == []


def test_thanh_lap_is_no_city() -> None:
    text = "5. UBND các xã, phường\nThành lập Tổ công nghệ số cộng đồng trong tháng 4/2027.\n"
    assert leads(text) == ["xa-phuong"]


@pytest.mark.parametrize(
    ("text", "office"),
    [
        ("{} theo dõi, đôn đốc việc thực hiện.", "Văn phòng HĐND và UBND phường"),
        ("Giao {} chủ trì, phối hợp với Công an phường kiểm tra.", "Văn phòng HĐND và UBND phường"),
        (
            "Giao {} chủ trì, phối hợp với Công an phường kiểm tra.",
            "Phòng Kinh tế, Hạ tầng và Đô thị",
        ),
    ],
)
def test_an_office_name_with_va_or_a_comma_is_one_owner(text: str, office: str) -> None:
    assert leads(f"6. {text.format(office)}\n") == [office]


def test_a_department_s_letter_lends_its_addressees_to_the_items_below() -> None:
    text = LETTER + (
        "Sở Nông nghiệp và Phát triển nông thôn đề nghị UBND các huyện, thành phố chỉ đạo "
        "thực hiện một số nội dung sau:\n\n1. Rà soát tổng đàn gia súc trước ngày 05/10/2024.\n\n"
        "2. Tổ chức tiêm phòng, hoàn thành trong tháng 11/2024.\n\n"
        "3. Giao Chi cục Chăn nuôi và Thú y cung ứng đủ vắc xin.\n"
    )
    assert [t.lead.value for t in tasks(text)] == [
        "huyen-thanh-pho",
        "huyen-thanh-pho",
        "Chi cục Chăn nuôi và Thú y",
    ]


def test_a_lead_in_that_only_reports_lends_no_owner() -> None:
    text = LETTER + "Chủ tịch UBND tỉnh kết luận như sau:\n\n1. Rà soát tổng đàn gia súc.\n"
    assert [t.lead.value for t in tasks(text)] == [NOBODY.value]


# -- deadlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lent"),
    [
        # the same owner: always
        ("Sở Y tế rà soát X; đồng thời đề xuất Y, báo cáo trong tháng 3/2027.", True),
        # a wrap-up of its own closes the sentence for every owner
        ("Sở Tài chính rà soát X; Sở Nội vụ thẩm định Y; hoàn thành trước ngày 15/01/2027.", True),
        # another owner sending a document both prepare
        ("Sở Tài chính chuẩn bị báo cáo X; Sở Nội vụ chuẩn bị Y, gửi trước ngày 15/01/2027.", True),
        # another owner's own date
        ("Sở Xây dựng hướng dẫn X; Công an tỉnh thẩm duyệt Y trong tháng 02/2027.", False),
        ("Sở Y tế cung ứng X; Sở Tài chính tham mưu Y, trình UBND tỉnh trong tháng 3/2027.", False),
        (
            "UBND các huyện, thành phố tuyên truyền X; UBND các huyện biên giới bố trí Y trong tháng 3/2027.",
            False,
        ),
    ],
)
def test_a_date_at_the_sentence_s_end_is_lent_only_where_it_closes_the_sentence(
    text: str, lent: bool
) -> None:
    first, second = tasks(HEAD + f"1. {text}\n")
    assert second.due.due is not None
    assert (first.due.due is not None) is lent


@pytest.mark.parametrize(
    "text",
    [
        "Sở Y tế tổng hợp, báo cáo UBND tỉnh trước ngày 20 tháng cuối quý.",
        "Sở Y tế định kỳ hằng quý báo cáo UBND tỉnh trước ngày 20 tháng cuối quý.",
    ],
)
def test_the_last_month_of_a_quarter_is_a_quarterly_recurrence(text: str) -> None:
    recurrence = due_of(f"1. {text}\n")
    assert recurrence == {
        "every": "quarter",
        "first": "Q1-2027",
        "due": {"days": 6, "after": "cutoff"},  # the 20th, six days after the 14th's cut-off
    }


def test_a_recurrence_after_a_semicolon_is_a_task_of_its_own() -> None:
    text = (
        "1. Giao Sở Y tế xây dựng kế hoạch trong tháng 01/2027; định kỳ hằng quý báo cáo kết quả.\n"
    )
    first, second = tasks(HEAD + text)
    assert first.due.due == {"month": "2027-01", "as_written": "trong tháng 01/2027"}
    assert second.due.recurrence is not None
    assert second.due.recurrence["every"] == "quarter"


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("Từ ngày 15/12/2026 đến ngày 28/02/2027", {"date": date(2027, 2, 28)}),
        ("từ 15/12/2026 - 28/02/2027", {"date": date(2027, 2, 28)}),
        ("trong tháng 01 và tháng 02/2027", {"month": "2027-02"}),
        ("trong tháng 3 - 4/2027", {"month": "2027-04"}),
        ("trong tháng 3/2027", {"month": "2027-03"}),
    ],
)
def test_a_span_is_due_at_its_end(written: str, due: dict[str, object]) -> None:
    found = due_of(f"1. Công an tỉnh mở đợt cao điểm trấn áp tội phạm {written}.\n")
    assert isinstance(found, dict)
    assert {k: found[k] for k in due} == due


@pytest.mark.parametrize(
    ("start", "event"),
    [
        ("kết thúc đợt tiêm", True),
        ("kết thúc vụ Thu Mùa", True),
        ("ký", False),
        ("ký văn bản này", False),
        ("nhận đủ hồ sơ", False),
    ],
)
def test_days_after_an_event_are_pinned_not_counted_from_the_issue(start: str, event: bool) -> None:
    found = due_of(f"1. Sở Y tế báo cáo kết quả chậm nhất 10 ngày làm việc kể từ ngày {start}.\n")
    assert isinstance(found, dict)
    assert ("event" in found) is event
    assert ("working_days" in found) is not event
