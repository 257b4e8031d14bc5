"""directive-flow: Vietnamese government directives as tracked, reminded, consolidated work.

The library is plain Python and never imports Prefect; ``flows/`` wraps it.
"""

from directive_flow.errors import DefinitionError, DirectiveFlowError, Problem, UsageError

__version__ = "0.1.0"

__all__ = [
    "DefinitionError",
    "DirectiveFlowError",
    "Problem",
    "UsageError",
    "__version__",
]
