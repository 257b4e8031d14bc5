"""JSON Schemas of the definition files, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from directive_flow.definition.model import AgencyRegistry, Directive

SCHEMAS: dict[str, type[BaseModel]] = {
    "agencies.schema.json": AgencyRegistry,
    "directive.schema.json": Directive,
}


def schema_text(name: str) -> str:
    """The JSON Schema text for one file name in ``SCHEMAS``."""
    model = SCHEMAS[name]
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://directive-flow.example/schema/{name}",
        **model.model_json_schema(),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / name
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written
