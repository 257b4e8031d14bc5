"""The body of a notice -> its outline (parts, sections, lettered items, bullets) -> tasks.

One task per bullet ("s1-b1"), per lettered item ("s1-a"), per paragraph of a section
("s2", or "s2-p1", "s2-p2" when a section has several), or per section whose heading
carries the task itself. Owners come from the item or are inherited from its heading;
attribute lines ("Cơ quan chủ trì: ...", "Thời gian: ...") describe their parent item.
Headings that only name owners, attendee lists and closing sentences are not tasks.
Tasks outside any numbered section take section "0".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from directive_flow.definition.agencies import fold
from directive_flow.draft.clauses import CLOSING as _CLOSING
from directive_flow.draft.clauses import Clause, ClauseReader
from directive_flow.draft.deadlines import Context, has_deadline, read_due
from directive_flow.draft.document import NOBODY, DueGuess, Line, Name, Relay, Task
from directive_flow.draft.owners import Intro, Owners

_MARKERS = (
    ("part", re.compile(r"^(?P<label>[IVX]{1,5})[.)]\s+(?P<text>.+)$")),
    ("sub", re.compile(r"^(?P<label>\d{1,2}\.\d{1,2})\.?\s+(?P<text>.+)$")),
    ("section", re.compile(r"^(?P<label>\d{1,2})[.)]\s+(?P<text>.+)$")),
    ("letter", re.compile(r"^(?P<label>[a-zđ])[).]\s+(?P<text>.+)$")),
    ("bullet", re.compile(r"^-\s+(?P<text>.+)$")),
    ("plus", re.compile(r"^\+\s*(?P<text>.+)$")),
)
_LEVEL = {"root": -1, "part": 0, "section": 1, "sub": 2, "letter": 2, "bullet": 3, "plus": 4}
_ATTR_LEAD = re.compile(r"^(?:Cơ quan|Đơn vị)\s+(?:chủ trì|thực hiện)\s*:\s*(?P<v>.+)$", re.I)
_ATTR_COORD = re.compile(r"^(?:Cơ quan|Đơn vị)\s+phối hợp\s*:\s*(?P<v>.+)$", re.I)
_ATTR_TIME = re.compile(r"^Thời (?:gian|hạn)[^:]{0,30}:\s*(?P<v>.+)$", re.I)
_ATTR_OTHER = re.compile(r"^(?:Sản phẩm|Kết quả đầu ra|Kinh phí)[^:]{0,20}:", re.I)
_EVENT_WORDS = re.compile(
    r"^(?:chủ trì,?\s*)?tổ chức (?:các |một |01 )?(?:cuộc )?(?:họp|hội thảo|hội nghị|lễ|tập huấn|diễn đàn|ngày hội|hội thi|giao lưu)",
    re.I,
)
_PLAN_WORDS = re.compile(
    r"(?:xây dựng|ban hành|lập|có|dự thảo|trình)\s+(?:các\s+)?(?:kế hoạch|đề án|phương án|quy chế|chương trình hành động|hướng dẫn)",
    re.I,
)
_REPORT_WORDS = re.compile(r"báo cáo|tổng hợp", re.I)
_DATA_WORDS = re.compile(r"cung cấp (?:thông tin,? )?số liệu", re.I)
_AIMS = re.compile(r"^(?:mục đích|mục tiêu|yêu cầu|quan điểm|căn cứ|sự cần thiết)\b", re.I)
"""A heading whose items state aims, not tasks ("I. MỤC ĐÍCH, YÊU CẦU")."""
_CONTENT = re.compile(r"^(?:(?:cac )?nhiem vu|giai phap|noi dung)\b")
"""A plan's part of tasks ("II. NHIỆM VỤ, GIẢI PHÁP") ..."""
_EXECUTION = re.compile(r"^to chuc thuc hien\b")
"""... and the part that gives them to owners ("III. TỔ CHỨC THỰC HIỆN"): before it, the
items that name no owner are the plan's content, which the owners below carry out."""
_TASK_VERB = re.compile(
    r"^(?:ra soat|bao cao|trien khai|hoan thanh|hoan thien|to chuc|xay dung|kiem tra|tham muu"
    r"|huong dan|tuyen truyen|day manh|tang cuong|thuc hien|chu dong|phoi hop|tap trung"
    r"|khan truong|nghien cuu|de xuat|bo tri|chuan bi|tong hop|cung cap|gui|chi dao|theo doi"
    r"|ban hanh|trinh|lap|cap nhat|giai quyet|xu ly|sua doi|bo sung|bao dam|dam bao)\b"
)
"""The imperative verbs an item opens with when it is a task ("Rà soát ...", "Báo cáo ...")."""
_WRAP_UP = re.compile(
    r"^(?:khẩn trương\s+|kịp thời\s+)?(?:(?:triển khai\s+|tổ chức\s+)?thực hiện\b[^,;.]{0,40}"
    r"[,;]?\s*(?:và\s+)?)?(?:gửi|báo cáo|nộp|hoàn thành|hoàn tất)\b",
    re.I,
)
"""A request to the owners above that closes their tasks: it lends its date to them."""
_WRAP_TAIL = re.compile(
    r"[,;]\s*(?:đồng thời\s+)?(?:và\s+)?(?P<verb>gửi|nộp|báo cáo|trình|hoàn thành|hoàn tất)\b", re.I
)
"""The wrap-up that closes a sentence: '..., gửi về ... trước ngày', '...; hoàn thành ...'."""
_ASKS = re.compile(r"\b(?:đề nghị|yêu cầu|giao)\s+(?=\S)", re.I)
_SENDS = frozenset({"gửi", "nộp", "báo cáo"})
_RECIPIENT = re.compile(r"\b(?:về|qua|thông qua|cho|tới|đến)\s+(?P<to>[^,;.()]+)")
_QUOTED_WORDS = 14


@dataclass
class Node:
    """One item of the outline."""

    kind: str
    label: str
    text: str
    first: int
    last: int
    children: list[Node] = field(default_factory=list)
    head: str = ""
    """The item's first original line, when the lines below it were joined onto it."""
    below: int = 0
    """The line number where the joined text after ``head`` begins."""


def outline(lines: list[Line]) -> Node:
    """The notice body as a tree: parts > sections > lettered items > bullets > '+' items."""
    root = Node("root", "", "", 0, 0)
    stack = [root]
    for line in lines:
        kind, label, text = classify(line.text)
        node = Node(kind, label, text, line.first, line.last)
        if line.breaks and kind != "para":
            offset, node.below = line.breaks[0]
            node.head = text[: offset - (len(line.text) - len(text))].strip()
        if kind == "para":
            while _LEVEL[stack[-1].kind] > 2:
                stack.pop()
            stack[-1].children.append(node)
            continue
        while _LEVEL[stack[-1].kind] >= _LEVEL[kind]:
            stack.pop()
        stack[-1].children.append(node)
        stack.append(node)
    return root


def classify(text: str) -> tuple[str, str, str]:
    """(kind, label, text without its marker) of one line."""
    for kind, pattern in _MARKERS:
        if match := pattern.match(text):
            return kind, match.groupdict().get("label") or "", match["text"].strip()
    return "para", "", text


@dataclass(frozen=True)
class Scope:
    """What an item inherits from its headings: owners, coordinators, heading wording."""

    section: str = "0"
    ident: str = ""
    leads: tuple[Name, ...] = ()
    coordinators: tuple[Name, ...] = ()
    heading: str = ""
    aims: bool = False
    """Under a heading of aims ("I. MỤC ĐÍCH, YÊU CẦU"): an item without owner is no task."""
    loose: bool = False
    """The owners come from a letter's lead-in ('Sở X đề nghị UBND các huyện ... nội dung
    sau:'): an item's own owner after 'giao' ('Sở X giao Chi cục Y ...') still counts."""


class TaskReader:
    """Walks the outline and turns items into tasks."""

    def __init__(self, owners: Owners, ctx: Context, clauses: ClauseReader | None = None) -> None:
        self.owners = owners
        self.ctx = ctx
        self.clauses = clauses or ClauseReader(owners)
        self.tasks: list[Task] = []
        self._split: dict[tuple[str, bool], list[Clause]] = {}

    def read(self, root: Node) -> list[Task]:
        """Every task of the outline, in document order."""
        self._children(root, Scope())
        return self.tasks

    def _children(self, node: Node, scope: Scope) -> None:
        content = [c for c in node.children if not _attribute(c.text)]
        counters: dict[str, int] = {}
        singles = sum(1 for c in content if c.kind == "para" and self._worth(c, scope))
        executed = [
            k for k, c in enumerate(content) if c.kind == "part" and _EXECUTION.match(fold(c.text))
        ]
        for k, child in enumerate(content):
            if child.kind == "para" and not self._worth(child, scope):
                scope = self._lead_in(child, scope)
                continue
            key = "para" if child.kind == "para" else child.kind
            counters[key] = counters.get(key, 0) + 1
            sub = _child_scope(scope, child, counters[key], singles)
            if child.kind == "part" and executed and k < executed[-1]:
                sub = replace(sub, aims=sub.aims or bool(_CONTENT.match(fold(child.text))))
            self._visit(child, sub)

    def _lead_in(self, node: Node, scope: Scope) -> Scope:
        """'Sở Y tế chủ trì, phối hợp với ... các nội dung sau:' sets the owners that follow."""
        intro = self.owners.intro(node.text) if node.text.endswith(":") else None
        if scope.ident and intro and (intro.leads or intro.coordinators):
            return replace(_with_intro(scope, intro, ""), heading=scope.heading)
        if not scope.ident and not scope.leads and node.text.endswith(":"):
            # a letter's 'Sở X đề nghị UBND các huyện ... thực hiện một số nội dung sau:'
            asked = self.split(node.text, False)
            last = asked[-1] if asked else None
            if (
                last
                and last.leads
                and not (last.history or last.refers)
                and _ASKS.search(last.text)
            ):
                return replace(scope, leads=tuple(last.leads), coordinators=(), loose=True)
        return scope

    def _visit(self, node: Node, scope: Scope) -> None:
        node = self._unglue(node)
        intro = self.owners.intro(node.text)
        inner = self._attributes(node, _with_intro(scope, intro, node.text))
        if any(not _attribute(c.text) and not _CLOSING.search(c.text) for c in node.children):
            if _finished(node) and not (intro and intro.intro_only):
                self._clauses(node, inner, self.split(node.text, _inherits(scope)), scope.heading)
            self._children(node, inner)
        elif not (intro and intro.intro_only) and not node.text.endswith(":"):
            self._clauses(node, inner, self.split(node.text, _inherits(scope)), scope.heading)

    def _unglue(self, node: Node) -> Node:
        """'3. Sở Tài chính' over 'Tham mưu UBND tỉnh ...', joined as one line: the heading
        names the owners, the text below it is their task (a paragraph of the item)."""
        rest = node.text[len(node.head) :].strip()
        if not node.head or not rest[:1].isupper() or not node.text.startswith(node.head):
            return node
        if not self.owners.heading_names(node.head):
            return node
        body = Node("para", "", rest, node.below, node.last)
        return replace(
            node, text=node.head, last=node.first, head="", children=[body, *node.children]
        )

    def split(self, text: str, inherited: bool) -> list[Clause]:
        """The clauses of one item's text (cached: paragraphs are weighed, then read)."""
        key = (text, inherited)
        if key not in self._split:
            self._split[key] = self.clauses.split(text, inherited=inherited)
        return self._split[key]

    def _clauses(self, node: Node, scope: Scope, clauses: list[Clause], heading: str) -> None:
        """One task per clause; a clause without owners takes the item's."""
        if len(clauses) > 1:
            scope = replace(scope, heading=heading)  # the paragraph's dates are the clauses' own
        dues = _shared([self._due(c.text, scope) for c in clauses], clauses)
        for k, (clause, due) in enumerate(zip(clauses, dues, strict=True), 1):
            ident = scope.ident if len(clauses) == 1 else f"{scope.ident}-{k}".lstrip("-")
            sub = replace(scope, ident=ident)
            if clause.refers:
                self._refer(node, sub, clause, due)
                continue
            if clause.leads:
                sub = replace(
                    sub, leads=tuple(clause.leads), coordinators=tuple(clause.coordinators)
                )
            if sub.leads:
                self._emit(node, sub, clause, due)
            elif self._unowned(sub, clause):
                self._emit(node, replace(sub, leads=(NOBODY,)), clause, due)

    def _unowned(self, scope: Scope, clause: Clause) -> bool:
        """An item that reads as a task ("Rà soát ...") but names no owner anywhere: drafted
        with a TODO rather than lost. Aims ("I. MỤC ĐÍCH, YÊU CẦU") and history are none."""
        text = clause.text.strip()
        return (
            not scope.aims
            and not clause.history
            and not text.isupper()
            and bool(_TASK_VERB.match(fold(text)))
        )

    def _refer(self, node: Node, scope: Scope, clause: Clause, due: DueGuess) -> None:
        """'Các cơ quan, đơn vị nêu trên gửi báo cáo ... trước ngày 25/4/2025': the owners
        named above it (or the addressees). An owner whose tasks above have no date gets
        this one for them, and they feed the report's recipient; the others get the task."""
        owners = list(clause.leads) or (list(scope.leads) if clause.refers == "you" else [])
        owners = owners or self._above(clause.text)
        if not owners and scope.aims:
            return  # 'Các cơ quan, đơn vị xác định rõ trách nhiệm ...' under the aims
        if not owners:
            self._emit(node, replace(scope, leads=(NOBODY,), coordinators=()), clause, due)
            return
        lends = (due.due is not None or due.recurrence is not None) and bool(
            _WRAP_UP.match(clause.rest)
        )
        relay = Relay(clause.text, scope.section, node.first, node.last)
        lent = replace(
            due, confidence=round(due.confidence * 0.8, 2), comment=_lent(due, node, clause)
        )
        rest: list[Name] = []
        for owner in owners:
            undated = [t for t in self.tasks if t.lead.value == owner.value and _undated(t.due)]
            for task in undated if lends else []:
                task.due, task.relay = lent, relay
            if not (lends and undated):
                rest.append(owner)
        if rest:
            start = len(self.tasks)
            self._emit(node, replace(scope, leads=tuple(rest), coordinators=()), clause, due)
            for task in self.tasks[start:] if not clause.leads else []:
                task.notes.append(f"assumption: '{clause.reference}' read as the owners above it")

    def _above(self, text: str) -> list[Name]:
        """The owners of the tasks drafted so far, but not the report's recipient."""
        recipients = set[str | None]()
        for match in _RECIPIENT.finditer(text):
            names, _ = self.owners.leading(match["to"].strip())
            recipients |= {n.code for n in names if n.code}
        seen: dict[str, Name] = {}
        for task in self.tasks:
            if task.lead.how != "missing" and task.lead.code not in recipients:
                seen.setdefault(task.lead.value, task.lead)
        return list(seen.values())

    def _worth(self, node: Node, scope: Scope) -> bool:
        """A paragraph that gives a task (outside sections, only with its own owner)."""
        intro = self.owners.intro(node.text)
        if not node.text or (intro and intro.intro_only) or node.text.endswith(":"):
            return False
        clauses = self.split(node.text, _inherits(scope))
        return any(c.leads or c.refers for c in clauses) or (bool(clauses) and scope.ident != "")

    def _attributes(self, node: Node, scope: Scope) -> Scope:
        for child in node.children:
            if match := _ATTR_LEAD.match(child.text):
                scope = replace(scope, leads=tuple(self._names(match["v"])))
            elif match := _ATTR_COORD.match(child.text):
                scope = replace(scope, coordinators=tuple(self._names(match["v"])))
            elif match := _ATTR_TIME.match(child.text):
                scope = replace(scope, heading=f"{child.text} {scope.heading}")
        return scope

    def _names(self, text: str) -> list[Name]:
        text = text.strip(" .;")
        return self.owners.name_list(text) or [self.owners.resolver.resolve(text)]

    def _emit(self, node: Node, scope: Scope, clause: Clause, due: DueGuess) -> None:
        last = max([node.last, *(c.last for c in node.children if _attribute(c.text))])
        title = clause.text.strip()
        for k, lead in enumerate(scope.leads, 1):
            ident = (
                scope.ident if len(scope.leads) == 1 else f"{scope.ident}-{lead.code or f'o{k}'}"
            )
            coordinators = [c for c in scope.coordinators if c.value != lead.value]
            task = Task(ident, scope.section, title, node.first, last, lead, coordinators, due)
            task.deliverable = deliverable(title)
            if clause.recalls:
                task.notes.append(f"re-deadlines the task given by {clause.recalls}")
            if _DATA_WORDS.search(title):
                task.notes.append("supplies figures: a 'data' deliverable could list its fields")
            self.tasks.append(task)

    def _due(self, text: str, scope: Scope) -> DueGuess:
        guess = read_due(text, self.ctx)
        if guess.due is None and guess.recurrence is None and scope.heading:
            inherited = read_due(scope.heading, self.ctx)
            if inherited.due is not None or inherited.recurrence is not None:
                return replace(inherited, confidence=round(inherited.confidence * 0.8, 2))
        return guess


def _shared(dues: list[DueGuess], clauses: list[Clause]) -> list[DueGuess]:
    """'Sở A chuẩn bị ...; Sở B chuẩn bị ..., gửi về trước ngày 19/4': one date for both."""
    out = list(dues)
    for k in range(len(out) - 2, -1, -1):
        later = out[k + 1]
        if (
            out[k].due is None
            and out[k].recurrence is None  # '... triển khai hàng năm; ...': its own
            and not has_deadline(clauses[k].text)  # its own, though unread (no issue date)
            and later.due is not None
            and _same_sentence(clauses, k)
            and _lends(clauses[k], clauses[k + 1])
        ):
            note = "assumption: the deadline at the end of the sentence applies here too"
            out[k] = replace(later, confidence=round(later.confidence * 0.8, 2), comment=note)
    return out


def _lends(clause: Clause, later: Clause) -> bool:
    """Does the date at the end of ``later`` serve ``clause`` too? Always for the same owner
    ('...; đồng thời ..., báo cáo trong tháng 11'); for another owner only from a wrap-up
    that closes the sentence: its own piece ('...; Sở B thẩm định ...; hoàn thành, báo cáo
    trước ngày 15/01'), or sending a document that ``clause`` prepares too ('Sở A chuẩn bị
    báo cáo ...; Sở B chuẩn bị ..., gửi về ... trước ngày 19/4'). 'Sở A hướng dẫn ...; Sở B
    thẩm duyệt ... trong tháng 02' and '..., trình UBND tỉnh trong 15 ngày' are B's alone."""
    if not clause.leads or _who(clause) == _who(later):
        return True
    tail = next(
        (m for m in _WRAP_TAIL.finditer(later.text) if has_deadline(later.text[m.start() :])),
        None,
    )
    if tail is None:
        return False
    return tail.group().startswith(";") or (
        tail["verb"].lower() in _SENDS and deliverable(clause.text) != "action"
    )


def _who(clause: Clause) -> set[str]:
    """The owners as written: 'UBND các huyện biên giới' is not 'UBND các huyện, thành phố'
    though both are drafted as the district group."""
    return {fold(n.text) for n in clause.leads}


def _same_sentence(clauses: list[Clause], k: int) -> bool:
    return clauses[k].sentence == clauses[k + 1].sentence


def _inherits(scope: Scope) -> bool:
    """Does an item inherit owners that only an owner at its start replaces?"""
    return bool(scope.leads) and not scope.loose


def _undated(due: DueGuess) -> bool:
    return due.due is None and due.recurrence is None


def _lent(due: DueGuess, node: Node, clause: Clause) -> str:
    words = clause.text.split()
    quoted = " ".join(words[:_QUOTED_WORDS]) + (" ..." if len(words) > _QUOTED_WORDS else "")
    note = f"the date comes from line {node.first} ('{quoted}'), set for the owners above it"
    return f"{note}; {due.comment.removeprefix('assumption: ')}" if due.comment else note


def _with_intro(scope: Scope, intro: Intro | None, text: str) -> Scope:
    scope = replace(scope, heading=f"{scope.heading} {text}".strip())
    if intro is None:
        return scope
    if intro.leads:
        scope = replace(scope, leads=tuple(intro.leads), coordinators=())
    if intro.coordinators:
        scope = replace(scope, coordinators=tuple(intro.coordinators))
    return scope


def _child_scope(scope: Scope, child: Node, count: int, paragraphs: int) -> Scope:
    base = scope.ident
    if child.kind in ("part", "section", "sub"):
        section = (
            f"{scope.section}.{child.label}"
            if child.kind == "section" and scope.section != "0"
            else child.label
        )
        ident = "s" + slug(section)
        scope = replace(scope, aims=scope.aims or bool(_AIMS.match(child.text)))
    elif child.kind == "letter":
        section = f"{scope.section}.{child.label}" if scope.section != "0" else child.label
        ident = f"{base}-{slug(child.label)}" if base else "s" + slug(child.label)
    else:
        section = scope.section
        suffix = {"bullet": f"b{count}", "plus": f"{count}", "para": f"p{count}"}[child.kind]
        single = child.kind == "para" and paragraphs == 1 and base
        ident = base if single else f"{base}-{suffix}" if base else suffix
    return replace(scope, section=section, ident=ident)


def _finished(node: Node) -> bool:
    """An item whose own text is a whole task ("4. Giao Sở X ..., trình UBND tỉnh trước
    ngày 09/5/2025."): the paragraphs under it do not replace it."""
    return (
        node.kind != "root"
        and node.text.rstrip("/").endswith(".")
        and all(c.kind == "para" for c in node.children)
    )


def _attribute(text: str) -> bool:
    return bool(
        _ATTR_LEAD.match(text)
        or _ATTR_COORD.match(text)
        or _ATTR_TIME.match(text)
        or _ATTR_OTHER.match(text)
    )


def deliverable(text: str) -> str:
    """What the task hands in, guessed from its wording."""
    if _EVENT_WORDS.search(text):
        return "event"
    if _PLAN_WORDS.search(text):
        return "plan"
    if _REPORT_WORDS.search(text) or _DATA_WORDS.search(text):
        return "report"
    return "action"


def slug(text: str) -> str:
    """An id-safe form: 'III.1' -> 'iii-1', '2.a' -> '2-a'."""
    return "-".join(fold(text).split()) or "x"
