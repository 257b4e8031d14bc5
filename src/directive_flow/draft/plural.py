"""A plural head followed by names distributes over them.

"UBND các huyện Đồng Văn, Mèo Vạc và Yên Minh" is three owners, UBND huyện Đồng Văn, UBND
huyện Mèo Vạc and UBND huyện Yên Minh; "Công an, Ban Chỉ huy Quân sự các huyện Văn Lãng,
Tràng Định" is four (each head with each place, head by head); "UBND các xã Lũng Cú, Sà
Phìn thuộc huyện Đồng Văn" is two (the "thuộc ..." tail says where they are, it names
nobody); "UBND các huyện Lâm Hà, Đức Trọng và thành phố Bảo Lộc" switches the unit for
the last. Only a capitalised place name after the unit starts a list: a bare plural ("UBND
các huyện, thành phố", "UBND các huyện ven biển") is the group, read elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from directive_flow.draft.document import Name
from directive_flow.draft.names import headed, is_verb, place_follows
from directive_flow.draft.resolve import Token, fold, tokenize

UNITS = {
    ("thi", "xa"): "thị xã",
    ("thanh", "pho"): "thành phố",
    ("thi", "tran"): "thị trấn",
    ("huyen",): "huyện",
    ("quan",): "quận",
    ("xa",): "xã",
    ("phuong",): "phường",
    ("tinh",): "tỉnh",
}
"""Folded unit words -> how they are written after the head ('UBND huyện Đồng Văn')."""
_HEAD_TOKENS = 8
"""Longest head before 'các' ('Ban Chỉ huy Quân sự', 'Phòng Tài chính - Kế hoạch')."""


@dataclass(frozen=True)
class Spread:
    """A head over a list of places: the names it stands for, and where it ends."""

    head: str
    places: tuple[tuple[str, str], ...]
    """(unit, place name) in the order written."""
    end: int
    """The token index after the list (and after a 'thuộc huyện ...' tail)."""

    def names(self, head: str | None = None) -> list[str]:
        """'UBND huyện Đồng Văn', ...: the head (or another head) with each unit and place."""
        head = self.head if head is None else head
        return [" ".join(p for p in (head, unit, place) if p) for unit, place in self.places]


def spread_at(text: str, tokens: list[Token], i: int) -> Spread | None:
    """The list that starts at token ``i`` ('UBND các huyện A, B và C'), if there is one."""
    at = next(
        (k for k in range(i, min(len(tokens), i + _HEAD_TOKENS + 1)) if tokens[k].key == "cac"),
        None,
    )
    if at is None or any(_stops(tokens, k) for k in range(i, at)):
        return None
    if at > i and not headed(text[tokens[i].start :]):
        return None  # 'Phối hợp với các huyện A, B': no agency heads the list
    unit, k = _unit(tokens, at + 1)
    if unit is None:
        return None
    if k < len(tokens) and tokens[k].text == ":":
        k += 1
    places, k = _places(text, tokens, k, unit)
    if not places:
        return None
    head = text[tokens[i].start : tokens[at - 1].end] if at > i else ""
    return Spread(head, tuple(places), _tail(tokens, k))


def _stops(tokens: list[Token], k: int) -> bool:
    """A token that cannot be inside a head: a separator, a bracket, a verb."""
    token = tokens[k]
    return token.separator or token.text in "():" or is_verb(token, tokens[k - 1] if k else None)


def _unit(tokens: list[Token], k: int) -> tuple[str | None, int]:
    """The unit word at ``k`` ('huyện', 'thị xã' ...) and the index after it."""
    for size in (2, 1):
        words = tuple(t.key for t in tokens[k : k + size])
        if len(words) == size and words in UNITS and tokens[k].text[:1].islower():
            return UNITS[words], k + size
    return None, k


def _places(text: str, tokens: list[Token], k: int, unit: str) -> tuple[list[tuple[str, str]], int]:
    """The places from ``k``: capitalised names joined by ',' or 'và', a unit switching the
    unit for the rest ('..., Phú Lộc và thị xã Hương Trà'); and where the list ends."""
    places: list[tuple[str, str]] = []
    while True:
        switched, start = _unit(tokens, k)
        end = _place_end(tokens, start)
        if end == start or (places and not switched and headed(text[tokens[start].start :])):
            return places, k - 1 if places else k  # the list ends before its separator
        unit = switched or unit
        places.append((unit, text[tokens[start].start : tokens[end - 1].end]))
        if end >= len(tokens) or not tokens[end].separator or tokens[end].text == ";":
            return places, end
        k = end + 1


def _place_end(tokens: list[Token], k: int) -> int:
    """After the capitalised words (or numbers: 'phường 1') of one place name from ``k``."""
    while k < len(tokens) and _capital(tokens[k]):
        k += 1
    return k


def _capital(token: Token) -> bool:
    return bool(token.key) and (token.text[:1].isupper() or token.text.isdigit())


def _tail(tokens: list[Token], k: int) -> int:
    """After 'thuộc huyện Đồng Văn' (where the places are), if it follows the list."""
    if k < len(tokens) and tokens[k].key == "thuoc":
        unit, after = _unit(tokens, k + 1)
        end = _place_end(tokens, after)
        if unit is not None and end > after:
            return end
    return k


_BODIES = frozenset(
    {"ubnd", "uy ban", "cong an", "ban", "phong", "trung tam", "doi", "chi cuc", "kho bac"}
    | {"bao hiem", "hoi", "chi nhanh", "hdnd", "hoi dong", "toa an", "vien kiem", "chi doi"}
)
"""First words of the bodies every district or commune has ('Công an', 'Phòng ...')."""


def bare(name: Name) -> bool:
    """A head that names no place of its own ('Công an' in 'Công an, Ban Chỉ huy Quân sự
    các huyện A, B'): it takes the places of the list after it."""
    tokens = tokenize(name.text)
    if name.code is not None or not tokens or any(t.key == "tinh" for t in tokens):
        return False
    if any(place_follows(tokens, k) for k in range(len(tokens))):
        return False  # 'Công an huyện Đồng Văn' has its place
    words = fold(name.text).split(" ")
    return words[0] in _BODIES or " ".join(words[:2]) in _BODIES


def distribute(before: list[Name], spread: Spread, resolve: Callable[[str], Name]) -> list[Name]:
    """The names read so far, their trailing bare heads and the list's own head each taken
    with every place (head by head, places in order), resolved; two places that resolve to
    one code ('UBND các tỉnh Sóc Trăng, Bạc Liêu' -> ubnd-tinh twice) stay verbatim."""
    before, heads = list(before), list[str]()
    while before and bare(before[-1]):
        heads.insert(0, before.pop().text)
    texts = [text for head in heads for text in spread.names(head)] + spread.names()
    names = [resolve(text) for text in texts]
    codes = [n.code for n in names if n.code]
    return [*before, *(_verbatim(n) if n.code and codes.count(n.code) > 1 else n for n in names)]


def _verbatim(name: Name) -> Name:
    return Name(name.text, None, 0.2, "unresolved")
