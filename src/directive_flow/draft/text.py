"""Bytes or text of a notice -> clean lines, each mapped back to its ORIGINAL line numbers.

Decoding: UTF-8 (with or without BOM), UTF-16 with a BOM, then cp1258 and latin-1 as
fallbacks; what still looks binary is refused. Cleaning: NFC, HTML tags stripped when the
text is HTML, markdown emphasis and page markers dropped, bullets normalised to "- ", and
lines broken by a scanner or a page break joined back into their sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser

from directive_flow.draft.document import DraftError, Line
from directive_flow.draft.lexicon import dash_joints

MAX_BYTES = 2_000_000
"""Largest notice accepted: a ten-page notice is ~30 kB; 2 MB is ~600 pages."""

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_HTML_TAG = re.compile(
    r"<\s*/?\s*(?:!doctype|html|body|head|p|div|br|table|tr|td|span|li|h[1-6])\b", re.I
)
_BREAKS = str.maketrans({"\t": " ", "\xa0": " ", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"})
_STARS = re.compile(r"\*+")
_SPACES = re.compile(r"\s+")
_PAGE_MARK = re.compile(
    r"(?:-\s*\d{1,3}\s*-|(?:Trang|Page)\s+\d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3})", re.I
)
_SOFT_BULLET = re.compile(r"^[•●▪◦○■□➢►✓∙·]\s*")
_DASH = re.compile(r"^[-–—]\s*(?=\S)")
_STRUCTURAL = re.compile(
    r"^(?:[-+]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][).]\s|[IVX]{1,5}[.)]\s"
    r"|(?:Số|Nơi nhận|Kính gửi|V/v|Về việc|Ngày|Sáng|Chiều|Căn cứ|Thực hiện|Tham dự|Sau khi)\b"
    r"|(?:KT|TL|TM|TUQ|Q)\.\s)"
)
_PLACE_DATE = re.compile(r"^[^\W\d_][\w .]{0,40},\s*ngày\s+\d")
_TERMINAL = (".", ";", ":", "!", "?")
_SEPARATOR = re.compile(r"^[|\-–—_=*.\s]*\|[|\-–—_=*.\s]*$|^[-–—_=*]{3,}(?:\s*\|)?$")
"""'|' alone, '-------' and '--------- |': the rules and cell borders of a tabled header (a
legal library's copy) or of a printed one; they end a paragraph and are not text."""
_ROW = re.compile(r"\S\s*\|.*\|\s*\S|^\s*\|.*\|")
"""A table row ("1 | Rà soát ... | Công an tỉnh | Quý II/2025"), never joined to another."""
_TAB_CELLS = 3
"""A line with this many tab-separated cells is a table row copied from a word processor."""
_GROUP_LABEL = re.compile(r"^(?:[IVX]{1,5}|[A-Z])$")
"""'I<TAB>CẢI CÁCH THỂ CHẾ<TAB><TAB>': a group row of a pasted table, its other cells empty."""
_QUARTER_TAIL = re.compile(r"^[IVX]{1,3}\s*/\s*\d{4}\b")
"""'II/2027.' on a line of its own: the end of '... trong quý' broken before it."""
_HYPHENATED = re.compile(r"(?<!\S)(?P<head>[^\W\d_]+)-$")
"""'... trư-' at a line's end: a word a PDF hyphenated ('trư-' over 'ớc ngày 20/12')."""
_TAIL = re.compile(r"^(?P<tail>[^\W\d_]+)")
_SYLLABLE_LETTERS = 7
"""The longest Vietnamese syllable ('nghiêng')."""
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def decode(data: bytes) -> str:
    """Decode notice bytes; raise ``DraftError`` when they are too large or not text."""
    if len(data) > MAX_BYTES:
        raise DraftError(f"notice is too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _bom_text(data, codec)
    if b"\x00" in data:
        raise DraftError("binary file, not notice text (it holds NUL bytes); save it as UTF-8 text")
    for codec in ("utf-8", "cp1258"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _bom_text(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise DraftError(
            f"notice starts with a {codec.upper()} byte-order mark but is not {codec.upper()}"
        ) from None


def check_text(text: str) -> None:
    """Refuse text that is too long or mostly control characters (a binary file)."""
    if len(text) > MAX_BYTES:
        raise DraftError(
            f"notice is too large ({len(text):,} characters; the limit is {MAX_BYTES:,})"
        )
    sample = text[:20_000]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    if controls > max(2, len(sample) // 100):
        raise DraftError("binary file, not notice text (too many control characters)")


def clean(text: str) -> list[Line]:
    """The notice's non-blank lines, cleaned and re-joined, with original line numbers."""
    return join(raw_lines(text))


def raw_lines(text: str) -> list[Line]:
    """The notice's lines as written (NFC, HTML tags dropped), blank ones kept."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if "\t" in text:
        text = "\n".join(_tab_row(line) for line in text.split("\n"))
    text = text.translate(_BREAKS).replace("\ufeff", "")
    return list(_html_lines(text) if looks_like_html(text) else _plain_lines(text))


def _tab_row(line: str) -> str:
    """'1<TAB>Rà soát ...<TAB>Công an tỉnh<TAB>Quý I/2027' (a table pasted from a word
    processor) -> '1 | Rà soát ... | Công an tỉnh | Quý I/2027'; other lines as they are."""
    cells = line.strip().split("\t")
    filled = sum(1 for c in cells if c.strip())
    padded = line.strip(" \r\n").split("\t")  # a group row's empty cells kept
    if len(padded) >= _TAB_CELLS and filled == 2 and _GROUP_LABEL.match(padded[0].strip()):
        return " | ".join(c.strip() for c in padded)
    if filled < _TAB_CELLS:
        return line
    return " | ".join(c.strip() for c in cells)


def looks_like_html(text: str) -> bool:
    """Whether the text is HTML (a saved web page or an e-mail body)."""
    return len(_HTML_TAG.findall(text[:50_000])) >= 3


def _plain_lines(text: str) -> Iterator[Line]:
    for number, line in enumerate(text.split("\n"), 1):
        yield Line(line, number, number)


class _HtmlLines(HTMLParser):
    """Block-level tags break lines; each line remembers the source lines it spans."""

    BLOCK = frozenset(
        {"p", "div", "br", "li", "tr", "td", "th", "table", "ul", "ol", "title", "section"}
        | {"article", "blockquote", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.span: tuple[int, int] | None = None
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, +1)

    def handle_endtag(self, tag: str) -> None:
        self._tag(tag, -1)

    def _tag(self, tag: str, step: int) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip + step)
        elif tag in self.BLOCK:
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skip or not data.strip():
            return
        lead = data[: len(data) - len(data.lstrip())]
        line = self.getpos()[0] + lead.count("\n")
        end = self.getpos()[0] + data.rstrip().count("\n")
        self.span = (self.span[0], end) if self.span else (line, end)
        self.parts.append(data)

    def flush(self) -> None:
        if self.span:
            self.lines.append(Line("".join(self.parts), *self.span))
        self.parts, self.span = [], None


def _html_lines(text: str) -> list[Line]:
    parser = _HtmlLines()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: fall back to dropping tags
        return [
            Line(re.sub(r"<[^>]*>", " ", line.text), line.first, line.last)
            for line in _plain_lines(text)
        ]
    parser.flush()
    return parser.lines


def tidy(text: str) -> str:
    """One line without control characters, markdown stars and repeated spaces."""
    text = "".join(c if c.isprintable() or c == " " else " " for c in text)
    return _SPACES.sub(" ", _STARS.sub("", text)).strip()


def join(raw: list[Line]) -> list[Line]:
    """Non-blank lines, bullets normalised, broken lines joined back into their sentence."""
    out: list[Line] = []
    blank = False
    for line in raw:
        text = tidy(line.text)
        if not text:
            blank = True
            continue
        if _PAGE_MARK.fullmatch(text):
            continue  # a page number: not even a paragraph break
        if _SEPARATOR.match(text):
            blank = True
            continue
        soft = _SOFT_BULLET.match(text)
        text = _DASH.sub("- ", text[soft.end() :] if soft else text)
        if out and not blank and not soft and _wrapped_dash(out[-1].text, text):
            before = out[-1]
            breaks = (*before.breaks, (len(before.text) + 1, line.first))
            out[-1] = Line(f"{before.text} {text}", before.first, line.last, breaks)
        elif out and text and not blank and _hyphenated(out[-1].text, text):
            before = out[-1]
            kept = before.text[:-1]  # the hyphen goes, the word's halves meet
            breaks = (*before.breaks, (len(kept), line.first))
            out[-1] = Line(f"{kept}{text}", before.first, line.last, breaks)
        elif out and text and _joins(out[-1].text, text, blank):
            before = out[-1]
            breaks = (*before.breaks, (len(before.text) + 1, line.first))
            out[-1] = Line(f"{before.text} {text}", before.first, line.last, breaks)
        elif text:
            out.append(Line(f"- {text}" if soft else text, line.first, line.last))
        blank = False
    return out


def _wrapped_dash(previous: str, current: str) -> bool:
    """Is ``current`` ('- Thương binh và Xã hội, Nội vụ, ...') the rest of a name that
    ``previous`` ('... Giám đốc các Sở: Lao động') broke before its dash, not a bullet?"""
    if not current.startswith("- ") or previous.endswith(_TERMINAL) or is_upper(previous):
        return False
    left, right = previous.split(), current[2:].split()
    return bool(left and right) and (left[-1].lower(), right[0].lower()) in dash_joints()


def _hyphenated(previous: str, current: str) -> bool:
    """Do the lines hold the halves of a word a PDF hyphenated ('trư-' and 'ớc ngày ...',
    'giao thô-' and 'ng cho ...')? The two halves must make one
    syllable: one group of vowels and at most one tone mark, so 'kinh tế-' over 'xã hội'
    (two words) is no hyphenated word."""
    head, tail = _HYPHENATED.search(previous), _TAIL.match(current)
    if head is None or tail is None or not tail["tail"].islower():
        return False
    return _syllable(head["head"] + tail["tail"])


def _syllable(word: str) -> bool:
    """Whether ``word`` reads as one Vietnamese syllable (one vowel group, one tone)."""
    marks = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in marks if c in _TONES)
    bases = "".join(c for c in marks if not unicodedata.combining(c) or c in "\u0306\u0302\u031b")
    letters = unicodedata.normalize("NFC", bases)
    groups = re.findall(r"[aăâeêioôơuưy]+", letters)
    return len(word) <= _SYLLABLE_LETTERS and tones <= 1 and len(groups) == 1


def _joins(previous: str, current: str, blank: bool) -> bool:
    """Is ``current`` the continuation of ``previous`` (a broken line)?"""
    if previous.endswith(_TERMINAL) or is_upper(previous):
        return False
    if _QUARTER_TAIL.match(current):
        return True
    if is_upper(current):
        return False
    if _ROW.search(previous) or _ROW.search(current):
        return False  # a table's rows: one line each
    if _STRUCTURAL.match(current) or _PLACE_DATE.match(current):
        return False
    first = current[0]
    return not blank or first.islower() or first.isdigit() or first == "("


def is_upper(text: str) -> bool:
    """A line in capitals (a heading, a title word, a signer's title)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
