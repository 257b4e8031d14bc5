"""The key-by-key reference of both kinds of definition file, written from their JSON Schemas.

``python -m directive_flow.definition.reference docs/definitions.md`` rewrites the part of
the file between the two markers; a test checks that the committed file says what the
models say, so the reference cannot drift: which keys exist, which are required, their
type and default, and what they mean.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from directive_flow.definition.json_schema import SCHEMAS, schema_text

__all__ = ["BEGIN", "END", "reference", "rewrite"]

BEGIN = "<!-- BEGIN keys: written by `python -m directive_flow.definition.reference docs/definitions.md` -->"
END = "<!-- END keys -->"
_TITLES = {"agencies.schema.json": "Agency registry", "directive.schema.json": "Directive"}


def reference() -> str:
    """Markdown: for each file kind, a table per mapping, root first."""
    out: list[str] = []
    for name in SCHEMAS:
        schema = json.loads(schema_text(name))
        out += [f"### {_TITLES[name]} (`schema/{name}`)", ""]
        out += _table(schema.get("title", "root"), schema)
        for title, part in sorted(schema.get("$defs", {}).items()):
            if part.get("type") == "object" and part.get("properties"):
                out += _table(title, part)
    return "\n".join(out).rstrip() + "\n"


def rewrite(path: Path) -> bool:
    """Replace the marked part of ``path``; True when something changed."""
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    new = f"{head}{BEGIN}\n{reference()}{END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def _table(title: str, part: dict[str, Any]) -> list[str]:
    required = set(part.get("required", []))
    rows = [
        f"| `{key}` | {'**yes**' if key in required else 'no'} | {_type(spec)} | {_meaning(spec)} |"
        for key, spec in part["properties"].items()
    ]
    about = _cell(part.get("description", ""))
    return [
        f"#### {title}",
        "",
        *([about, ""] if about else []),
        "| key | required | type | meaning |",
        "|---|---|---|---|",
        *rows,
        "",
    ]


def _type(spec: dict[str, Any]) -> str:
    found = list(dict.fromkeys(_types(spec)))
    if "date" in found:  # a date may be written 2014-07-10 or 10/7/2014: one type to a reader
        found = ["date", *(f for f in found if f not in ("date", "string"))]
    return " or ".join(found) or "any"


def _types(spec: dict[str, Any]) -> Iterator[str]:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        yield f"[{name}](#{name.lower()})"
        return
    if "enum" in spec:
        yield "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
        return
    if "const" in spec:
        yield f"`{spec['const']}`"
        return
    for option in spec.get("anyOf", []) + spec.get("oneOf", []):
        if option.get("type") != "null":
            yield from _types(option)
    kind = spec.get("type")
    if kind == "array":
        item = _type(spec.get("items", {}))
        yield f"list of {item}"
    elif kind == "string" and spec.get("format") == "date":
        yield "date"
    elif isinstance(kind, str) and kind != "null" and kind != "object":
        yield kind
    elif kind == "object" and "$ref" not in spec:
        yield "mapping"


def _meaning(spec: dict[str, Any]) -> str:
    options = [o for o in spec.get("anyOf", []) if o.get("type") != "null"]
    said = spec.get("description") or next(
        (o["description"] for o in options if "description" in o), ""
    )
    text = _cell(said)
    if "default" in spec and spec["default"] not in (None, [], ""):
        text = f"{text.rstrip('.')}{'. ' if text else ''}Default `{json.dumps(spec['default'], ensure_ascii=False)}`."
    return text


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def main(argv: list[str]) -> int:
    """Rewrite the reference in the files named (docs/definitions.md)."""
    for name in argv:
        print(f"{name}: {'rewritten' if rewrite(Path(name)) else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
