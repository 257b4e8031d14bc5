"""Files that ship with directive-flow: the example definitions and the notices they encode.

In a checkout they are the repository's ``definitions/`` folder; an installed wheel
carries a copy at ``directive_flow/examples/`` (``pyproject.toml`` force-includes it), so
``directive-flow demo`` and ``up`` work from any folder.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["examples", "reference_directive"]

_PACKAGE = Path(__file__).resolve().parent


def examples() -> Path:
    """The folder of example definitions: the wheel's copy, else the checkout's."""
    packaged = _PACKAGE / "examples"
    return packaged if packaged.is_dir() else _PACKAGE.parents[1] / "definitions"


def reference_directive() -> Path:
    """The reference notice 975/TB-VP, encoded completely."""
    return examples() / "directives" / "kontum" / "2014-975-tb-vp.yaml"
