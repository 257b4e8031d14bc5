"""Agency names as notices write them -> registry codes.

Matching, in order: the exact name, short name or alias (accent-, case- and
punctuation-insensitive, "Ủy ban nhân dân" = "UBND"); an abbreviation written in capitals
whose letters are the initials of the name's syllables ("Sở LĐTBXH", "Sở GD&ĐT",
"CA tỉnh"); a close spelling (a typo). What matches none stays verbatim, unresolved.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from directive_flow.definition.agencies import AgencyDirectory
from directive_flow.definition.agencies import fold as _fold
from directive_flow.definition.model import AgencyRegistry
from directive_flow.draft.document import Name

_TOKEN = re.compile(r"[\w&]+(?:[-./'][\w&]+)*|[,;:()]")
_LONG_FORMS = (("uy ban nhan dan", "ubnd"), ("thanh pho", "tp"), ("hoi dong nhan dan", "hdnd"))
TITLES = (
    r"(?:(?:Đồng chí|Đ/c)\s+)?(?:Phó\s+)?"
    r"(?:Thủ trưởng|Tổng Giám đốc|Giám đốc|Chủ tịch|Chỉ huy trưởng|Cục trưởng|Chi cục trưởng"
    r"|Trưởng|Chánh|Lãnh đạo|Người đứng đầu|Bí thư)"
)
"""A head's title before the agency's name ('Đồng chí Giám đốc Sở Y tế', 'Chỉ huy trưởng Bộ
Chỉ huy Quân sự tỉnh', 'Phó Giám đốc Công an tỉnh'): the agency is the owner."""
_ROLE = re.compile(rf"^{TITLES}\s+(?=\S)", re.I)
_TAIL = re.compile(
    r"\s+(?:ven biển|có rừng|có dự án|có đường biên giới|biên giới|có (?:liên quan|cơ sở)[^,;]*"
    r"|liên quan|trên địa bàn(?: tỉnh)?|là chủ đầu tư|được giao[^,;]*"
    r"|là (?:cơ quan|đơn vị|thường trực)[^,;]*)$",
    re.I,
)
"""A restricting tail: 'UBND các huyện ven biển' is (a part of) the district group."""
_PROVINCE_TAIL = re.compile(r"\s+tỉnh(?:\s+[A-ZĐÀ-Ỹ][\w]*){1,3}$")
MAX_WORDS = 16
_PROVINCE_WORDS = 4
"""Longest province name, in words ('Bà Rịa - Vũng Tàu')."""

fold = lru_cache(maxsize=1 << 16)(_fold)
"""``agencies.fold``, cached: notices repeat the same words and names many times."""


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark of the text, with its span and folded form."""

    text: str
    start: int
    end: int
    key: str

    @property
    def separator(self) -> bool:
        """A comma, semicolon or 'và' between names."""
        return self.text in (",", ";") or self.key == "va"

    @property
    def capitals(self) -> bool:
        """Written in capitals (an abbreviation such as 'LĐTBXH' or 'CA')."""
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str) -> list[Token]:
    """Words (with inner '-', '.', '/', '&') and the punctuation that separates names."""
    return [Token(m.group(), m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(text)]


def canonical(folded: str) -> str:
    """One spelling for names that differ only by an expansion or a leading 'các'."""
    text = f" {folded} "
    for long, short in _LONG_FORMS:
        text = text.replace(f" {long} ", f" {short} ")
    return text.strip().removeprefix("cac ").strip()


@dataclass(frozen=True)
class Match:
    """A name found at a token position: how many tokens it takes and what it is."""

    size: int
    name: Name


class Resolver:
    """Looks agency and group names up in one registry."""

    def __init__(self, registry: AgencyRegistry) -> None:
        self.directory = AgencyDirectory(registry)
        self.groups = frozenset(self.directory.groups)
        self._resolved: dict[str, Name] = {}

    @cached_property
    def exact(self) -> dict[str, str]:
        """Canonical name -> code, for names that name exactly one agency or group."""
        index: dict[str, set[str]] = {}
        for key, codes in self.directory.by_name.items():
            index.setdefault(canonical(key), set()).update(codes)
        return {key: next(iter(codes)) for key, codes in index.items() if len(codes) == 1 and key}

    @cached_property
    def by_head(self) -> dict[str, list[str]]:
        """Canonical names by their first word (the candidates for a misspelling)."""
        index: dict[str, list[str]] = {}
        for key in self.exact:
            index.setdefault(key.split(" ")[0], []).append(key)
        return index

    @cached_property
    def syllables(self) -> list[tuple[str, tuple[str, ...]]]:
        """(code, canonical syllables) of every name, for matching abbreviations."""
        return [(code, tuple(key.split())) for key, code in self.exact.items()]

    def confidence(self, code: str, base: float) -> float:
        """Groups fan out to many tasks: a slightly lower confidence invites a look."""
        return round(base - 0.05, 2) if code in self.groups else base

    def resolve(self, text: str) -> Name:
        """Resolve one delimited name; unresolved names are kept verbatim (cached)."""
        if text not in self._resolved:
            self._resolved[text] = self._resolve(text)
        return self._resolved[text]

    def _resolve(self, text: str) -> Name:
        shown = _strip(text)
        tokens = tokenize(_ROLE.sub("", shown))
        key = canonical(" ".join(t.key for t in tokens if t.key))
        if not key:
            return Name(shown or text.strip(), None, 0.1, "unresolved")
        if code := self.exact.get(key):
            return Name(shown, code, self.confidence(code, 0.95), "exact")
        if (match := self.abbreviation(tokens, 0)) and match.size == len(tokens):
            return match.name
        if (local := _PROVINCE_TAIL.search(shown)) and (
            found := self.resolve(shown[: local.start()]).code
            or self.resolve(shown[: local.start()] + " tỉnh").code
        ):  # 'Công an tỉnh Gia Lai', 'Sở Y tế tỉnh Lâm Đồng' in another province's text
            return Name(shown, found, self.confidence(found, 0.9), "exact")
        # only names with the same head word: 'Phòng ...' is no misspelt 'Sở ...'
        same_head = self.by_head.get(key.split(" ")[0], [])
        close = difflib.get_close_matches(key, same_head, n=1, cutoff=0.88)
        if close:
            code = self.exact[close[0]]
            return Name(shown, code, self.confidence(code, 0.6), "typo")
        return Name(shown, None, 0.2, "unresolved")

    def match_at(self, text: str, tokens: list[Token], start: int, head: str = "") -> Match | None:
        """The longest registry name starting at ``tokens[start]`` (exact, then abbreviation)."""
        words: list[str] = [fold(head)] if head else []
        best: Match | None = None
        for end in range(start, min(len(tokens), start + MAX_WORDS)):
            token = tokens[end]
            if token.text in ("(", ")", ";", ":"):
                break
            if token.key:
                words.append(token.key)
            code = self.exact.get(canonical(" ".join(words))) if token.key else None
            if code:
                shown = text[tokens[start].start : token.end]
                shown = f"{head} {shown}" if head else shown
                best = Match(end - start + 1, Name(shown, code, self.confidence(code, 0.95)))
        if best and not head and tokens[start + best.size - 1].key == "tinh":
            return self._province(text, tokens, start, best)
        return best or (None if head else self.abbreviation(tokens, start, text))

    def _province(self, text: str, tokens: list[Token], start: int, found: Match) -> Match:
        """'Ủy ban nhân dân tỉnh Sóc Trăng', 'Công an tỉnh Gia Lai': the province's name is
        part of the name (another province's agency has the same code)."""
        end = start + found.size
        while (
            end < len(tokens)
            and end - start - found.size < _PROVINCE_WORDS
            and tokens[end].key
            and tokens[end].text[:1].isupper()
            and self.match_at(text, tokens, end) is None
        ):
            end += 1
        if end == start + found.size:
            return found
        shown = text[tokens[start].start : tokens[end - 1].end]
        code = found.name.code or ""
        return Match(end - start, Name(shown, code, self.confidence(code, 0.9)))

    def abbreviation(self, tokens: list[Token], start: int, text: str = "") -> Match | None:
        """A name whose abbreviation (in capitals somewhere) starts at ``tokens[start]``."""
        words = [t for t in tokens[start : start + MAX_WORDS] if t.key]
        if not any(t.capitals for t in words[:3]):
            return None
        for code, syllables in self.syllables:
            used = _abbreviates(words, syllables)
            if used:
                last = words[used - 1]
                size = tokens.index(last, start) - start + 1
                shown = text[tokens[start].start : last.end] if text else ""
                shown = shown or " ".join(t.text for t in words[:used])
                return Match(size, Name(shown, code, self.confidence(code, 0.85), "abbreviation"))
        return None


def _strip(text: str) -> str:
    """The name alone: no surrounding punctuation, no restricting tail ('... ven biển')."""
    return _TAIL.sub("", re.sub(r"\s+", " ", text).strip(" ,;:.-–()")).strip(" ,")


def _abbreviates(words: list[Token], syllables: tuple[str, ...]) -> int:
    """How many leading ``words`` spell out all of ``syllables`` (0 if they do not)."""

    def walk(i: int, j: int) -> int:
        if j == len(syllables):
            return i
        if syllables[j] == "va":
            return walk(i, j + 1)
        if i == len(words):
            return 0
        key = canonical(words[i].key).replace("&", "").replace(" ", "")
        if key == syllables[j] and (found := walk(i + 1, j + 1)):
            return found
        if words[i].capitals and len(key) >= 2:
            return _initials(key, j, lambda k: walk(i + 1, k))
        return 0

    def _initials(key: str, j: int, then: Callable[[int], int]) -> int:
        k = j
        for letter in key:
            while k < len(syllables) and syllables[k] == "va":
                k += 1
            if k == len(syllables) or syllables[k][0] != letter:
                return 0
            k += 1
        return then(k)

    return walk(0, 0)
