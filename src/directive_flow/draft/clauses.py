"""Running prose -> assignment clauses, each with its owners.

A paragraph is cut into sentences, and at a semicolon when an owner follows it. A piece
names its owners at its start ("Sở Tài chính tham mưu ...", "Giám đốc các Sở: Tư pháp, Nội
vụ ...") or after an assignment verb ("UBND tỉnh giao Sở X ...", "Chủ tịch UBND tỉnh yêu cầu
giám đốc các sở, ngành và chủ tịch UBND các huyện ...", "... đề nghị quý cơ quan ..."); a
piece without owners continues the clause before it. An owner list cut by a semicolon
("Thủ trưởng các sở là chủ đầu tư; Chủ tịch UBND các huyện tập trung ...") is joined again.

In a letter, "quý cơ quan" and "các cơ quan, đơn vị liên quan" mean its addressees. A
sentence that recalls an earlier assignment ("UBND tỉnh đã giao ...", "Tại Thông báo số
98/TB-UBND ..., Chủ tịch UBND tỉnh giao ...") and the "đến nay ... chưa ..." that follows
are history: the new request that follows re-deadlines that task, and says so in a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directive_flow.draft.deadlines import has_deadline
from directive_flow.draft.document import Name
from directive_flow.draft.duties import ANOTHER, bound, reported
from directive_flow.draft.owners import ATTENDEES, Intro, Owners
from directive_flow.draft.resolve import fold

_SENTENCE = re.compile(
    r"(?<![\s(]TP\.)(?<![\s(]Tp\.)(?<![\s(]TX\.)(?<![\s(]TS\.)(?<!\sQ\.)(?<!\sP\.)(?<!\sĐ/c\.)"
    r"(?<=[.!?])\s+(?=[(\"“A-ZĐÀ-Ỹ])|;\s+"
)
"""Sentence ends and semicolons; 'UBND TP. Hồ Chí Minh' does not end a sentence."""
_CONNECTOR = re.compile(
    r"^(?:(?:Theo đó|Đồng thời|Ngoài ra|Bên cạnh đó|Trong đó|Cụ thể|Mặt khác|Sau đó|Cũng theo"
    r"(?: nội dung)? (?:văn bản|công văn|kế hoạch|chỉ thị)(?: này)?|Trên cơ sở đó)\s*,?\s*)+",
    re.I,
)
_ARTICLE = re.compile(r"^Điều\s+\d+\s*[.:]\s*(?:[^.]{0,40}\.\s*)?(?=\S)")
_WHEN = re.compile(
    r"^(?P<when>(?:Trong|Chậm nhất|Muộn nhất|Sau|Kể từ|Trước|Từ|Đến|Hằng|Hàng|Định kỳ)\b"
    r"[^,;.]{2,90}),\s*(?=\S)",
    re.I,
)
"""'Trong thời hạn 20 ngày kể từ ngày Quyết định này có hiệu lực, Sở Nội vụ ...', 'Hằng
tháng, trước ngày 25, UBND các xã ...': time clauses before the owner (the deadline is
still read from the whole piece)."""
_DIGIT = re.compile(r"\d")
_GROUND = re.compile(r"^Căn cứ (?:các )?(?:nội dung|ý kiến)[^,;.:]{0,40},\s*(?=[A-ZĐÀ-Ỹ])")
"""'Căn cứ nội dung trên, Sở Y tế rà soát ...': the ground the owner after it acts on."""
_ABOUT = re.compile(r"^Về\s+[^:;]{3,160}?:\s*(?=\S)")
"""'Về kiến nghị của Công ty X: giao Sở Y ...': the subject the owners' task is about."""
_ASK = re.compile(
    r"(?:^|(?<=[\s,(]))(?:[Gg]iao|[Đđ]ề nghị|[Yy]êu cầu|[Cc]hỉ đạo|chỉ thị)(?:\s*:)?\s+(?=\S)"
)
_HISTORY = re.compile(
    r"\bđã\s+(?:có văn bản\s+)?(?:giao|chỉ đạo|yêu cầu|đề nghị)\b"
    r"(?!\s*(?:[,.;)]|$|(?:theo|đúng|tại|trong|và|nhưng|mà|từ|cho đơn vị)\b))"
    r"|\bđã\s+(?:có|ban hành)\s+(?:Thông báo|Công văn|Văn bản|Kế hoạch|Quyết định|Chỉ thị)\b"
    r"[^.;]{0,80}?\b(?:giao|chỉ đạo|yêu cầu|đề nghị)\b"
    r"|^(?:Tại|Theo)\s+(?:Thông báo|Công văn|Văn bản|Kế hoạch|Quyết định|Chỉ thị)\s+(?:số\s+)?\d",
    re.I,
)
_LATE = re.compile(r"\b(?:đến nay|tuy nhiên)\b.*\bchưa\b", re.I)
LATE_START = re.compile(r"^(?:Tuy nhiên|Nhưng|Song|Đến nay)\b.*\bchưa\b", re.I)
"""'Tuy nhiên, đến nay Sở X vẫn chưa báo cáo.' opening a paragraph: the sentence before it
told an earlier assignment (in a press copy: 'Ngày 12/3/2025, Văn phòng UBND tỉnh ban
hành Văn bản số 310/VP-KT ..., giao Sở X ...'), history too."""
_FOR = re.compile(r"^Đối với\s+(?=\S)")
"""'Đối với UBND các xã, phường cần xây dựng kế hoạch ...': the owner as the subject."""
_FOR_WHAT = re.compile(r"^Đối với\s+[^,;:]{3,90},\s*(?=[A-ZĐÀ-Ỹ])")
"""'Đối với các dự án chậm tiến độ, Sở Xây dựng kiểm tra ...': what the task is about."""
_CITED = re.compile(
    r"(?:Thông báo|Công văn|Văn bản|Kế hoạch|Quyết định|Chỉ thị)\s+(?:số\s+)?\d+[^\s,;]*"
    r"(?:,?\s*ngày\s+\d{1,2}/\d{1,2}/\d{4})?"
)
_UNIT = r"(?:cơ quan|đơn vị|sở|ban|ngành|địa phương|tổ chức)"
_ABOVE = re.compile(
    rf"^(?:các|những)\s+{_UNIT}(?:\s*,\s*{_UNIT})*\s+(?:được\s+)?"
    r"(?:nêu trên|kể trên|trên(?!\s+(?:địa bàn|cơ sở))|có tên (?:ở|tại) trên"
    r"|được giao(?:\s+chủ trì)?(?:\s+(?:nhiệm vụ|thực hiện))?"
    r"(?:\s+(?:tại|trong|theo)\s+[^,;]{0,40}?\b(?:này|nêu trên|trên)\b)?)(?=\s)",
    re.I,
)
"""'Các cơ quan, đơn vị nêu trên', 'Các sở, ban, ngành được giao nhiệm vụ tại văn bản này':
the owners named above the sentence."""
_HEAD_OF = re.compile(r"^(?:Thủ trưởng|Lãnh đạo|Giám đốc|Người đứng đầu)\s+(?=các\s)", re.I)
_YOU = re.compile(
    r"^(?:quý cơ quan|quý đơn vị|quý sở|các cơ quan, đơn vị(?:,? địa phương)?(?: có)?(?: liên quan)?"
    r"|các (?:cơ quan|đơn vị)(?: có)?(?: liên quan)?|các sở, ngành, địa phương)\b",
    re.I,
)
CLOSING = re.compile(
    r"thông báo (?:để|cho)\b[^.;]{0,80}?\b(?:biết|thực hiện)\W*$"
    r"|(?:để|cho) (?:các )?(?:cơ quan|đơn vị|địa phương)[^.]{0,40}\bbiết"
    r"|\bbiết,? (?:và )?(?:thực hiện|phối hợp)|chịu trách nhiệm trước"
    r"|(?:nghiêm túc|nghiêm chỉnh)(?: triển khai)? thực hiện (?:Chỉ thị|Thông báo|Kế hoạch|Công văn|Quyết định|văn bản) này"
    r"|thực hiện nghiêm (?:túc )?(?:Chỉ thị|Thông báo|Kế hoạch|Công văn|Quyết định|văn bản) này"
    r"|^Trong quá trình (?:tổ chức )?(?:triển khai )?thực hiện|quan tâm,? (?:phối hợp,? )?thực hiện"
    r"|nghiêm túc (?:triển khai )?thực hiện\W*$|chịu trách nhiệm thi hành|Rất mong nhận được"
    r"|^Trân trọng|có hiệu lực (?:thi hành )?kể từ"
    r"|^Nhận được (?:văn bản|công văn|thông báo|kế hoạch|chỉ thị|quyết định) này"
    r"|^Đây là (?:nhiệm vụ|nội dung|công việc|việc)\b[^.]{0,40}\b(?:quan trọng|trọng tâm|cấp bách)"
    r"|thực hiện nghiêm túc(?:,? (?:đúng|kịp) (?:thời hạn|tiến độ|quy định))?\W*$"
    r"|(?:khẩn trương|kịp thời|chủ động),? (?:tổ chức )?(?:triển khai )?thực hiện\s*\./\.?\s*$"
    r"|^Căn cứ (?:các )?(?:nội dung|ý kiến)[^,;.]{0,40},[^;]*(?<!\bvà)(?<!\bđể)(?<!,)"
    r"\s(?:triển khai|tổ chức) thực hiện\W*$",  # not '..., Sở X rà soát ... và tổ chức thực hiện'
    re.I,
)
EXECUTES = re.compile(
    r"\b(?:chịu trách nhiệm|có trách nhiệm|căn cứ (?:Quyết định|Chỉ thị)(?: này)?)\s+thi hành\b"
    r"|(?<!việc )(?<!quả )(?<!hình )(?<!tra )(?<!dõi )(?<!đốc )(?<!dẫn )(?<!sát )"
    r"\bthi hành (?:Quyết định|Chỉ thị) này\b",
    re.I,
)
"""The closing article of a decision ('Chánh Văn phòng UBND tỉnh; Giám đốc các sở: ...;
Tổng biên tập Báo ...; Chủ tịch UBND các xã ... có trách nhiệm thi hành Quyết định này',
'... căn cứ Quyết định thi hành'): every piece of its sentence names whom it binds, none
is a task. Watching how it is carried out is one ('theo dõi, kiểm tra việc thi hành
Quyết định này', 'báo cáo kết quả thi hành ...')."""
_SENT_REPORT = re.compile(r"^(?:(?:Văn bản|Hồ sơ)\s+)?[Bb]áo cáo\s+(?:gửi\s+)?(?:về|đến|tới)\s")
"""'Báo cáo gửi về UBND tỉnh (qua Sở X) chậm nhất ngày 25/6/2024.': when and where the
owners above send what they were asked for."""
_LEADER_NAMES = frozenset({"ubnd huyen", "ubnd tp", "ubnd thi xa", "ubnd quan", "ubnd xa"})
LEADERS = frozenset({"ubnd-tinh", "vp-ubnd", "vpcp", "hdnd-tinh"})
"""Codes of those who give tasks rather than receive them, when they are a sentence's subject."""
_FRAGMENT_WORDS = 5
_ASKED_TAIL = re.compile(r"\b(?:yêu cầu|đề nghị|giao)\s+(?:các|những)\s+[^;:.]{3,100}$", re.I)
"""'... yêu cầu các thành viên Ban chỉ đạo phòng, chống dịch các cấp' before a ';': the
first, unknown, owners of a list the next pieces go on with."""
_QUALIFYING = re.compile(r"^(?:là|có|thuộc|được giao|liên quan|trên địa bàn)\b", re.I)


@dataclass
class Clause:
    """One assignment's wording and owners ([] when it inherits its heading's owners)."""

    text: str
    leads: list[Name] = field(default_factory=list)
    coordinators: list[Name] = field(default_factory=list)
    history: bool = False
    late: bool = False
    """'Tuy nhiên, đến nay ... chưa ...' opens it: the clause before it is history too."""
    past: bool = False
    """What its owners did ('Sở Y tế đã bố trí ...'): dropped, and no task is recalled."""
    recalls: str | None = None
    rest: str = ""
    refers: str = ""
    reference: str = ""
    """The words that name the owners by reference ('Các cơ quan, đơn vị nêu trên')."""
    """'above' ('các cơ quan, đơn vị nêu trên'): the owners named above it; 'you' ('các cơ
    quan, đơn vị liên quan', 'quý cơ quan'): the addressees, else those above it."""
    start: int = 0
    end: int = 0
    sentence: int = 0


@dataclass
class ClauseReader:
    """Cuts prose into clauses for one notice: its addressees and its issuer are known."""

    owners: Owners
    addressees: list[Name] = field(default_factory=list)
    issuer: str | None = None
    recalled: str | None = None

    def split(self, text: str, *, inherited: bool) -> list[Clause]:
        """The clauses of one paragraph; with ``inherited`` owners, only leading owners count."""
        joiner = _Joiner(text)
        attendance = -1
        pieces = _pieces(text)
        closing = {n for a, b, n in pieces if EXECUTES.search(text[a:b])}
        for k, (start, end, sentence) in enumerate(pieces):
            if sentence == attendance or ATTENDEES.match(_CONNECTOR.sub("", text[start:end])):
                attendance = sentence  # "Tham dự cuộc họp có ...; Kho bạc ...; lãnh đạo ..."
                continue
            if sentence in closing:
                continue  # "...; Giám đốc các sở: ...; ... chịu trách nhiệm thi hành ..."
            clause = self.clause(text[start:end], anywhere=not inherited or k > 0)
            clause.start, clause.end, clause.sentence = start, end, sentence
            clause.late = k > 0 and bool(LATE_START.match(text[start:end].strip()))
            joiner.add(clause)
        return self._recall(joiner.done())

    def _recall(self, clauses: list[Clause]) -> list[Clause]:
        """Drop recalled history; the requests after it say which task they re-deadline."""
        out: list[Clause] = []
        for clause in clauses:
            if clause.late and out and not out[-1].history:
                told = out.pop()  # "Ngày ..., X ban hành Văn bản số ... giao ..." before it
                self.recalled = _recalled(told.text) or self.recalled
            if clause.past:
                continue
            if clause.history:
                self.recalled = _recalled(clause.text) or self.recalled or "an earlier document"
                continue
            clause.recalls = self.recalled
            out.append(clause)
        return out

    def clause(self, piece: str, *, anywhere: bool) -> Clause:
        """One sentence or semicolon piece and the owners it names, if any."""
        text = _ABOUT.sub("", _ARTICLE.sub("", _CONNECTOR.sub("", piece.strip())))
        text = _GROUND.sub("", text)
        text = _untimed(text)
        if _FOR.match(text) and self._subject(alt := _FOR.sub("", text, count=1)):
            text = alt  # "Đối với UBND các xã, phường cần xây dựng ..."
        elif (about := _FOR_WHAT.match(text)) and self._subject(text[about.end() :]):
            text = text[about.end() :]  # "Đối với các dự án chậm tiến độ, Sở Xây dựng ..."
        history = bool(_HISTORY.search(text)) or bool(_LATE.search(text))
        if _SENT_REPORT.match(text) and has_deadline(text):
            return Clause(piece, history=history, rest=text, refers="above", reference="Báo cáo")
        if refers := self._refers(text, anywhere=anywhere):
            kind, reference, rest = refers
            leads = list(self.addressees) if kind == "you" else []
            return Clause(piece, leads, [], history, rest=rest, refers=kind, reference=reference)
        found = self._asked(text, anywhere=anywhere)
        if found is None and self._reports(text):
            return Clause(piece, history=history, past=True)
        found = found or self._subject(text)
        if found is None:
            return Clause(piece, history=history)
        return Clause(piece, found.leads, found.coordinators, history, rest=found.rest)

    def _refers(self, text: str, *, anywhere: bool) -> tuple[str, str, str] | None:
        """Owners named by reference, as the subject ('Các cơ quan, đơn vị nêu trên gửi báo
        cáo ...') or after an assignment verb ('Đề nghị các đơn vị báo cáo kết quả ...'):
        ('above' or 'you', those words, the wording that follows them); None when owners
        are named."""
        if found := _reference(text, subject=True):
            return None if found[0] == "you" and self._subject(text) else found
        for match in _ASK.finditer(text):
            before, after = text[: match.start()], text[match.end() :]
            if (match.start() and not anywhere) or not self._gives(before, match.group()):
                continue
            if found := _reference(after, subject=False):
                return found
            intro = self.owners.intro(f"Giao {after}")
            if intro and intro.leads and not all(self._leader(n) for n in intro.leads):
                return None
        return None

    def _subject(self, text: str) -> Intro | None:
        """Owners named first: 'Sở Tài chính tham mưu ...', 'Sở X, Báo Y tuyên truyền ...'."""
        intro = self.owners.intro(text)
        names, rest = self.owners.leading(text)
        more = intro is None or not intro.leads or len(names) > len(intro.leads)
        if names and more and (not rest.strip(" ,;.") or rest[:1].islower()):
            intro = Intro(names, intro.coordinators if intro else [], rest)
        if intro is None or not intro.leads:
            return None
        if all(self._leader(n) for n in intro.leads) and not self._bound(intro):
            return None  # 'UBND tỉnh vừa ban hành ...': the issuer reports, nobody is asked
        return intro

    def _reports(self, text: str) -> bool:
        """Owners first, then what they did: 'Sở Y tế đã chủ động bố trí 20 tỷ đồng.' (the
        issuer's own reports, 'UBND tỉnh vừa ban hành ...', are read as before: nobody's)."""
        names, rest = self.owners.leading(text)
        leaders = all(self._leader(n) for n in names)
        return bool(names) and not leaders and reported(rest)

    def _bound(self, intro: Intro) -> bool:
        """A leader other than the issuer, given a duty ('Ủy ban nhân dân tỉnh Sóc Trăng chủ
        động sử dụng ngân sách ...' in a letter of the Government Office)."""
        return bound(intro.leads, intro.rest, self.issuer)

    def _leader(self, name: Name) -> bool:
        if name.code is not None:
            return name.code in LEADERS or name.code == self.issuer
        return fold(name.text) in _LEADER_NAMES

    def _asked(self, text: str, *, anywhere: bool) -> Intro | None:
        """The owners after an assignment verb: 'X giao Y ...', 'X đề nghị quý cơ quan ...'."""
        for match in _ASK.finditer(text):
            before = text[: match.start()]
            if (match.start() and not anywhere) or not self._gives(before, match.group()):
                continue
            after = text[match.end() :]
            if you := _YOU.match(after):
                if self.addressees:
                    return Intro(list(self.addressees), [], after[you.end() :])
                continue
            intro = self.owners.intro(f"Giao {after}")
            if intro and intro.leads and not all(self._leader(n) for n in intro.leads):
                return intro
        return None

    def _gives(self, before: str, verb: str) -> bool:
        """Whoever precedes 'giao', 'đề nghị', 'yêu cầu' gives; 'chỉ đạo' only from a leader."""
        if re.search(r"\b(?:được|bàn|đã được)\s*$", before):
            return False
        if not verb.lower().startswith("chỉ"):
            return True
        names, _ = self.owners.leading(before.strip(" ,"), strict=True)
        return bool(names) and all(self._leader(n) for n in names)


def _untimed(text: str) -> str:
    """``text`` without the time clauses before its owner, when a capitalised word follows
    them; else ``text`` as it is ('Sau khi nghe báo cáo, ...' names no time)."""
    rest = text
    while (match := _WHEN.match(rest)) and (
        has_deadline(match["when"]) or _DIGIT.search(match["when"])
    ):
        rest = rest[match.end() :]
    return rest if rest is not text and rest[:1].isupper() else text


def _recalled(text: str) -> str | None:
    """The document whose assignment a history sentence recalls: the one its 'đã có ...
    giao' names, else the last cited before it ('Thực hiện Công văn số 456 ..., UBND tỉnh
    đã có Công văn số 800 ... giao ...' recalls 800, not the grounds 456)."""
    cited = list(_CITED.finditer(text))
    history = _HISTORY.search(text)
    if not cited:
        return None
    if history is None:
        return cited[0].group()
    inside = [c for c in cited if history.start() <= c.start() < history.end()]
    before = [c for c in cited if c.start() < history.start()]
    return (inside or before[-1:] or cited[:1])[0].group()


def _reference(text: str, *, subject: bool) -> tuple[str, str, str] | None:
    """('above' or 'you', the words, what follows) when ``text`` opens with owners named by
    reference."""
    text = _HEAD_OF.sub("", text)
    above = _ABOVE.match(text)
    found = above or _YOU.match(text)
    if found is None:
        return None
    rest = text[found.end() :].lstrip(" ,")
    if subject and not rest[:1].islower():
        return None
    return ("above" if above else "you"), found.group(), rest


def _pieces(text: str) -> list[tuple[int, int, int]]:
    """Spans of the sentences and semicolon pieces of ``text``, with their sentence's number."""
    spans, start, sentence = [], 0, 0
    for match in _SENTENCE.finditer(text):
        spans.append((start, match.start(), sentence))
        sentence += ";" not in match.group()
        start = match.end()
    spans.append((start, len(text), sentence))
    return [(a, b, n) for a, b, n in spans if text[a:b].strip()]


@dataclass
class _Joiner:
    """Joins the pieces of a paragraph into clauses, in order."""

    text: str
    out: list[Clause] = field(default_factory=list)
    pending: list[Name] = field(default_factory=list)
    begin: int | None = None
    listing: bool = False

    def add(self, clause: Clause) -> None:
        """Take the next piece."""
        piece = self.text[clause.start : clause.end]
        if CLOSING.search(piece):
            if clause.leads:  # "X chịu trách nhiệm trước ...; chỉ đạo ...": X's task follows
                self.pending, self.begin = clause.leads, clause.start
            return
        if self.listing and clause.leads and self.out:
            self.out[-1].coordinators += clause.leads  # "phối hợp với Sở X; UBND các huyện ..."
            self.out[-1].end, self.listing = clause.end, False
            return
        self.listing = bool(clause.coordinators) and not clause.rest.strip(" ,;")
        if clause.leads and not self.listing and _fragment(clause, piece) and not clause.history:
            if not self.pending and (head := self._unknown_head(clause)) is not None:
                self.begin = head.start  # "yêu cầu các thành viên Ban chỉ đạo ... các cấp; ..."
            self.pending += clause.leads  # an owner list cut by ';': the task follows
            self.begin = clause.start if self.begin is None else self.begin
            return
        if self.pending:
            clause.leads = [*self.pending, *clause.leads]
            clause.start = self.begin if self.begin is not None else clause.start
        self.pending, self.begin = [], None
        self._attach(clause, piece)

    def _unknown_head(self, clause: Clause) -> Clause | None:
        """The piece before an owner list's fragment that asks owners the drafter does not
        know ('Chủ tịch UBND tỉnh yêu cầu các thành viên Ban chỉ đạo ... các cấp; Thủ trưởng
        các sở ...'): the list's head, taken out of the clauses (None if there is none)."""
        last = self.out[-1] if self.out else None
        if last is None or last.sentence != clause.sentence or last.history or last.refers:
            return None
        wording = self.text[last.start : last.end]
        if not _ASKED_TAIL.search(wording) or has_deadline(wording):
            return None
        return self.out.pop()

    def _attach(self, clause: Clause, piece: str) -> None:
        """A piece without owners continues the clause before it, unless both set a deadline."""
        last = self.out[-1] if self.out else None
        if last is None or clause.leads or clause.refers or clause.past:
            self.out.append(clause)
        elif last.past:
            last.end = clause.end  # "Sở Y tế đã bố trí ...; tuy nhiên ...": reported, too
        elif clause.history and not last.history:
            self.out.append(clause)
        elif ANOTHER.match(piece) or (
            has_deadline(piece) and has_deadline(self.text[last.start : last.end])
        ):
            clause.leads, clause.coordinators = list(last.leads), list(last.coordinators)
            clause.refers = last.refers
            self.out.append(clause)  # "nạo vét ... trước ngày 31/5; xây dựng ... trước ngày 10/6"
        else:
            last.end, last.history = clause.end, last.history or clause.history

    def done(self) -> list[Clause]:
        """The clauses, each with its wording."""
        for clause in self.out:
            clause.text = self.text[clause.start : clause.end].strip()
        return self.out


def _fragment(clause: Clause, piece: str) -> bool:
    """A piece that only names owners ('Thủ trưởng các sở, ban, ngành là chủ đầu tư')."""
    if piece.rstrip().endswith((".", ":")):
        return False
    rest = clause.rest.strip(" ,;")
    return not rest or (bool(_QUALIFYING.match(rest)) and len(rest.split()) <= _FRAGMENT_WORDS)
