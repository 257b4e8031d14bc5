"""Who waits on whom, read from purpose clauses.

- "cung cấp ... để Sở X hoàn thiện báo cáo ...": this task supplies Sở X's report task;
- "gửi báo cáo về Sở X trước ..." + "Giao Sở X tổng hợp ...": supplies Sở X's consolidation;
- "(thông qua Phòng Y) để tổng hợp, trình UBND tỉnh": the recipient consolidates and
  submits (an assignment is added when the notice gives the recipient none);
- "theo dõi, đôn đốc ...; định kỳ 6 tháng tổng hợp, báo cáo": this task consolidates
  every other agency's tasks.

A task whose result a later sentence sends on ("Các cơ quan, đơn vị nêu trên gửi báo cáo về
UBND tỉnh (qua Sở Kế hoạch và Đầu tư) trước ngày 25/4/2025 để tổng hợp", its ``relay``) is
read through that sentence. The consumer gets ``depends_on`` (the suppliers) and
``consolidates: true``.
"""

from __future__ import annotations

import re

from directive_flow.draft.document import DueGuess, Name, Relay, Task
from directive_flow.draft.owners import Owners
from directive_flow.draft.resolve import fold

_SUPPLY = re.compile(
    r"\b(?:cung cấp|gửi|báo cáo)\b[^.]*?\b(?:để|cho)\s+(?P<to>[^.;]+?)\s+"
    r"(?:hoàn thiện|hoàn chỉnh|tổng hợp|xây dựng)\b(?P<what>[^;.]*)",
    re.I,
)
_SEND = re.compile(
    r"\b(?:gửi|báo cáo)\b[^.;]*?\bvề\s+(?P<to>[^.;]+?)(?=\s+(?:trước|để|chậm|trong)\b|[,;.(]|$)",
    re.I,
)
_THROUGH = re.compile(
    r"\(\s*(?:thông qua|qua)\s+(?P<via>[^)]+)\)\s*(?:để\s+tổng hợp(?P<what>[^.;]*))?", re.I
)
_IF_NEEDED = re.compile(r"^\s*,?\s*(?:nếu|khi)\s+(?:có|phát sinh|cần)\b", re.I)
"""'báo cáo UBND tỉnh (qua Sở Nội vụ) nếu có vấn đề phát sinh': a report only when needed,
which nobody is set to consolidate."""
_SUBMIT = re.compile(r"\bđể\s+tổng hợp,?\s*(?:báo cáo|trình)\s+(?P<whom>[^.;]+)", re.I)
_MONITOR = re.compile(r"theo dõi,?\s*(?:và\s+)?đôn đốc", re.I)
_CONSOLIDATE = re.compile(r"tổng hợp", re.I)


class Dependencies:
    """Adds ``depends_on`` and ``consolidates`` to drafted tasks."""

    def __init__(self, owners: Owners, tasks: list[Task], issuer: str | None = None) -> None:
        self.owners = owners
        self.tasks = tasks
        self.issuer = issuer  # consolidating for itself is not an assignment to track
        self._relayed: dict[tuple[Relay, str | None], Task] = {}

    def link(self) -> list[Task]:
        """The tasks, linked; consolidation tasks the notice implies are appended."""
        for task in list(self.tasks):
            text = task.relay.text if task.relay else task.title
            if not self._supply(task, text):
                self._send(task, text)
        for task in list(self.tasks):
            if _MONITOR.search(task.title) and _CONSOLIDATE.search(task.title):
                self._monitor(task)
        return self.tasks

    def _agency(self, text: str) -> Name | None:
        names, _ = self.owners.leading(text.strip(), strict=False)
        return names[0] if names and names[0].code else None

    def _supply(self, task: Task, text: str) -> bool:
        match = _SUPPLY.search(text)
        agency = self._agency(match["to"]) if match else None
        if match is None or agency is None:
            return False
        consumer = self._best(agency.code, match["what"], exclude=task)
        if consumer is None:
            task.notes.append(f"feeds {agency.code}, which has no assignment in this notice")
            return True
        return self._add(consumer, task)

    def _send(self, task: Task, text: str) -> None:
        match = _SEND.search(text)
        agency = self._agency(match["to"]) if match else None
        through = _THROUGH.search(text)
        if through and _IF_NEEDED.match(text[through.end() :]):
            return
        via = self._agency(through["via"]) if through else None
        target = via or agency
        if target is None or target.code == task.lead.code:
            return
        consumer = self._best(target.code, "tổng hợp", exclude=task, needs="tổng hợp")
        own = target.code == self.issuer and not through  # the issuer collecting for itself
        if consumer is None and not own and (through or _SUBMIT.search(text)):
            consumer = self._implied(task, text, target, through)
        if consumer is not None:
            self._add(consumer, task)

    def _implied(self, task: Task, text: str, target: Name, through: re.Match[str] | None) -> Task:
        if task.relay and (task.relay, target.code) in self._relayed:
            return self._relayed[task.relay, target.code]
        submit = _SUBMIT.search(text)
        wording = (through.group() if through else submit.group() if submit else "tổng hợp").strip()
        relay, after = task.relay, self.tasks.index(task)
        if relay:  # after the last task the sentence relays, at the sentence's place
            after = max(k for k, t in enumerate(self.tasks) if t.relay == relay)
        where = relay or task
        consumer = Task(
            f"s{'-'.join(fold(relay.section).split())}-tong-hop"
            if relay
            else f"{task.ident}-tong-hop",
            where.section,
            relay.text if relay else wording.lstrip("( "),
            where.first,
            where.last,
            target,
            due=DueGuess(todo="the notice gives no deadline for the consolidation: add due"),
            deliverable="report",
        )
        by = f"line {relay.first}" if relay else task.ident
        consumer.notes.append(f"implied by {by}: the recipient consolidates and submits")
        self.tasks.insert(after + 1, consumer)
        if relay:
            self._relayed[relay, target.code] = consumer
        return consumer

    def _monitor(self, task: Task) -> None:
        for other in self.tasks:
            if other is not task and other.lead.code != task.lead.code and not other.consolidates:
                self._add(task, other)

    def _best(self, code: str | None, what: str, *, exclude: Task, needs: str = "") -> Task | None:
        words = set(fold(what).split())
        candidates = [
            t
            for t in self.tasks
            if t.lead.code == code and t is not exclude and fold(needs) in fold(t.title)
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda t: len(words & set(fold(t.title).split())))

    def _add(self, consumer: Task, supplier: Task) -> bool:
        if supplier.ident in consumer.depends_on or self._reaches(supplier, consumer.ident):
            return False
        consumer.depends_on.append(supplier.ident)
        consumer.consolidates = True
        return True

    def _reaches(self, start: Task, target: str) -> bool:
        """Does ``start`` already wait (transitively) on ``target``? (no cycles)"""
        by_id = {t.ident: t for t in self.tasks}
        todo, seen = [start.ident], set[str]()
        while todo:
            ident = todo.pop()
            if ident == target:
                return True
            if ident not in seen and ident in by_id:
                seen.add(ident)
                todo.extend(by_id[ident].depends_on)
        return False
