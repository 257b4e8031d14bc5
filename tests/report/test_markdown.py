"""The consolidated report as Markdown, asserted whole for a small case."""

from __future__ import annotations

from report.samples import KON_TUM, small_report

from directive_flow.report import Missing, StatusRow, render_markdown

EXPECTED = """\
# BÁO CÁO TỔNG HỢP 6 THÁNG ĐẦU NĂM 2014

**Hoàn chỉnh báo cáo sơ kết 6 tháng đầu năm**

> **(bản tổng hợp chưa đầy đủ)**

*Bản tổng hợp được lập khi chưa tiếp nhận đủ số liệu của các cơ quan; các nội dung còn thiếu được nêu tại mục III.*

- Thực hiện: văn bản số 975/TB-VP của Văn phòng UBND tỉnh Kon Tum (Kết luận của Phó Chủ tịch UBND tỉnh)
- Kỳ báo cáo: 6 tháng đầu năm 2014 (H1-2014)
- Cơ quan chủ trì tổng hợp: Sở Lao động - Thương binh và Xã hội
- Thời điểm lập: 20/07/2014 09:30

## I. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CỦA CÁC CƠ QUAN

| STT | Cơ quan | Hoàn thành đúng hạn | Hoàn thành quá hạn | Đang thực hiện trong hạn | Quá hạn chưa hoàn thành | Không có thời hạn | Tổng số |
| --- | --- | --- | --- | --- | --- | --- | --- |
| 1 | UBND huyện Đắk Glei | 1 | 0 | 0 | 0 | 0 | 1 |
| 2 | UBND huyện Ngọc Hồi | 0 | 0 | 0 | 1 | 0 | 1 |
| 3 | UBND thành phố Kon Tum | 0 | 1 | 0 | 0 | 1 | 2 |
|  | **Tổng cộng** | **1** | **1** | **0** | **1** | **1** | **4** |

## II. SỐ LIỆU TỔNG HỢP

### 1. Số liệu của từng cơ quan

| STT | Cơ quan | Chỉ tiêu | Giá trị | Đơn vị | Lần nộp | Thời điểm nộp |
| --- | --- | --- | --- | --- | --- | --- |
| 1 | UBND huyện Đắk Glei | Số hộ nghèo | 1.234 | hộ | 2 | 10/07/2014 10:00 |
| 2 | UBND thành phố Kon Tum | Số hộ nghèo | 20.456 | hộ | 1 | 12/07/2014 15:15 |
| 3 | UBND huyện Đắk Glei | Kinh phí đã giải ngân | 1.500,5 | triệu đồng | 2 | 10/07/2014 10:00 |
| 4 | UBND thành phố Kon Tum | Kinh phí đã giải ngân | 250,25 | triệu đồng | 1 | 12/07/2014 15:15 |
| 5 | UBND huyện Đắk Glei | Tỷ lệ hộ nghèo | 12,5 | % | 2 | 10/07/2014 10:00 |

### 2. Tổng cộng theo chỉ tiêu

| STT | Chỉ tiêu | Đơn vị | Tổng cộng | Số cơ quan có số liệu |
| --- | --- | --- | --- | --- |
| 1 | Số hộ nghèo | hộ | 21.690 | 2 |
| 2 | Kinh phí đã giải ngân | triệu đồng | 1.750,75 | 2 |

Các chỉ tiêu không cộng dồn giữa các cơ quan: Tỷ lệ hộ nghèo.

## III. CÁC NỘI DUNG CÒN THIẾU

- UBND huyện Ngọc Hồi: chưa nộp số liệu
- UBND thành phố Kon Tum: Tỷ lệ hộ nghèo
"""


def test_small_partial_report_exactly() -> None:
    assert render_markdown(small_report()) == EXPECTED


def test_a_complete_report_has_no_banner_and_nothing_missing() -> None:
    text = render_markdown(small_report(partial=False, missing=[]))
    assert "chưa đầy đủ" not in text
    assert text.endswith(
        "## III. CÁC NỘI DUNG CÒN THIẾU\n\nCác cơ quan đã gửi đủ số liệu theo yêu cầu.\n"
    )


def test_an_empty_report_says_so_in_each_section() -> None:
    text = render_markdown(small_report(period=None, statuses=[], figures=[], missing=[]))
    assert text.startswith("# BÁO CÁO TỔNG HỢP\n\n")
    assert "Kỳ báo cáo" not in text
    assert "Chưa có nhiệm vụ nào được theo dõi." in text
    assert "## II. SỐ LIỆU TỔNG HỢP\n\nChưa tiếp nhận số liệu của cơ quan nào.\n" in text


def test_pipes_and_line_breaks_in_names_cannot_break_a_table() -> None:
    odd = StatusRow("Ban quản lý | khu kinh tế\ntỉnh", in_progress=1)
    text = render_markdown(small_report(statuses=[odd], missing=[Missing(KON_TUM, "a\nb")]))
    assert "| 1 | Ban quản lý \\| khu kinh tế tỉnh | 0 | 0 | 1 | 0 | 0 | 1 |" in text
    assert "- UBND thành phố Kon Tum: a b" in text
