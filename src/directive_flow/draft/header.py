"""The notice's identity: number, kind, issuer, place and date, title, meeting, chair,
signer and signing formula, recipients ("Nơi nhận") and addressees ("Kính gửi").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from directive_flow.draft.document import Line, Name
from directive_flow.draft.owners import Owners
from directive_flow.draft.text import is_upper

_NUMBER = re.compile(
    r"\bSố\s*[:.]?\s*(?P<n>\d{1,6}[a-zA-Z]?)\s*/\s*(?:(?P<y>(?:19|20)\d{2})\s*/\s*)?"
    r"(?P<s>[A-Za-zĐđ0-9&.]+(?:\s*-\s*[A-Za-zĐđ0-9&.]+)*)"
)
"""'Số: 975/TB-VP'; a legal document's year stays in it ('Số: 42/2024/QĐ-UBND')."""
_NUMBER_ALONE = re.compile(r"^Số\s*[:.]?$")
"""'Số:' on a line of its own, its number on the next (a legal library's tabled header)."""
_KIND_CODES = {"TB": "thong-bao", "CT": "chi-thi", "KH": "ke-hoach", "QĐ": "quyet-dinh"}
_KIND_CODES |= {"QD": "quyet-dinh", "CV": "cong-van"}
_KIND_WORD = re.compile(r"^(THÔNG BÁO|CHỈ THỊ|KẾ HOẠCH|QUYẾT ĐỊNH|CÔNG VĂN)\b\s*:?\s*(?P<rest>.*)$")
_KIND_OF_WORD = {
    "THÔNG BÁO": "thong-bao",
    "CHỈ THỊ": "chi-thi",
    "KẾ HOẠCH": "ke-hoach",
    "QUYẾT ĐỊNH": "quyet-dinh",
    "CÔNG VĂN": "cong-van",
}
_SUBJECT = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\b\s*:?\s*(?P<t>.+)$")
_PLACE_WORD = r"[A-ZĐ][\w.]*(?:\s*-\s*[A-ZĐ][\w.]*)?"
_PLACE_DATE = re.compile(
    rf"(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,4}})\s*,\s*ngày\s+(?P<d>\d{{1,2}})\s*"
    r"(?:tháng\s+|[/.-]\s*)(?P<m>\d{1,2})\s*(?:năm\s+|[/.-]\s*)(?P<y>\d{4})"
)
_MEETING = re.compile(
    r"(?:^|[\s(])(?:[Ss]áng|[Cc]hiều|[Tt]ối)?\s*[Nn]gày\s+(?P<d>\d{1,2})\s*(?:tháng\s+|[/.-]\s*)"
    r"(?P<m>\d{1,2})\s*(?:năm\s+|[/.-]\s*)(?P<y>\d{4})"
)
_CHAIRS = (
    re.compile(r"(?:[Đđ]ồng chí|[Đđ]/c)\s+(?P<c>[^;]+?)\s+(?:đã\s+)?chủ trì"),
    re.compile(
        r"chủ trì của (?:đồng chí\s+|đ/c\s+)?(?P<c>[^;.]+?)(?:,\s*(?:cùng|với|tham dự)|[;.]|$)"
    ),
    re.compile(r"[Kk]ết luận của (?:đồng chí\s+|đ/c\s+)?(?P<c>.+?)\s+tại\s"),
)
_FORMULA = re.compile(r"^(?:KT|TL|TM|TUQ|Q)\.\s*\S")
_PERSON = re.compile(r"^(?:[A-ZĐÀ-Ỹ][^\s\d.,;:()]*\s+){1,5}[A-ZĐÀ-Ỹ][^\s\d.,;:()]*$")
_MET = re.compile(r"\b(?:họp|hội nghị|chủ trì (?:cuộc|buổi|hội)|(?<!ngày )làm việc)\b")
_CITED = re.compile(r"\d+\s*/\s*[A-ZĐ][\w&.-]*\s*,?\s*$")
_DEADLINE_CUE = re.compile(r"(?:trước|chậm nhất|hạn|hoàn thành|đến|xong)\s*$", re.I)
_DATE_LINE_WORDS = 16
"""'Kon Tum, ngày 10 tháng 7 năm 2014' stands on a short line; prose that cites a date does not."""
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*(?P<rest>.*)$", re.I)
_ADDRESSEES = re.compile(r"^Kính gửi\s*:?\s*(?P<rest>.*)$", re.I)
_ANNEX = re.compile(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:SỐ\s+|số\s+)?[\dIVX]{1,4})?\s*[.:]?$")
"""'PHỤ LỤC', 'Phụ lục II', 'PHỤ LỤC SỐ 01' on a line of its own, after the signature: the
annex whose table lists the tasks of a decision ('... các nhiệm vụ tại Phụ lục kèm theo')."""


@dataclass
class Header:
    """What the top and the bottom of the notice say; ``body`` is the span of the body lines."""

    number: str | None = None
    kind: str | None = None
    issuer: Name | None = None
    place: str | None = None
    issued: date | None = None
    title: str | None = None
    meeting: date | None = None
    chair: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    formula: str | None = None
    recipients: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    body: tuple[int, int] = (0, 0)
    annex: tuple[int, int] | None = None
    """The span of the annex after the signature ('PHỤ LỤC'), read as body too."""
    confidence: dict[str, float] = field(default_factory=dict)


def read_header(lines: list[Line], owners: Owners) -> Header:
    """Read every header field the notice gives."""
    header = Header(body=(0, len(lines)))
    texts = [line.text for line in lines]
    _number(texts, header)
    _place_date(texts, header)
    start = _title(texts, header)
    end = _end(texts, start)
    header.body = (start, end)
    annex = next((i for i in range(end, len(texts)) if _ANNEX.match(texts[i])), None)
    header.annex = (annex, len(texts)) if annex is not None else None
    _meeting(texts[start:end], header)
    _signer(texts[end:annex], header)
    header.recipients = _list_after(texts[end:], _RECIPIENTS)
    header.addressees = _list_after(texts[:end], _ADDRESSEES)
    header.issuer = _issuer(texts, header, owners)
    return header


def _number(texts: list[str], header: Header) -> None:
    for k, text in enumerate(texts[:40]):
        if _NUMBER_ALONE.match(text) and k + 1 < len(texts):
            text = f"{text} {texts[k + 1]}"
        if match := _NUMBER.search(text):
            symbol = re.sub(r"\s+", "", match["s"])
            header.number = f"{match['n']}/{match['y']}/{symbol}" if match["y"] else None
            header.number = header.number or f"{match['n']}/{symbol}"
            code = symbol.split("-")[0].upper()
            header.kind = _KIND_CODES.get(code)
            header.confidence |= {"number": 0.95, "kind": 0.9 if header.kind else 0.0}
            return


def _place_date(texts: list[str], header: Header) -> None:
    for text in texts[:40]:
        if match := _place_date_match(text):
            header.place = match["place"].strip()
            header.issued = _date(match["y"], match["m"], match["d"])
            header.confidence |= {"place": 0.9, "issued": 0.95 if header.issued else 0.0}
            return


def _place_date_match(text: str) -> re.Match[str] | None:
    """'Kon Tum, ngày 10 tháng 7 năm 2014' on a short line, or in one cell of a tabled
    header ('Số: 42/2024/QĐ-UBND | Bà Rịa-Vũng Tàu, ngày 09 tháng 10 năm 2024 |')."""
    for cell in _NUMBER.sub(" ", text).split("|"):
        if len(cell.split()) <= _DATE_LINE_WORDS and (match := _PLACE_DATE.match(cell.strip())):
            return match
    return None


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _title(texts: list[str], header: Header) -> int:
    """Find the title; return the index of the first body line."""
    for i, text in enumerate(texts[:60]):
        if match := _KIND_WORD.match(text):
            header.kind = header.kind or _KIND_OF_WORD[match[1]]
            return _title_text(texts, i, match["rest"], header)
        if _SUBJECT.match(text):
            header.kind = header.kind or "cong-van"
            header.title = text
            header.confidence |= {"title": 0.8, "kind": header.confidence.get("kind") or 0.6}
            return i + 1
    header.kind = header.kind or "cong-van"
    return _fallback_start(texts)


def _title_text(texts: list[str], i: int, rest: str, header: Header) -> int:
    if rest:
        header.title, end = rest, i + 1
    elif i + 1 < len(texts):
        end = i + 2
        while end < len(texts) and is_upper(texts[end - 1]) and is_upper(texts[end]):
            end += 1
        header.title = " ".join(texts[i + 1 : end])
    else:
        return i + 1
    header.confidence |= {"title": 0.85, "kind": header.confidence.get("kind") or 0.8}
    return end


def _fallback_start(texts: list[str]) -> int:
    for i, text in enumerate(texts[:40]):
        if _place_date_match(text):
            return i + 1
    return 0


def _end(texts: list[str], start: int) -> int:
    for i in range(start, len(texts)):
        if _RECIPIENTS.match(texts[i]) or _FORMULA.match(texts[i]):
            return i
    return len(texts)


def _meeting(texts: list[str], header: Header) -> None:
    for text in texts[:8]:
        if _MET.search(text) and (match := _meeting_date(text)):
            header.meeting = _date(match["y"], match["m"], match["d"])
            header.confidence["meeting_date"] = 0.8
            break
    for text in [*texts[:8], header.title or ""]:
        for pattern in _CHAIRS:
            if match := pattern.search(text):
                header.chair = re.sub(r"\s*\([^)]*\)", "", match["c"]).strip(" ,")
                header.confidence["chair"] = 0.6
                return


def _meeting_date(text: str) -> re.Match[str] | None:
    """The first date that is not a deadline ('trước ngày 30/5/2022' is not the meeting)."""
    for match in _MEETING.finditer(text):
        before = text[max(0, match.start() - 30) : match.start() + 1]
        if not _DEADLINE_CUE.search(before) and not _CITED.search(before):
            return match  # neither a deadline nor a cited document's date
    return None


def _signer(texts: list[str], header: Header) -> None:
    tail = [t for t in texts if not t.startswith("- ") and not _RECIPIENTS.match(t)]
    formula = next((i for i, t in enumerate(tail) if _FORMULA.match(t)), None)
    start = formula + 1 if formula is not None else 0
    titles = [
        i for i in range(start, len(tail)) if is_upper(tail[i]) and not _FORMULA.match(tail[i])
    ]
    names = [i for i in range(start, len(tail)) if _PERSON.match(tail[i]) and not is_upper(tail[i])]
    if formula is not None:
        header.formula = tail[formula]
    title = titles[0] if titles else None
    if title is None and formula is not None:
        title_text = re.sub(r"^\S+\.\s*", "", tail[formula])
    else:
        title_text = tail[title] if title is not None else ""
    header.signer_title = title_text.capitalize() or None
    if names:
        header.signer = tail[names[-1]]
        header.confidence["signer"] = 0.8 if header.signer_title else 0.5


def _list_after(texts: list[str], opener: re.Pattern[str]) -> list[str]:
    for i, text in enumerate(texts):
        if match := opener.match(text):
            items = [match["rest"]] if match["rest"] else []
            for item in texts[i + 1 :]:
                if not item.startswith("- "):
                    break
                items.append(item[2:].strip())
            return [item.lstrip("- ") for item in items if item.strip("- ")]
    return []


def _issuer(texts: list[str], header: Header, owners: Owners) -> Name | None:
    tops = [t for t in texts[:6] if is_upper(t) and not re.search(r"CỘNG HÒA|ĐỘC LẬP", t)]
    candidates = []
    if header.number:
        segments = header.number.split("/", 1)[1].split("-")
        own = [s for s in segments if s.upper() not in _KIND_CODES]
        candidates += [f"{own[0]} tỉnh", own[0]] if own else []
    candidates += [" ".join(reversed(tops[: k + 1])) for k in reversed(range(len(tops)))]
    for candidate in candidates:
        name = owners.resolver.resolve(candidate)
        if name.code and name.code in owners.resolver.directory.agencies:
            return name
    for text in texts[header.body[0] : header.body[1]][-3:]:
        names, rest = owners.leading(text, strict=True)
        if names and names[0].code and "thông báo" in rest:
            return names[0]
    return Name(candidates[-1], None, 0.2, "unresolved") if candidates else None
