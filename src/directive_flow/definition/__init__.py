"""Definition: a directive or an agency registry as a file is read, checked and modelled.

``yamlio`` is the one safe YAML reader; ``model`` the frozen pydantic models; ``loader``
checks a file, its registry and its references, every problem located; ``graph`` the
assignments' dependencies (``graphlib``); ``json_schema`` the editors' schemas. The
checks that need planning (deadline order) are added by ``directive_flow.planning``.
"""

from directive_flow.definition.agencies import AgencyDirectory, fold
from directive_flow.definition.diagnostics import suggest
from directive_flow.definition.graph import CycleFound, DependencyGraph, suppliers_of
from directive_flow.definition.json_schema import SCHEMAS, schema_text, write_schemas
from directive_flow.definition.loaded import LoadedDirective, LoadedRegistry
from directive_flow.definition.loader import Loader, load_registry
from directive_flow.definition.model import AgencyRegistry, Assignment, Directive
from directive_flow.definition.yamlio import YamlDocument, parse_yaml, read_yaml

__all__ = [
    "SCHEMAS",
    "AgencyDirectory",
    "AgencyRegistry",
    "Assignment",
    "CycleFound",
    "DependencyGraph",
    "Directive",
    "LoadedDirective",
    "LoadedRegistry",
    "Loader",
    "YamlDocument",
    "fold",
    "load_registry",
    "parse_yaml",
    "read_yaml",
    "schema_text",
    "suggest",
    "suppliers_of",
    "write_schemas",
]
