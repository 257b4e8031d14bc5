"""What loading hands on: a valid registry or directive with the document it came from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from directive_flow.definition.model import AgencyRegistry, Directive
from directive_flow.definition.yamlio import YamlDocument

__all__ = ["LoadedDirective", "LoadedRegistry"]


@dataclass(frozen=True)
class LoadedRegistry:
    """A valid registry with its source document."""

    registry: AgencyRegistry
    doc: YamlDocument
    path: Path


@dataclass(frozen=True)
class LoadedDirective:
    """A valid directive, the registry it uses, and its source document."""

    directive: Directive
    registry: AgencyRegistry
    doc: YamlDocument
    path: Path
