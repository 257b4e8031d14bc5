"""docs/definitions.md's key reference is what the models say: it cannot drift from the code."""

from __future__ import annotations

import json
from pathlib import Path

from directive_flow.definition.json_schema import SCHEMAS, schema_text
from directive_flow.definition.reference import BEGIN, END, reference, rewrite

DOCS = Path(__file__).parents[2] / "docs" / "definitions.md"


def test_the_committed_reference_matches_the_models() -> None:
    text = DOCS.read_text(encoding="utf-8")
    committed = text.split(BEGIN, 1)[1].split(END, 1)[0].lstrip("\n")
    assert committed == reference(), (
        "run: python -m directive_flow.definition.reference docs/definitions.md"
    )


def test_every_key_of_every_mapping_has_a_row_saying_whether_it_is_required() -> None:
    text = reference()
    for name in SCHEMAS:
        schema = json.loads(schema_text(name))
        parts = [schema, *schema.get("$defs", {}).values()]
        for part in parts:
            required = set(part.get("required", []))
            for key in part.get("properties", {}):
                mark = "**yes**" if key in required else "no"
                assert f"| `{key}` | {mark} |" in text, (name, key)


def test_rewrite_replaces_only_the_marked_part(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"# Before\n\n{BEGIN}\nstale\n{END}\n\nAfter\n", encoding="utf-8")
    assert rewrite(page) is True
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Before\n\n")
    assert text.endswith(f"{END}\n\nAfter\n")
    assert "stale" not in text
    assert reference() in text
    assert rewrite(page) is False
