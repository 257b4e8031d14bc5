"""Deadline phrases -> the definition language's ``due`` forms (or a ``recurrence``).

"trước ngày 23/5/2019", "chậm nhất đến ngày 14/9/2021", "trước 14 giờ, ngày 05/12/2017",
"trước ngày 20.7.2020", "trước ngày 15-12" (year of the issue date), "ngày 02 tháng 5 năm
2019" -> a date; "trong tháng 8/2014" -> a month; "trong quý III" -> a quarter; "cuối năm
nay" -> December; "trong 30 ngày làm việc" -> working days after the issue date; "định kỳ
6 tháng" -> a half-yearly recurrence; "thường xuyên" -> a standing duty; "trước khi ..."
-> an event to pin; "khẩn trương", "ngay", "theo quy định" -> no date and a TODO.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from directive_flow.calendar import default_calendar
from directive_flow.calendar.periods import PeriodKind, period_containing
from directive_flow.draft.document import DueGuess

_DAY = r"(?P<d>\d{1,2})\s*(?:[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?|\s+tháng\s+(?P<mw>\d{1,2})(?:\s*(?:năm|/)\s*(?P<yw>\d{4}))?)(?![\d/.\-]?\d)"
_CUE = (
    r"(?:trước|chậm nhất|muộn nhất|hạn chót|hạn cuối|thời hạn|hoàn thành|xong|kết thúc|không quá)"
)
_FILLER = r"(?:\s*(?:ngày|đến|vào|là|:|,|lúc|\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?['’]?))*"
_DATE = re.compile(rf"\b{_CUE}{_FILLER}\s*{_DAY}", re.I)
_ON_DATE = re.compile(rf"\b(?:vào|trong)\s+ngày\s+{_DAY}", re.I)
_MONTH = re.compile(
    r"(?:\b(?:trong|hết|cuối|trước hết|vào)\s+|:\s*)tháng\s+(?P<m>\d{1,2})"
    r"(?:\s*/\s*(?P<y1>\d{4}))?"
    r"(?:(?:\s*(?:và|đến|-|–)\s*(?:tháng\s+)?|\s*,\s*tháng\s+)(?P<m2>\d{1,2}))?"
    r"(?:\s*(?:/|năm)\s*(?P<y>\d{4}))?(?!\s*/?\s*\d)",
    re.I,
)
"""'trong tháng 8/2014'; 'trong tháng 01 và tháng 02/2027' and 'trong tháng 12/2026 và tháng
01/2027' are due in the last month named."""
_UNTIL = re.compile(
    r"\btừ\s+(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{4})?\s*(?:đến|tới|-|–)\s*"
    rf"(?:hết\s+)?(?:ngày\s+)?{_DAY}",
    re.I,
)
"""'Từ ngày 15/12/2026 đến ngày 28/02/2027': a campaign, due on its last day."""
_PERIOD_OF = re.compile(
    r"\b(?:báo cáo|kết quả|số liệu|tình hình)\b(?:(?!\b(?:trước|chậm nhất)\b)[^.;,]){0,120}$", re.I
)
"""'báo cáo kết quả thực hiện ... từ ngày 01/01/2024 đến ngày 15/6/2024': the period a
report covers, not when it is due; a clause of its own before the dates ('nắm tình hình
dịch bệnh, tổ chức chiến dịch từ ngày ... đến ngày ...') leaves them a campaign's."""
_QUARTER = re.compile(
    r"(?:\b(?:trong|hết|cuối)\s+|:\s*)quý\s+(?P<q>IV|III|II|I|[1-4])\b(?:\s*(?:/|năm)\s*(?P<y>\d{4}))?",
    re.I,
)
_YEAR_END = re.compile(r"(?<!tháng\s)\b(?:cuối|trong|hết)\s+năm\s+(?:nay|(?P<y>\d{4}))", re.I)
_OFFSET = re.compile(
    r"\b(?:trong|trong vòng|trong thời hạn|chậm nhất|không quá|sau)\s+(?P<n>\d{1,3})\s+ngày"
    r"(?P<work>\s+làm\s+việc)?(?:\s*(?:kể từ|tính từ|sau)\s+(?:ngày\s+)?(?P<from>[^,;.]{0,40}))?",
    re.I,
)
_RECURS = re.compile(
    r"(?<!như\s)\b(?:định kỳ\s+(?:hằng\s+|hàng\s+)?|hằng\s+|hàng\s+)(?P<p>6 tháng|sáu tháng|quý|tháng|năm)\b",
    re.I,
)
_LAST_MONTH = re.compile(
    r"\btháng cuối (?:của\s+)?(?:mỗi\s+|hằng\s+|hàng\s+|các\s+)?(?P<p>quý|6 tháng|sáu tháng)\b",
    re.I,
)
"""'báo cáo trước ngày 20 tháng cuối quý': a quarterly report, due in each quarter's last month."""
_MONTH_DAY = re.compile(
    r"\btrước ngày\s+(?P<d>\d{1,2})(?!\d|\s*[/.\-]\s*\d|\s+tháng\s+\d)(?:\s+(?:hằng|hàng|của)\s+(?:mỗi\s+)?tháng)?",
    re.I,
)
"""'trước ngày 20 hằng tháng', 'Hằng tháng, trước ngày 25': a day of each period."""
_FROM_DATE = re.compile(
    rf"\b(?:trong|trong vòng|trong thời hạn|chậm nhất|không quá)\s+(?P<n>\d{{1,3}})\s+ngày"
    rf"(?P<work>\s+làm\s+việc)?\s*(?:kể từ|tính từ|sau)\s+ngày\s+{_DAY}",
    re.I,
)
"""'trong 10 ngày làm việc kể từ ngày 20/12/2024': counted from the date written."""
_BEFORE_EVENT = re.compile(
    r"\b(?P<n>\d{1,3})\s+ngày(?P<work>\s+làm\s+việc)?\s+trước\s+(?:khi|ngày)\s+"
    r"(?P<e>[^,;.()]{3,80})",
    re.I,
)
"""'chậm nhất 05 ngày làm việc trước ngày tổ chức Lễ đón Giao thừa': before an event."""
_ISSUE_START = re.compile(
    r"\b(?:ký|ban hành|nhận|họp|này|hiệu lực)\b|^(?:ngày\s+)?(?:hôm nay|nay)\b", re.I
)
"""What 'kể từ ngày ...' counts from when it is the notice's own day (signing, issue,
receipt, the meeting); anything else is an event ('kể từ ngày kết thúc đợt tiêm')."""
_MONTHS_AFTER = re.compile(
    r"\b(?:sau|trong|trong vòng|trong thời hạn|chậm nhất|không quá)\s+(?P<n>\d{1,2})\s+tháng"
    r"\s*(?:kể từ|tính từ)\s+(?:ngày\s+)?(?P<from>[^,;.]{0,40})",
    re.I,
)
"""'Sau 06 tháng kể từ ngày Quy chế có hiệu lực': months counted from the notice's own day."""
_WRITTEN_DAY = re.compile(_DAY)
_IN_FORCE = re.compile(r"\bhiệu lực\b", re.I)
_EFFECTIVE = re.compile(rf"\bcó hiệu lực(?:\s+thi hành)?\s+(?:kể\s+)?từ\s+ngày\s+{_DAY}", re.I)
"""'Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2027': the day the
notice takes effect, which 'kể từ ngày Quyết định có hiệu lực' counts from."""
_STANDING = re.compile(r"\bthường xuyên\b", re.I)
_EVENT = re.compile(
    r"\btrước khi\s+(?P<e>[^,;.()]{3,60}?)(?=\s+(?:nhằm|để|nhưng|và|thì)\b|[,;.()]|$)", re.I
)
_VAGUE = re.compile(r"\b(khẩn trương|ngay|theo quy định|sớm nhất|càng sớm càng tốt)\b", re.I)
_CUTOFF_DAY = 14
"""A monthly period's data cut-off: the 14th (``calendar.periods``)."""
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_EVERY: dict[str, PeriodKind] = {
    "6 tháng": "half-year",
    "sáu tháng": "half-year",
    "quý": "quarter",
    "tháng": "month",
    "năm": "year",
}


@dataclass(frozen=True)
class Context:
    """What a deadline is counted from."""

    issued: date | None
    meeting: date | None = None
    effective: date | None = None
    """The day the notice takes effect, when it names one ('có hiệu lực từ ngày ...')."""


def read_due(text: str, ctx: Context) -> DueGuess:
    """The deadline a task's wording gives, or an empty guess with a TODO."""
    for reader in _READERS:
        if found := reader(text, ctx):
            return found
    return DueGuess(todo="the notice gives no deadline for this task: add due")


def effective_date(texts: list[str], issued: date | None) -> date | None:
    """The day the notice says it takes effect ('Quyết định này có hiệu lực thi hành kể từ
    ngày 01 tháng 01 năm 2027'), or None ('... kể từ ngày ký' is the issue date)."""
    ctx = Context(issued)
    for text in texts:
        if (match := _EFFECTIVE.search(text)) and (day := _day(match, ctx)):
            return day
    return None


def has_deadline(text: str) -> bool:
    """Does ``text`` give a date, a month, a quarter, a number of days or a recurrence?"""
    return any(p.search(text) for p in (_DATE, _ON_DATE, _MONTH, _QUARTER, _OFFSET, _RECURS))


def _recurrence(text: str, ctx: Context) -> DueGuess | None:
    last_month = _LAST_MONTH.search(text)
    match = _RECURS.search(text) or last_month
    if not match or ctx.issued is None:
        return None
    every = _EVERY[match["p"].lower()]
    period = period_containing(ctx.issued, every)
    if period.cutoff < ctx.issued:
        period = period.next()
    offset = _OFFSET.search(text)
    days = int(offset["n"]) if offset and offset["work"] else 3
    due: dict[str, Any] = {"working_days": days, "after": "cutoff"}
    comment = None if offset else f"assumption: due {days} working days after each period's cut-off"
    todos = []
    if day := _MONTH_DAY.search(text):
        if (every == "month" or last_month) and int(day["d"]) > _CUTOFF_DAY:
            due = {"days": int(day["d"]) - _CUTOFF_DAY, "after": "cutoff"}
            which = "each month" if every == "month" else f"each {every}'s last month"
            comment = f"assumption: '{day.group()}' is day {int(day['d'])} of {which}"
        else:
            todos.append(f"'{day.group()}': set the recurrence's due to that day")
    dates = [m.group().strip(" ,") for m in _DATE.finditer(text) if _day(m, ctx)]
    if dates:
        todos.append(f"also gives {', '.join(dates)}: a one-off task beside the recurrence?")
    recurrence = {"every": every, "first": period.label, "due": due}
    todo = "; ".join(todos) or None
    return DueGuess(recurrence=recurrence, confidence=0.5, comment=comment, todo=todo)


def _from_date(text: str, ctx: Context) -> DueGuess | None:
    """N (working) days counted from a date the notice writes, not from the issue date."""
    match = _FROM_DATE.search(text)
    start = _day(match, ctx) if match else None
    if match is None or start is None:
        return None
    return _counted(match, start)


def _before_event(text: str, ctx: Context) -> DueGuess | None:
    """'05 ngày làm việc trước ngày tổ chức Lễ ...': a deadline that the event's date sets."""
    match = _BEFORE_EVENT.search(text)
    if not match:
        return None
    written = match.group().strip()
    due = {"event": written[0].upper() + written[1:], "date": None, "as_written": written}
    unit = "working days" if match["work"] else "days"
    todo = f"pin the event to a date: the task is due {int(match['n'])} {unit} before it"
    return DueGuess(due, confidence=0.4, todo=todo)


def _explicit(text: str, ctx: Context) -> DueGuess | None:
    found = [(day, m) for m in _DATE.finditer(text) if (day := _day(m, ctx)) is not None]
    found += [
        (day, m)
        for m in _UNTIL.finditer(text)
        if (day := _day(m, ctx)) is not None and not _PERIOD_OF.search(text[: m.start()])
    ]
    found = found or [(day, m) for m in _ON_DATE.finditer(text) if (day := _day(m, ctx))]
    if not found:
        return None
    day, match = max(found, key=lambda pair: pair[0])
    written = match.group().strip(" ,")
    others = [m.group().strip(" ,") for _, m in found if m is not match]
    comment = _year_note(match, ctx, day)
    if others:
        comment = "; ".join(filter(None, [comment, "also mentions: " + ", ".join(others)]))
    todo = _past(written, day, ctx)
    confidence = 0.3 if todo else 0.9
    due = {"date": day, "as_written": written}
    return DueGuess(due, confidence=confidence, comment=comment, todo=todo)


def _past(written: str, day: date, ctx: Context) -> str | None:
    """A deadline before the issue date is history ('đã giao ... trước ngày 15/3/2025')."""
    if ctx.issued is None or day >= ctx.issued:
        return None
    return f"'{written}' is before the issue date ({ctx.issued.isoformat()}): a past task? check it"


def _invalid(text: str, ctx: Context) -> DueGuess | None:
    """'trước ngày 31/11/2024': a deadline with a day the month does not have."""
    for match in _DATE.finditer(text):
        month, year = match["m"] or match["mw"], match["y"] or match["yw"]
        if month and _day(match, ctx) is None and (year or ctx.issued):
            written = match.group().strip(" ,")
            return DueGuess(todo=f"'{written}' is not a valid date: check it and add due")
    return None


def _day(match: re.Match[str], ctx: Context) -> date | None:
    month = match["m"] or match["mw"]
    year_text = match["y"] or match["yw"]
    if month is None or (year_text is None and ctx.issued is None):
        return None
    year = int(year_text) if year_text else _issue_year(ctx)
    try:
        day = date(year, int(month), int(match["d"]))
    except ValueError:
        return None
    if year_text is None and ctx.issued and day < ctx.issued:
        day = day.replace(year=year + 1)
    return day


def _issue_year(ctx: Context) -> int:
    return ctx.issued.year if ctx.issued else date.today().year


def _year_note(match: re.Match[str], ctx: Context, day: date) -> str | None:
    if match["y"] or match["yw"]:
        return None
    return f"assumption: the year ({day.year}) is taken from the issue date"


def _offset(text: str, ctx: Context) -> DueGuess | None:
    match = _OFFSET.search(text)
    if not match:
        return None
    unit = "working_days" if match["work"] else "days"
    start = (match["from"] or "").strip()
    if start and not _ISSUE_START.search(start):
        # 'kể từ ngày kết thúc đợt tiêm': counted from an event the notice does not date
        written = match.group().strip(" ,")
        event: dict[str, Any] = {"event": f"{start[0].upper()}{start[1:]}", "date": None}
        event["as_written"] = written
        what = "working days" if match["work"] else "days"
        todo = f"pin the event to a date: the task is due {int(match['n'])} {what} after it"
        return DueGuess(event, confidence=0.4, todo=todo)
    if _IN_FORCE.search(start) and ctx.effective and ctx.effective != ctx.issued:
        return _counted(match, ctx.effective, "the day the notice takes effect")
    anchor = "meeting" if "họp" in start and ctx.meeting else "issued"
    due = {unit: int(match["n"]), "after": anchor, "as_written": match.group().strip(" ,")}
    notes = []
    if match["from"] and "nhận" in match["from"]:
        notes.append("counted from the issue date (the notice says from receipt)")
    if unit == "working_days" and anchor == "issued" and ctx.issued is not None:
        day = default_calendar().add_working_days(ctx.issued, int(match["n"]))
        notes.append(f"falls on {day.isoformat()} on the working-day calendar (check swapped days)")
    return DueGuess(due, confidence=0.8, comment="; ".join(notes) or None)


def _counted(match: re.Match[str], start: date, what: str | None = None) -> DueGuess:
    """N (working) days after ``start``, a day the notice names (``what``, if it is
    named for something), as a date."""
    count = int(match["n"])
    after = f"{what} ({start.isoformat()})" if what else start.isoformat()
    if match["work"]:
        day = default_calendar().add_working_days(start, count)
        how = f"{count} working days after {after} on the working-day calendar"
    else:
        day = default_calendar().next_working_day(start + timedelta(days=count))
        how = f"{count} days after {after}, moved off a day off"
    due = {"date": day, "as_written": match.group().strip(" ,")}
    return DueGuess(due, confidence=0.7, comment=f"assumption: {how} (check swapped days)")


def _months_after(text: str, ctx: Context) -> DueGuess | None:
    """'Sau 06 tháng kể từ ngày Quy chế có hiệu lực': a date N months after the day the
    notice takes effect (or its issue date); from any other start, an event to pin."""
    match = _MONTHS_AFTER.search(text)
    if match is None or ctx.issued is None:
        return None
    start_text, months = match["from"].strip(), int(match["n"])
    written = match.group().strip(" ,")
    day_written = _WRITTEN_DAY.match(start_text)
    if day_written and (start := _day(day_written, ctx)):
        return _months_from(start, months, written, start.isoformat())
    if not _ISSUE_START.search(start_text):
        event = {"event": f"{start_text[0].upper()}{start_text[1:]}", "date": None}
        todo = f"pin the event to a date: the task is due {months} months after it"
        return DueGuess({**event, "as_written": written}, confidence=0.4, todo=todo)
    effective = _IN_FORCE.search(start_text) and ctx.effective
    start = ctx.effective if effective and ctx.effective else ctx.issued
    what = "the day the notice takes effect" if effective else "the issue date"
    return _months_from(start, months, written, f"{what} ({start.isoformat()})")


def _months_from(start: date, months: int, written: str, what: str) -> DueGuess:
    """The day ``months`` months after ``start`` (the month's last day when it is shorter),
    moved off a day off."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    day = default_calendar().next_working_day(date(year, month, min(start.day, last)))
    comment = f"assumption: {months} months after {what}, moved off a day off"
    return DueGuess({"date": day, "as_written": written}, confidence=0.7, comment=comment)


def _month(text: str, ctx: Context) -> DueGuess | None:
    match = _MONTH.search(text)
    month = int(match["m2"] or match["m"]) if match else 0
    if not match or not 1 <= month <= 12 or not (match["y"] or ctx.issued):
        return None
    year = int(match["y"]) if match["y"] else _issue_year(ctx)
    if not match["y"] and match["y1"]:
        # 'trong tháng 12/2026 và tháng 01': the year of the first month, or the next one
        year = int(match["y1"]) + (month < int(match["m"]))
    elif not match["y"] and ctx.issued and month < ctx.issued.month:
        year += 1  # "trong tháng 01" in a notice of December: next January
    due = {"month": f"{year:04d}-{month:02d}", "as_written": match.group().strip(" :")}
    given = match["y"] or match["y1"]
    note = None if given else f"assumption: the year ({year}) is taken from the issue date"
    return DueGuess(due, confidence=0.8, comment=note)


def _quarter(text: str, ctx: Context) -> DueGuess | None:
    match = _QUARTER.search(text)
    if not match or not (match["y"] or ctx.issued):
        return None
    number = _ROMAN.get(match["q"].upper()) or int(match["q"])
    year = int(match["y"]) if match["y"] else _issue_year(ctx)
    if not match["y"] and ctx.issued and number < (ctx.issued.month + 2) // 3:
        year += 1  # "trong quý I" in a notice of November: next year's
    due = {"quarter": f"{year:04d}-Q{number}", "as_written": match.group().strip()}
    note = None if match["y"] else f"assumption: the year ({year}) is taken from the issue date"
    return DueGuess(due, confidence=0.8, comment=note)


def _year_end(text: str, ctx: Context) -> DueGuess | None:
    match = _YEAR_END.search(text)
    if not match or not (match["y"] or ctx.issued):
        return None
    year = int(match["y"]) if match["y"] else _issue_year(ctx)
    due = {"month": f"{year:04d}-12", "as_written": match.group().strip()}
    return DueGuess(due, confidence=0.6, comment="assumption: the end of the year is December")


def _event(text: str, ctx: Context) -> DueGuess | None:
    match = _EVENT.search(text)
    if not match:
        return None
    written = match.group().strip()
    due = {"event": written[0].upper() + written[1:], "date": None, "as_written": written}
    return DueGuess(due, confidence=0.4, todo="pin the event to a date")


def _standing(text: str, ctx: Context) -> DueGuess | None:
    match = _STANDING.search(text)
    if not match:
        return None
    return DueGuess({"standing": match.group().lower()}, confidence=0.7)


def _vague(text: str, ctx: Context) -> DueGuess | None:
    match = _VAGUE.search(text)
    if not match:
        return None
    return DueGuess(todo=f"'{match.group()}' gives no date: add due", confidence=0.2)


_READERS: tuple[Callable[[str, Context], DueGuess | None], ...] = (
    _recurrence,
    _from_date,
    _explicit,
    _invalid,
    _before_event,
    _offset,
    _months_after,
    _month,
    _quarter,
    _year_end,
    _event,
    _standing,
    _vague,
)
