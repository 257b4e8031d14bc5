"""Shared by the drafter's tests: the fixture notices and how each is drafted.

Run ``.venv/bin/python tests/draft/draft_helpers.py`` from the repository root to rewrite the
expected drafts after a deliberate change; review the diff before committing it.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTICES = Path("tests/fixtures/notices")
EXPECTED = NOTICES / "expected"
REGISTRY = NOTICES / "registry.yaml"
NAMES = sorted(p.stem for p in (ROOT / NOTICES).iterdir() if p.suffix in (".txt", ".html"))


def notice_path(name: str) -> Path:
    """The fixture notice ``name`` (relative to the repository root)."""
    return next(p.relative_to(ROOT) for p in (ROOT / NOTICES).glob(f"{name}.*"))


@cache
def registry():  # type: ignore[no-untyped-def]
    """The fixture registry (a copy of the Kon Tum 2014 registry)."""
    from directive_flow.definition.loader import load_registry

    return load_registry(ROOT / REGISTRY).registry


def draft_fixture(name: str):  # type: ignore[no-untyped-def]
    """Draft fixture ``name`` as if written to ``expected/NAME.yaml`` (cwd: the repo root)."""
    from directive_flow.draft import draft_notice

    source = notice_path(name)
    return draft_notice(
        (ROOT / source).read_bytes(),
        registry=registry(),
        source_name=source.as_posix(),
        output_path=EXPECTED / f"{name}.yaml",
        registry_path=REGISTRY,
    )


def regenerate() -> None:
    """Rewrite every expected draft."""
    for name in NAMES:
        (ROOT / EXPECTED / f"{name}.yaml").write_text(draft_fixture(name).yaml, encoding="utf-8")
        print(f"wrote {EXPECTED / name}.yaml")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    regenerate()
