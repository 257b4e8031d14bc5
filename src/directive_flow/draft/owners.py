"""Who a sentence gives a task to: "Giao X:", "X:", "Giao X chủ trì, phối hợp với Y",
"đề nghị X", "yêu cầu X", "X có trách nhiệm:", lists of owners and shared qualifiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from directive_flow.draft.document import Name
from directive_flow.draft.names import (
    ADMIN,
    PLURAL_HEAD,
    VERBS,
    after_offset,
    headed,
    is_verb,
    name_end,
    next_separator,
    place_follows,
    plural_head,
)
from directive_flow.draft.plural import distribute, spread_at
from directive_flow.draft.resolve import (
    MAX_WORDS,
    TITLES,
    Match,
    Resolver,
    Token,
    fold,
    tokenize,
)

_ASK = r"(?:Giao|Đề nghị|Yêu cầu|giao|đề nghị|yêu cầu)"
_INTRO_VERB = re.compile(rf"^{_ASK}\s+(?P<rest>.+)$", re.S)
_RESPONSIBLE = re.compile(r"^(?P<owners>.+?)\s+có trách nhiệm\b\s*:?\s*(?P<rest>.*)$", re.S)
_LEADS_ON = re.compile(r"\s*(?:,\s*)?(?:và\s+)?chủ trì\b\s*(?:,\s*)?(?:và\s+)?", re.I)
_COORDINATES = re.compile(r"^(?:phối hợp|cùng phối hợp)(?:\s+với)?\s+", re.I)
ATTENDEES = re.compile(r"^(?:Tham dự|Tham gia|Dự họp|Cùng dự|Thành phần)\b", re.I)
"""A sentence that lists who attended the meeting: nobody is given a task."""
_ROLE = re.compile(rf"^{TITLES}(?<!Bí thư)\s+(?=\S)", re.I)
_GENERIC = re.compile(
    r"^(?:(?:các|những)\s+(?:cơ quan|đơn vị|địa phương|ngành|sở, ngành|tổ chức|bộ phận)"
    r"(?:\s*,\s*(?:đơn vị|địa phương|tổ chức))*(?:\s+(?:có\s+)?liên quan)?"
    r"|(?:các\s+)?(?:hội|đoàn thể)(?:\s+tỉnh)?(?=\s*(?:,|và\s))"
    r"|(?:các\s+)?đơn vị(?:\s+lực lượng vũ trang)?\s+cấp tỉnh)",
    re.I,
)
"""Words in an owner list that name no agency: 'các cơ quan liên quan', and between the
groups of a list 'các hội, đoàn thể, đơn vị lực lượng vũ trang cấp tỉnh' ('UBND tỉnh yêu
cầu các sở, ban, ngành, các hội, đoàn thể, đơn vị lực lượng vũ trang cấp tỉnh và UBND các
xã, phường ...': the departments' and the communes' groups)."""
_QUALIFIER = re.compile(
    r"\s((?:các|cấp)\s+(?:huyện|quận|xã|phường|thị xã|tỉnh)\b[^;:]*|tỉnh|huyện)$", re.I
)
_PLURAL_UNIT = re.compile(r"\bcác\s+(?:huyện|quận|thị xã|thành phố|xã|phường|thị trấn|tỉnh)$")
"""'UBND các huyện: Ninh Sơn, Bác Ái ...': the colon opens the list of names."""
_REMARK = re.compile(r"\s*\([^()]*\)")
"""A remark in brackets after a name: its role, not a part of it."""
_LOCATIVE = frozenset({"tinh", "kon", "tum", "thuoc", ""})
_BARE = frozenset({"ubnd", "uy ban nhan dan", "ban", "phong", "ban chi dao", "hoi dong"})
_BARE |= {"cong an", "doi quan ly thi truong", "ban an toan giao thong", "phong tai chinh"}


@dataclass
class Intro:
    """The owners a sentence names, and whether anything follows them (a task)."""

    leads: list[Name] = field(default_factory=list)
    coordinators: list[Name] = field(default_factory=list)
    rest: str = ""

    @property
    def intro_only(self) -> bool:
        """Names owners but gives no task ("Giao Sở Y tế:")."""
        return not self.rest.strip(" .;:")


class Owners:
    """Reads owners out of sentences, resolving names against one registry."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self._intros: dict[str, Intro | None] = {}

    def intro(self, text: str) -> Intro | None:
        """The owners a sentence introduces, or None if it introduces none (cached)."""
        if text not in self._intros:
            self._intros[text] = self._intro(text.strip())
        return self._intros[text]

    def _intro(self, text: str) -> Intro | None:
        if not text or ATTENDEES.match(text):
            return None
        if text.endswith(":") and (names := self.name_list(text[:-1], strict=True)):
            return Intro(names)
        if names := self.heading_names(text):
            return Intro(names)
        for reader in (self._asked, self._responsible, self._leading, self._colon):
            if found := reader(text):
                return found
        names, rest = self.leading(text, strict=True)
        return Intro(names, [], rest) if names and rest else None

    def heading_names(self, text: str) -> list[Name]:
        """The owners of a heading that is only their names, without a colon ("1. Sở Y tế",
        "4. Sở Thông tin và Truyền thông, Báo Kon Tum"); [] when a verb or a stop follows."""
        if len(text.split()) > MAX_WORDS or re.search(r"[:.;,]$|:\s", text):
            return []
        names = self.name_list(text, strict=True)
        if any(n.code is None and _has_verb(n.text) for n in names):
            return []
        return names

    def _asked(self, text: str) -> Intro | None:
        match = _INTRO_VERB.match(text)
        if not match:
            return None
        rest = match["rest"]
        if found := self._leading(rest) or self._colon(rest) or self._responsible(rest):
            return found
        names, after = self.leading(rest)
        return Intro(names, [], after) if names else None

    def _responsible(self, text: str) -> Intro | None:
        match = _RESPONSIBLE.match(text)
        if match and (names := self.name_list(match["owners"])):
            return Intro(names, [], match["rest"])
        return None

    def _leading(self, text: str) -> Intro | None:
        """'X chủ trì(,) phối hợp (với) Y ...' and 'X phối hợp với Y ...'."""
        leads_on = _LEADS_ON.search(text)
        if leads_on:
            owners, after = text[: leads_on.start()], text[leads_on.end() :]
        else:
            at = re.search(r"(?:^|\s+)phối hợp với\s+", text, re.I)
            if not at:
                return None
            owners, after = text[: at.start()], text[at.start() :].strip()
        names = self.name_list(owners) if owners.strip() else []
        if owners.strip() and not names:
            return None
        coordinators, after = self.coordinators(after)
        return Intro(names, coordinators, after)

    def coordinators(self, text: str) -> tuple[list[Name], str]:
        """The names after 'phối hợp (với)', and the wording that follows them."""
        match = _COORDINATES.match(text)
        if not match:
            return [], text
        return self.leading(text[match.end() :])

    def _colon(self, text: str) -> Intro | None:
        owners, sep, rest = text.partition(":")
        if (
            not sep
            or PLURAL_HEAD.match(text)
            or re.search(r"các\s+(?:Sở|Bộ|Ban|Phòng|Hội|Cục)$", owners, re.I)
            or (_PLURAL_UNIT.search(owners) and rest.strip()[:1].isupper())
        ):
            return None
        names = self.name_list(owners, strict=True)
        return Intro(names, [], rest.strip()) if names else None

    def name_list(self, text: str, *, strict: bool = False) -> list[Name]:
        """The owners of a delimited list; [] if it does not look like a list of agencies."""
        text = re.sub(r"^(?:Giao|Đề nghị|Yêu cầu)\s+", "", text.strip(), flags=re.I)
        text = _REMARK.sub(" ", text).strip()  # "Sở NN&PTNT (Cơ quan thường trực ...)"
        whole = self.resolver.resolve(text)
        if whole.code and (whole.how != "typo" or not re.search(r"[,;]", text)):
            return [whole]
        head, body = plural_head(text)
        tokens = tokenize(body)
        if not tokens or len(tokens) > 40 or not (head or headed(body)):
            return []
        names = self._qualified(self._split(body, tokens, head))
        if not names or (strict and not all(n.code or headed(n.text) for n in names)):
            return []
        return names

    def _split(self, text: str, tokens: list[Token], head: str) -> list[Name]:
        names: list[Name] = []
        joints: dict[int, str] = {}
        i = 0
        while i < len(tokens):
            if tokens[i].separator:
                joints.setdefault(len(names), tokens[i].text)
                i += 1
                continue
            if not head and (spread := self._spread(text, tokens, i, names)):
                i, names = spread
                if i < len(tokens) and not tokens[i].separator:
                    return []  # the list runs on into a sentence
                continue
            i, match = self._titled(text, tokens, i, head)
            end = next_separator(tokens, i + (match.size if match else 0))
            extra = [t.key for t in tokens[i + match.size : end]] if match else []
            if match and extra and extra[0].split(" ")[0] in VERBS:
                return []  # "Công an tỉnh tăng cường ...": a sentence, not a list of names
            if match and all(k in _LOCATIVE for k in extra):
                names.append(match.name)
            else:
                names.append(self._unmatched(text[tokens[i].start : tokens[end - 1].end], head))
            i = end
        return _glue(names, joints)

    def _titled(
        self, text: str, tokens: list[Token], i: int, head: str
    ) -> tuple[int, Match | None]:
        """The registered name at token ``i``, after a head's title when one is written
        ('Giám đốc các sở, Thủ trưởng các ban, ngành': the departments' group)."""
        match = self.resolver.match_at(text, tokens, i, head) or self.resolver.match_at(
            text, tokens, i
        )
        if match is None and (role := _ROLE.match(text[tokens[i].start :])):
            after = after_offset(tokens, tokens[i].start + role.end())
            found = (
                self.resolver.match_at(text, tokens, after, head)
                or self.resolver.match_at(text, tokens, after)
                if after < len(tokens)
                else None
            )
            if found is not None:
                return after, found
        return i, match

    def _unmatched(self, part: str, head: str) -> Name:
        role = _ROLE.match(part)
        if role and headed(part[role.end() :]):  # 'Giám đốc Công ty Cổ phần ...': the company
            part = part[role.end() :]
        if head and not headed(part):
            return self.resolver.resolve(f"{head[:1].upper()}{head[1:]} {part}")
        return self.resolver.resolve(part)

    def _qualified(self, names: list[Name]) -> list[Name]:
        """'UBND, Ban An toàn giao thông các huyện': the last part's qualifier applies to all."""
        qualifier = _QUALIFIER.search(names[-1].text) if len(names) > 1 else None
        if not qualifier:
            return names
        return [*(self._with(n, qualifier[1]) for n in names[:-1]), names[-1]]

    def _with(self, name: Name, qualifier: str) -> Name:
        if name.code or fold(name.text) not in _BARE:
            return name
        return self.resolver.resolve(f"{name.text} {qualifier}")

    def leading(self, text: str, *, strict: bool = False) -> tuple[list[Name], str]:
        """Names at the start of ``text`` (registry names; any head-led name unless strict)."""
        role = _ROLE.match(text)
        head, body = plural_head(text[role.end() :] if role else text)
        if not head:
            body = text
        tokens = tokenize(body)
        names: list[Name] = []
        i = 0
        while i < len(tokens):
            if not head and (spread := self._spread(body, tokens, i, names)):
                i, names = spread
            else:
                start = i
                i, name = self._one(body, tokens, i, head, strict=strict)
                if name is not None:
                    names.append(self._carry(names[-1] if names else None, name))
                elif i == start and i < len(tokens) and not _GENERIC.match(body[tokens[i].start :]):
                    break
            if not self._more(body, tokens, i, head, strict=strict):
                break
            i += 1
        if not names:
            return [], text
        rest = body[tokens[i].start :].lstrip(" :") if i < len(tokens) else ""
        return self._qualified(names), rest

    def _spread(
        self, text: str, tokens: list[Token], i: int, names: list[Name]
    ) -> tuple[int, list[Name]] | None:
        """'UBND các huyện A, B và C' at token ``i``: where it ends, and the names so far with
        it distributed (over the bare heads before it too: 'Công an, Ban CHQS các huyện ...')."""
        if role := _ROLE.match(text[tokens[i].start :]):
            i = after_offset(tokens, tokens[i].start + role.end())
        spread = spread_at(text, tokens, i) if i < len(tokens) else None
        if spread is None:
            return None
        return spread.end, distribute(names, spread, self.resolver.resolve)

    def _carry(self, previous: Name | None, name: Name) -> Name:
        """'UBND thành phố Đà Lạt, thành phố Bảo Lộc': the second is a UBND too."""
        if previous is None or name.code or fold(name.text).split(" ")[0] not in ADMIN:
            return name
        if fold(previous.text).startswith(("ubnd ", "uy ban nhan dan ")):
            return self.resolver.resolve(f"UBND {name.text}")
        return name

    def _one(
        self, text: str, tokens: list[Token], i: int, head: str, *, strict: bool
    ) -> tuple[int, Name | None]:
        """The name (or generic phrase, giving None) at token ``i``, and where it ends."""
        if role := _ROLE.match(text[tokens[i].start :]):
            i = after_offset(tokens, tokens[i].start + role.end())
        if i >= len(tokens):
            return i, None
        match = self.resolver.match_at(text, tokens, i, head) if head else None
        match = match or self.resolver.match_at(text, tokens, i)
        if match:
            return i + match.size, match.name
        if generic := _GENERIC.match(text[tokens[i].start :]):
            return after_offset(tokens, tokens[i].start + generic.end()), None
        starts = headed(text[tokens[i].start :]) or place_follows(tokens, i)
        if not strict and (head or (starts and tokens[i].key != "cac")):
            end = name_end(tokens, i)
            return end, self._unmatched(text[tokens[i].start : tokens[end - 1].end], head)
        return i, None

    def _more(self, text: str, tokens: list[Token], i: int, head: str, *, strict: bool) -> bool:
        """Is token ``i`` a separator followed by another owner?"""
        if i + 1 >= len(tokens) or not tokens[i].separator:
            return False
        after = text[tokens[i + 1].start :]
        if _continues(text, tokens, i + 1, self, head) or place_follows(tokens, i + 1):
            return True
        return not strict and (bool(head) or headed(after))


def _continues(text: str, tokens: list[Token], i: int, owners: Owners, head: str = "") -> bool:
    """Does another owner follow the separator at ``i - 1``?"""
    if i < len(tokens) and (role := _ROLE.match(text[tokens[i].start :])):
        i = after_offset(tokens, tokens[i].start + role.end())
    if i >= len(tokens):
        return False
    if _GENERIC.match(text[tokens[i].start :]):
        return True
    found = owners.resolver.match_at(text, tokens, i, head) if head else None
    return (found or owners.resolver.match_at(text, tokens, i)) is not None


def _glue(names: list[Name], joints: dict[int, str]) -> list[Name]:
    """A part that cannot start a name continues the previous one ('Văn hóa và Thể thao',
    'Phòng Kinh tế, Hạ tầng và Đô thị'), joined as written (``joints[k]``: what was written
    before ``names[k]``)."""
    out: list[Name] = []
    for k, name in enumerate(names):
        if out and not name.code and not out[-1].code and not headed(name.text):
            joint = joints.get(k, "và")
            glued = f"{out[-1].text}{joint} {name.text}" if joint in ",;" else None
            glued = glued or f"{out[-1].text} và {name.text}"
            out[-1] = Name(glued, None, 0.2, "unresolved")
        else:
            out.append(name)
    return out


def _has_verb(text: str) -> bool:
    """Does an unregistered name run on into a verb ('Sở Xyz chủ trì xây dựng ...')?"""
    tokens = tokenize(text)
    return any(is_verb(t, tokens[k - 1]) for k, t in enumerate(tokens) if k)
