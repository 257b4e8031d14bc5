"""Where an agency's name begins and ends in running text.

A name begins with a head word ("Sở", "UBND", "Ban", "Công an", "các ...") written with a
capital, and ends at a separator, a bracket, or a verb in lower case: the name's own words
are capitalised ("Ban Chỉ đạo", "thành phố Bảo Lộc", "Phát triển nông thôn"), a task's verb
is not ("... tăng cường", "... xây dựng"). A "và" between words that cannot begin a name
stays inside it ("Kinh tế và Hạ tầng").
"""

from __future__ import annotations

import re

from directive_flow.draft.resolve import Token, fold

HEAD1 = frozenset(
    {"so", "ban", "ubnd", "ca", "cuc", "vp", "bch", "bhxh", "phong", "dai", "bao", "truong"}
    | {"cac", "doan", "hdnd", "ubmttq", "uy"}
)

HEAD2 = frozenset(
    {"cong an", "chi cuc", "van phong", "thanh tra", "hoi dong", "hoi lien", "hoi nong"}
    | {"hoi cuu", "hoi chu", "tinh doan", "bo chi", "lien doan", "mat tran", "kho bac"}
    | {"ngan hang", "trung tam", "benh vien", "co quan", "don vi", "thu truong", "giam doc"}
    | {"chu tich", "lanh dao", "to cong", "tong cuc", "toa an", "vien kiem", "nguoi dung"}
    | {"dong chi", "chi huy", "pho giam", "pho chu", "cong ty", "tong cong", "tong giam"}
)
"""Folded first word (or two) that can begin an agency's name or a role before it."""

VERBS = frozenset(
    {"xay", "to", "trien", "thuc", "ra", "huong", "chi", "kiem", "tham", "bao", "chu", "phoi"}
    | {"tong", "cung", "de", "nghien", "tang", "khan", "tiep", "theo", "quan", "hoan", "danh"}
    | {"giai", "bo", "dam", "co", "gui", "lap", "trinh", "tuyen", "phan", "cu"}
    | {"xu", "truoc", "trong", "tai", "ve", "nham", "can", "lam", "nam", "khong", "sam", "dieu"}
    | {"thuong", "chiu", "dong", "kip", "nghiem", "chuan", "sua", "uu", "day", "thu", "di", "ho"}
)
"""First syllables of the verbs that end an unregistered name ("Sở Xyz xây dựng ...")."""

PLURAL_HEAD = re.compile(r"^các\s+(Sở|Bộ|Ban|Phòng|Hội|Cục)(?:\s*:\s*|\s+(?=[A-ZĐ]))", re.I)

_PROTECTED = frozenset({"thành", "thị", "phường", "ban", "ngành", "đoàn", "xã", "hội"})

ADMIN = frozenset({"huyen", "quan", "xa", "phuong", "thi", "thanh"})
"""First syllables of 'huyện', 'quận', 'xã', 'phường', 'thị xã', 'thị trấn', 'thành phố'."""

_NOT_NAMES = frozenset(
    {"bao cao", "ban hanh", "phong chong", "phong ngua", "hoi nghi", "hoi thao", "truong hop"}
    | {"bao dam", "bao ve", "so lieu", "so luong", "cuc bo", "ban giao", "doan ket", "so huu"}
)
"""Words that begin a sentence, not a name, though their first syllable can ('Báo cáo ...')."""

_SPELT = {
    "ca": "ca",
    "so": "sở",
    "dai": "đài",
    "bao": "báo",
    "cuc": "cục",
    "phong": "phòng",
    "doan": "đoàn",
}
"""Head words whose accents matter: 'Số hóa', 'Đại hội', 'Bảo đảm', 'Cà Mau' begin no name."""

_TENSE = frozenset({"đã", "đang", "vừa", "sẽ"})
"""Tense words, written with their accents: 'Công an phường đã chủ động ...' ends the name."""
_NOUNS = frozenset(
    {"ha tang", "co so", "thi truong", "dan toc", "phat trien", "cong trinh", "co phan"}
    | {"kiem lam", "nong lam"}
)
"""Word pairs whose second syllable folds like a verb's ('hạ tầng' ~ 'tăng')."""

_PROJECT = frozenset({"an", "trinh"})
"""'dự án', 'công trình': the verb after them is part of a name ('Ban Quản lý dự án xây dựng')."""


_COMPANIES = ("cong ty", "tong cong ty")
_COMPANY_RUN = 3
"""How many words in lower case a company's name may hold before a capitalised one."""

_JOINT_OFFICES = frozenset({("phong", "hdnd"), ("doan", "dbqh")})
"""'Văn phòng HĐND và UBND ...', 'Văn phòng Đoàn ĐBQH và HĐND tỉnh': one office."""
_SECOND = frozenset({"xa", "tran", "pho"})
"""The second syllable of 'thị xã', 'thị trấn', 'thành phố'."""


def after_offset(tokens: list[Token], offset: int) -> int:
    """The first token at or after ``offset`` in the text."""
    return next((k for k, t in enumerate(tokens) if t.start >= offset), len(tokens))


def name_end(tokens: list[Token], start: int) -> int:
    """Where an unregistered name ends: at a separator, a bracket, or a verb in lower case
    (capitalised words are the name's own: 'Ban Chỉ đạo', 'thành phố Bảo Lộc')."""
    for k in range(start + 1, len(tokens)):
        token = tokens[k]
        if token.key == "va" and inner_and(tokens, k):
            continue
        if token.separator and protected(tokens, k):
            continue
        if token.separator or token.text in "():":
            return k
        if (
            is_verb(token, tokens[k - 1])
            and tokens[k - 1].key not in _PROJECT
            and not _company_words(tokens, start, k)
        ):
            return k
    return len(tokens)


def _company_words(tokens: list[Token], start: int, k: int) -> bool:
    """'Công ty Cổ phần Tư vấn xây dựng Hưng Yên': in a company's name, a verb in lower case
    and a word or two after it, before a capitalised one, are the name's own (a task's verb
    runs on in lower case, or meets another verb or preposition first)."""
    head = " ".join(t.key for t in tokens[start : start + 3])
    if not head.startswith(_COMPANIES):
        return False
    for j in range(k + 1, min(k + 1 + _COMPANY_RUN, len(tokens))):
        after = tokens[j]
        if after.text[:1].isupper():
            return True
        if after.separator or after.text in "():" or is_verb(after, tokens[j - 1]):
            return False  # 'Công ty X kiểm tra tại Hưng Yên': 'tại' is the task's
    return False


def is_verb(token: Token, previous: Token | None = None) -> bool:
    """A verb in lower case (not the second syllable of a noun such as "hạ tầng")."""
    if previous is not None and f"{previous.key} {token.key}" in _NOUNS:
        return False
    if token.text in _TENSE:
        return True
    return token.text[:1].islower() and token.key.split(" ")[0] in VERBS


def inner_and(tokens: list[Token], k: int) -> bool:
    """'Kinh tế và Hạ tầng', 'dân dụng và công nghiệp': a 'và' inside one name."""
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    if after is None or after.separator or after.text in "():" or is_verb(after):
        return False
    pair = f"{after.key} {tokens[k + 2].key}" if k + 2 < len(tokens) else ""
    if _joint(tokens, k):
        return True  # 'Văn phòng HĐND và UBND phường': one office of both
    return after.key not in HEAD1 and pair not in HEAD2


def _joint(tokens: list[Token], k: int) -> bool:
    """The 'và' of 'Văn phòng HĐND và UBND ...' (one office serving both)."""
    pair = (tokens[k - 2].key, tokens[k - 1].key) if k >= 2 else ("", "")
    return tokens[k].key == "va" and pair in _JOINT_OFFICES


def next_separator(tokens: list[Token], start: int) -> int:
    """The next separator from ``start`` that does not fall inside a name."""
    for k in range(start, len(tokens)):
        token = tokens[k]
        if token.separator and not protected(tokens, k) and not _joint(tokens, k):
            return k
    return len(tokens)


def protected(tokens: list[Token], k: int) -> bool:
    """', thành phố' after 'các huyện', ', ban, ngành' after 'các sở': one name, not two."""
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    return after is not None and after.text in _PROTECTED and not place_follows(tokens, k + 1)


def place_follows(tokens: list[Token], k: int) -> bool:
    """', thành phố Bảo Lộc': an administrative unit with its own (capitalised) name."""
    size = 2 if tokens[k].key in ("thi", "thanh") else 1
    if size == 2 and (k + 1 >= len(tokens) or tokens[k + 1].key not in _SECOND):
        return False  # 'Thành lập Tổ ...' is no 'thành phố'
    name = tokens[k + size] if k + size < len(tokens) else None
    return tokens[k].key in ADMIN and name is not None and name.text[:1].isupper()


def plural_head(text: str) -> tuple[str, str]:
    """'các Sở: Tư pháp, ...' -> ('Sở', 'Tư pháp, ...'); ('', text) without one. A unit with
    places ('UBND các huyện: Ninh Sơn, Bác Ái') is read by ``plural``."""
    match = PLURAL_HEAD.match(text)
    if not match:
        return "", text
    return match[1].capitalize(), text[match.end() :]


def headed(text: str) -> bool:
    """Can ``text`` begin an agency's name? ('Sở ...', 'UBND ...', 'các ...'; 'báo cáo' cannot)."""
    words = fold(text).split(" ")
    if (not text[:1].isupper() and words[0] != "cac") or " ".join(words[:2]) in _NOT_NAMES:
        return False
    if words[0] in _SPELT and text.split(" ")[0].lower() != _SPELT[words[0]]:
        return False
    return words[0] in HEAD1 or " ".join(words[:2]) in HEAD2
