"""Plain-text tables and JSON for the commands' output."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from directive_flow.texts.formats import json_ready


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Left-aligned columns separated by two spaces, a rule under the headers."""
    cells = [[str(c) for c in headers], *[["" if c is None else str(c) for c in r] for r in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def to_json(data: Any) -> str:
    """Stable, UTF-8, indented, strict JSON: never ``NaN``, even for a value stored before
    the intake refused them (it is shown as ``null``), and always encodable."""
    return json.dumps(json_ready(data), ensure_ascii=False, indent=2, allow_nan=False)
