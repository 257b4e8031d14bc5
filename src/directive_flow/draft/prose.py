"""Header facts that a press or portal copy gives in its prose, not in a formal header.

"Ngày 3/9, UBND tỉnh ban hành Công văn số 1207 /UBND-KT về việc ...", "(Theo Công văn số
418/UBND-VX, ngày 02/3/2022)", "UBND tỉnh vừa ban hành công văn (số 2715/UBND-NC) ...",
"... Công văn số 1188/UBND-NNTN ngày 13/3/2023 về việc ...". The document issued is the
one the sentence says was issued ("ban hành"), or the one a "(Theo ...)" or "(số ...)"
names; documents cited as grounds ("Căn cứ", "Thực hiện") are not it. A date without a
year takes the page's year (the year before when it would fall after the page's date).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from directive_flow.draft.header import Header

_DOC = r"(?P<kind>[Cc]ông văn|[Vv]ăn bản|[Tt]hông báo(?: kết luận)?|[Kk]ế hoạch|[Qq]uyết định|[Cc]hỉ thị)"
_MENTION = re.compile(
    rf"(?:{_DOC}\s*\(?\s*(?:(?<![\w/])số\s*:?\s*)?|\(?\s*(?<![\w/])số\s*:?\s*)(?P<n>\d{{1,6}})\s*/\s*"
    r"(?P<s>[A-ZĐ][A-Za-zĐđ0-9&.]*(?:\s*-\s*[A-Za-zĐđ0-9&.]+)*)"
    r"(?:\s*,?\s*(?:ngày|ban hành ngày)\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4}))?"
)
_SIGNED_OFF = re.compile(
    rf"^\(?\s*Theo\s+{_DOC}\s+(?:số\s*:?\s*)?\d{{1,6}}\s*/\s*\S+"
    r"(?:\s*,?\s*ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})?\s*\)?\s*\.?$",
    re.I,
)
"""'Theo Văn bản 2286/UBND-KTN ngày 11/7/2024' on a line of its own, with or without
brackets and 'số': the document a portal's answer quotes."""
_LATE = re.compile(r"^(?:Tuy nhiên|Nhưng|Song|Đến nay)\b.*\bchưa\b", re.I)
"""'Tuy nhiên, đến nay ... chưa ...': the document mentioned before it is the one not acted
on, not the one issued now."""
_ISSUED_NOW = re.compile(r"(?:vừa\s+)?ban hành|\(\s*Theo\s*$|\(\s*$", re.I)
_GROUNDS = re.compile(r"(?:Căn cứ|Thực hiện|Theo đề nghị|Tại|Xét)\b[^.]{0,80}$", re.I)
_DAY = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
_LEAD_DATE = re.compile(
    r"(?:^|[.;]\s+|\)\s*[-–]?\s*)"
    r"(?P<when>(?:(?:Sáng|Chiều|Trưa|Tối|Đêm|Hôm)(?:\s+(?P<rel>nay|qua))?\s*)?(?:ngày\s+)?)"
    rf"(?:(?:\(\s*)?{_DAY}(?:\s*\))?)?"
    r"\s*(?:,|(?=\s+(?:UBND|Ủy ban|Uỷ ban|Chủ tịch|Văn phòng|Sở|Thủ tướng|Phó)\b))",
    re.I,
)
"""The day a press copy gives in the prose that introduces the document: "Ngày 3/9,",
"Chiều 5/12,", "Sáng ngày 3/9,", "Ngày 12-5,", "Hôm nay (5/12),", "Sáng nay," (the page's
date), "Chiều qua," (the day before it)."""
_OFFSET = {"nay": 0, "qua": 1}
_ROLLOVER_DAYS = 183
"""A day this far after the page's date is of the year before ('31/12' on a page of 3 January)."""
_HEADLINE = re.compile(r"^(?!.*[.;:]$)(?:\S+\s+){4,30}\S+$")
_KINDS = {
    "công văn": "cong-van",
    "văn bản": "cong-van",
    "thông báo": "thong-bao",
    "thông báo kết luận": "thong-bao",
    "kế hoạch": "ke-hoach",
    "quyết định": "quyet-dinh",
    "chỉ thị": "chi-thi",
}


def read_prose(texts: list[str], header: Header, page_date: date | None) -> None:
    """Fill the header's number, kind, issue date and title from the prose."""
    if header.title is None:
        header.title = next((t for t in texts[:6] if _HEADLINE.match(t)), None)
        header.confidence["title"] = 0.5
    _number(texts, header, page_date)


def _number(texts: list[str], header: Header, page_date: date | None) -> None:
    for k, text in enumerate(texts):
        if any(_LATE.match(later) for later in texts[k + 1 : k + 3]):
            continue  # the earlier document a reminder recalls
        for match in _MENTION.finditer(text):
            before = text[: match.start()]
            if _ISSUED_NOW.search(before[-60:]) and not _GROUNDS.search(before[-40:]):
                _take(match, text, header, page_date)
                return
    for text in texts:  # "(Theo Công văn số ...)" closes a portal copy
        cited = _MENTION.search(text)
        if cited and (text.lstrip().startswith("(") or _SIGNED_OFF.match(text.strip())):
            _take(cited, text, header, page_date)
            return


def _take(match: re.Match[str], text: str, header: Header, page_date: date | None) -> None:
    symbol = re.sub(r"\s+", "", match["s"]).rstrip(".")
    header.number = f"{match['n']}/{symbol}"
    header.kind = _KINDS.get((match["kind"] or "").lower(), header.kind)
    header.place = None
    header.confidence |= {"number": 0.8, "kind": 0.6}
    issued = _day(match["y"], match["m"], match["d"], page_date)
    if issued is None:
        issued = _lead_day(text[: match.start()], page_date)
    if issued is not None:
        header.issued = issued
        header.confidence["issued"] = 0.8 if match["y"] else 0.6


def _lead_day(before: str, page: date | None) -> date | None:
    """The day of the prose before the document's mention ("Chiều 5/12, UBND tỉnh ban hành")."""
    for lead in _LEAD_DATE.finditer(before):
        if lead["d"] is not None:
            return _day(lead["y"], lead["m"], lead["d"], page)
        if lead["rel"] and page is not None and lead["when"].strip():
            return page - timedelta(days=_OFFSET[lead["rel"].lower()])
    return None


def _day(year: str | None, month: str | None, day: str | None, page: date | None) -> date | None:
    """The date; without a year, the page's year (the year before across New Year)."""
    if month is None or day is None or (year is None and page is None):
        return None
    try:
        found = date(int(year) if year else page.year if page else 0, int(month), int(day))
    except ValueError:
        return None
    if year is None and page is not None and (found - page).days > _ROLLOVER_DAYS:
        return (
            found.replace(year=found.year - 1)
            if not (found.month == 2 and found.day == 29)
            else None
        )
    return found
