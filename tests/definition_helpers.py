"""Edited copies of the valid fixtures, for the tests that refuse one edit at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

VALID = Path(__file__).parent / "fixtures" / "valid"


def edited_copy(tmp_path: Path, old: str, new: str, name: str = "directive.yaml") -> Path:
    """``tests/fixtures/valid`` copied to ``tmp_path/d`` with ``old`` replaced once by
    ``new`` in ``name``; the path of the edited file."""
    shutil.copytree(VALID, tmp_path / "d")
    path = tmp_path / "d" / name
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path
