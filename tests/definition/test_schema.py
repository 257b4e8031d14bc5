"""The committed JSON Schemas match the models, and every definition names its schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from directive_flow.definition.json_schema import SCHEMAS, schema_text

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_text(name), (
        "run `directive-flow schema -o schema/` and commit schema/"
    )


@pytest.mark.parametrize(
    "path", sorted((ROOT / "definitions").rglob("*.yaml")), ids=lambda p: p.name
)
def test_every_definition_starts_with_its_schema_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    kind = "agencies" if "agencies" in path.parts else "directive"
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == (ROOT / "schema" / f"{kind}.schema.json").resolve()
