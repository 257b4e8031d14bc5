"""A web page around the notice -> the notice's text alone, and the page's date.

Portal and press copies carry site menus ("Trang chủ | Tin tức", "Đăng nhập", "Zalo"),
the site's name, the page's date and time, a reporter's byline ("MINH ANH |") and name at
the end, "TAGS", share buttons, "Xem nội dung chi tiết" with the attached files, a
"Nguồn:" line and lists of related articles. None of that is the notice: it is dropped,
and the page's date is kept (a prose "Ngày 3/9, UBND tỉnh ban hành ..." takes its year).
A text with a formal header ("Số: 975/TB-VP") is not a page and is left as it is.
"""

from __future__ import annotations

import re
from datetime import date

from directive_flow.draft.document import Line
from directive_flow.draft.text import is_upper, tidy

_FORMAL = re.compile(r"^(?:Số|SỐ)\s*[:.]?\s*(?:\d|$)")
"""'Số: 975/TB-VP', or 'Số:' over its number (a legal library's tabled header)."""
_MENU_WORDS = (
    r"Trang chủ|Đăng nhập|Đăng ký|Đăng xuất|Zalo|Facebook|Youtube|Twitter|Chia sẻ|Bình luận"
    r"|In bài|In trang|Gửi email|Gửi bài viết|Cỡ chữ|TAGS|Tags|Từ khóa|Ý kiến bạn đọc|Tin mới"
    r"|Chỉ đạo,? điều hành|Tin tức - Sự kiện|Thời sự|Liên hệ|Giới thiệu|Tìm kiếm|Lượt xem"
)
_MENU = re.compile(rf"^(?:{_MENU_WORDS})\b", re.I)
_SEPARATORS = re.compile(r"\s[|»>]\s|\s\|$|^\|")
_RELATED = re.compile(
    r"^(?:Tin liên quan|Tin cùng chuyên mục|Các tin khác|Tin khác|Bài viết liên quan|Xem thêm"
    r"|Tin đọc nhiều|Các tin đã đưa)\b",
    re.I,
)
_ATTACHED = re.compile(
    r"^(?:Xem nội dung chi tiết|Xem chi tiết|Tải về|File đính kèm|Tệp đính kèm|Văn bản đính kèm)",
    re.I,
)
_FILE = re.compile(r"\.(?:pdf|docx?|xlsx?|rar|zip)\s*$", re.I)
_SOURCE = re.compile(r"^(?:Nguồn|Theo nguồn)\s*:", re.I)
_PAGE_DATE = re.compile(
    r"^(?:(?:Thứ\s+\w+|Chủ\s+nhật)\s*,?\s*)?(?:(?:Cập nhật|Ngày đăng|Đăng ngày)\s*:?\s*)?"
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b[^A-Za-zÀ-ỹ]{0,30}(?:\(GMT\+7\))?$",
    re.I,
)
_SITE = re.compile(
    r"^(?:Báo\s.{2,40}(?:điện tử|Online)|Cổng [Tt]hông tin.*|CỔNG THÔNG TIN.*|Trang thông tin.*"
    r"|.{2,30}\sOnline)$",
    re.I,
)
_BYLINE = re.compile(r"^[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]{2,40}\s*\|$")
_PERSON = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\s){1,3}[A-ZĐÀ-Ỹ][a-zà-ỹđ]*$")
_PRESS_TAG = re.compile(r"^\([A-ZĐ]{2,8}\)\s*[-–—]?\s*")


def is_page(lines: list[Line]) -> bool:
    """A pasted web page or article, not a document with its formal header."""
    return not any(_FORMAL.match(tidy(line.text)) for line in lines[:80])


def strip_page(lines: list[Line]) -> tuple[list[Line], date | None]:
    """The page's lines without its clutter, and the page's own date (if shown)."""
    out: list[Line] = []
    page_date: date | None = None
    attached = False
    for line in lines:
        text = tidy(line.text)
        if not text:
            out.append(line)  # a blank line still ends a paragraph
            continue
        if _RELATED.match(text):
            break  # links to other articles follow
        if match := _PAGE_DATE.match(text):
            page_date = page_date or _date(match)
            continue
        attached = bool(_ATTACHED.match(text)) or (attached and text.startswith(("-", "•")))
        if attached or _clutter(text):
            continue
        out.append(Line(_PRESS_TAG.sub("", text), line.first, line.last))
    return out, page_date


def _clutter(text: str) -> bool:
    if _MENU.match(text) or len(_SEPARATORS.findall(text)) >= 2 or _BYLINE.match(text):
        return True
    if _FILE.search(text) or _SOURCE.match(text) or _SITE.match(text):
        return True
    return bool(_PERSON.match(text)) or (is_upper(text) and len(text.split()) <= 4)


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
