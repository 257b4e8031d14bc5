"""A task table -> one item per row, with the attribute lines the outline already reads.

"STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành" and
its rows "1 | Rà soát ... | Công an tỉnh | UBND các huyện | Quý II/2025" become "1. Rà soát
...", "- Cơ quan chủ trì: Công an tỉnh", "- Cơ quan phối hợp: ...", "- Thời gian hoàn
thành: Quý II/2025", each on the row's own line numbers. The heading may say "TT",
"Nhiệm vụ" or "Tên nhiệm vụ", "Cơ quan thực hiện", "Tiến độ", and hold other columns
("Sản phẩm"). A group row of an
annex's table ("I | CẢI CÁCH THỂ CHẾ | | |": a Roman numeral or a letter and one cell of
text) becomes a heading ("I. CẢI CÁCH THỂ CHẾ"). A row whose cells do not match the
heading row stays as written.
"""

from __future__ import annotations

import re

from directive_flow.definition.agencies import fold
from directive_flow.draft.document import Line

_COLUMNS = (
    ("stt", "label"),
    ("noi dung", "title"),
    ("chu tri", "lead"),
    ("phoi hop", "coordinators"),
    ("thoi gian", "time"),
    ("thoi han", "time"),
    ("nhiem vu", "title"),
    ("co quan thuc hien", "lead"),
    ("don vi thuc hien", "lead"),
    ("tien do", "time"),
)
"""Words of a heading cell and what its column holds, the first that matches ("Cơ quan chủ
trì thực hiện nhiệm vụ" holds the lead)."""
_LABELS = frozenset({"stt", "tt", "so tt"})
_GROUP = re.compile(r"^(?:[IVX]{1,5}|[A-Z])$")
"""The label of a group row: 'I', 'II', 'A'."""
_ATTRIBUTES = (
    ("lead", "- Cơ quan chủ trì"),
    ("coordinators", "- Cơ quan phối hợp"),
    ("time", "- Thời gian hoàn thành"),
)
ROW = re.compile(r"\S\s*\|.*\|\s*\S|^\s*\|.*\|")
"""A line with at least two cell separators."""


def cells(text: str) -> list[str] | None:
    """The cells of a table row, or None when ``text`` is no row."""
    if not ROW.search(text):
        return None
    parts = [c.strip() for c in text.strip().split("|")]
    if parts and not parts[0]:
        parts = parts[1:]
    if parts and not parts[-1]:
        parts = parts[:-1]
    return parts


def columns(row: list[str]) -> list[str] | None:
    """What each cell of a heading row holds; None unless it has the task and its owner."""
    kinds = [_kind(cell) for cell in row]
    return kinds if "title" in kinds and "lead" in kinds else None


def _kind(cell: str) -> str:
    folded = fold(cell).strip(" .")
    if folded in _LABELS:
        return "label"
    return next((kind for key, kind in _COLUMNS if key in folded), "")


def untable(lines: list[Line]) -> list[Line]:
    """The lines with every task table written out as items and attribute lines."""
    out: list[Line] = []
    kinds: list[str] | None = None
    count = 0
    for line in lines:
        row = cells(line.text)
        if row is None:
            kinds = None
        elif kinds is None and (kinds := columns(row)):
            count = 0
            continue  # the heading row
        elif kinds is not None and (group := _group(row)):
            out.append(Line(group, line.first, line.last))
            continue
        elif kinds is not None and len(row) == len(kinds):
            count += 1
            out += _item(dict(zip(kinds, row, strict=True)), count, line)
            continue
        out.append(line)
    return out


def _item(row: dict[str, str], count: int, line: Line) -> list[Line]:
    label = row.get("label", "") if row.get("label", "").isdigit() else str(count)
    title = row.get("title", "").rstrip(" .")
    texts = [f"{label}. {title}."]
    texts += [f"{name}: {row[kind]}" for kind, name in _ATTRIBUTES if row.get(kind)]
    return [Line(text, line.first, line.last) for text in texts]


def _group(row: list[str]) -> str | None:
    """'I | CẢI CÁCH THỂ CHẾ | | |' -> 'I. CẢI CÁCH THỂ CHẾ': a heading of the rows below."""
    filled = [cell for cell in row if cell]
    if len(filled) == 2 and row[0] == filled[0] and _GROUP.match(filled[0]):
        return f"{filled[0]}. {filled[1].rstrip(' .:')}"
    return None
