"""The urging letter (văn bản đôn đốc) to the head of a late agency, as a Word document.

A *công văn* after Decree 30/2020/NĐ-CP: the heading block (issuer, ``Số: .../VP-...``,
``V/v đôn đốc thực hiện nhiệm vụ ...`` | motto, place and date), ``Kính gửi:`` the
agency head, the task quoted with its deadline and days overdue, a request to finish by
a new date, then ``Nơi nhận`` and the signer. The number stays a placeholder: the
office's clerk numbers the letter when it is signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx.shared import Cm

from directive_flow.report.layout import (
    Line,
    add_paragraph,
    national_header,
    new_document,
    signature_block,
    vn_long_date,
)
from directive_flow.texts import macros, one_line

__all__ = ["Signature", "UrgingLetterInput", "letter_paragraphs", "render_urging_letter"]

_SIGN_SPACE = 4  # empty lines left for the signature and seal


@dataclass(frozen=True)
class Signature:
    """Who signs: ``KT. CHÁNH VĂN PHÒNG`` / ``PHÓ CHÁNH VĂN PHÒNG`` / a name (or blank)."""

    title: str
    formula: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class UrgingLetterInput:
    """Everything an urging letter says.

    ``issuer`` names the sender in the text (``Văn phòng UBND tỉnh``); the heading block
    prints ``issuer_parent`` over ``issuer_heading`` (``UBND TỈNH KON TUM`` over
    ``VĂN PHÒNG``), or over ``issuer`` when no heading form is given.
    """

    issuer: str
    issuer_parent: str | None
    place: str
    day: date
    agency_name: str
    addressee: str
    directive_number: str
    directive_title: str
    assignment_title: str
    original_due: date
    days_overdue: int
    new_due: date
    signature: Signature
    number: str = ".../VP-..."
    directive_kind: str = "văn bản"
    directive_issued: date | None = None
    directive_issuer: str | None = None
    issuer_heading: str | None = None
    period_vietnamese: str | None = None
    reports_to: str = "Lãnh đạo UBND tỉnh"
    recipients: Sequence[str] = ("Như trên", "Lãnh đạo UBND tỉnh (b/c)", "Lưu: VT")

    def __post_init__(self) -> None:
        """Store tuples; an urging letter is for a task that is late, to a later date."""
        object.__setattr__(self, "recipients", tuple(self.recipients))
        if self.days_overdue < 1:
            raise ValueError("an urging letter needs days_overdue >= 1")
        if self.new_due <= self.day:
            raise ValueError("the new deadline must fall after the letter's date")

    @property
    def subject(self) -> str:
        """The trích yếu: ``V/v đôn đốc thực hiện nhiệm vụ được giao tại Thông báo số ...``."""
        return str(_words().subject(self, self._kind))

    @property
    def directive_reference(self) -> str:
        """``Thông báo số 975/TB-VP ngày 10/07/2014 của Văn phòng UBND tỉnh``."""
        return str(_words().reference(self, self._kind))

    @property
    def _kind(self) -> str:
        """The directive's kind as a proper noun: ``Thông báo``, ``Chỉ thị``, ``Văn bản``."""
        return self.directive_kind[0].upper() + self.directive_kind[1:]


def letter_paragraphs(letter: UrgingLetterInput) -> list[str]:
    """The body, paragraph by paragraph (texts/templates/letter.j2); the last ends ``./.``."""
    words, title = _words(), _sentence_case(letter.directive_title)
    paragraphs = [
        words.task(letter, letter._kind, title),
        words.late(letter),
        words.request(letter),
        words.closing(letter),
    ]
    return [str(p) for p in paragraphs]


def _words() -> Any:
    return macros("letter.j2")


def render_urging_letter(letter: UrgingLetterInput, path: Path | str) -> Path:
    """Write the letter to ``path`` (parent folders are created) and return the path."""
    document = new_document()
    issuer = [Line((letter.issuer_heading or letter.issuer).upper(), bold=True)]
    if letter.issuer_parent:
        issuer.insert(0, Line(letter.issuer_parent.upper()))
    number = [Line(f"Số: {letter.number}"), Line(letter.subject, size=12)]
    place_date = f"{letter.place}, {vn_long_date(letter.day)}"
    national_header(document, issuer=issuer, number=number, place_date=place_date)
    add_paragraph(document, str(_words().salutation(letter)), center=True)
    for text in letter_paragraphs(letter):
        add_paragraph(document, text, indent=Cm(1))
    signature_block(document, recipients=_places(letter.recipients), signer=_signer(letter))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def _signer(letter: UrgingLetterInput) -> list[Line]:
    """``KT. CHÁNH VĂN PHÒNG`` / ``PHÓ CHÁNH VĂN PHÒNG``, room to sign, the name."""
    sign = letter.signature
    lines = [Line(sign.formula.upper(), bold=True)] if sign.formula else []
    lines.append(Line(sign.title.upper(), bold=True))
    lines += [Line("")] * _SIGN_SPACE
    return [*lines, Line(sign.name or "", bold=True)]


def _places(recipients: Sequence[str]) -> list[str]:
    """Each line ends with ``;`` and the last with ``.``, as a Nơi nhận list is written."""
    cleaned = [place.rstrip(";. ") for place in recipients]
    return [f"{place}{'.' if n == len(cleaned) - 1 else ';'}" for n, place in enumerate(cleaned)]


def _sentence_case(title: str) -> str:
    """A title inside a sentence: ``Kết luận của ...`` -> ``kết luận của ...``, ``UBND`` kept."""
    text = one_line(title)
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
