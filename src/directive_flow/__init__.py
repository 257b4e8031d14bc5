"""directive-flow: Vietnamese government directives as tracked, reminded, consolidated work.

The library is plain Python and never imports Prefect; ``flows/`` wraps it. Its stages,
in the order data travels (each imports only those before it): ``calendar`` ->
``definition`` -> ``planning`` (``draft`` beside it) -> ``store`` -> ``notify`` /
``report`` -> ``steps`` -> ``cli`` (and ``flows``, ``web``); see docs/architecture.md.

The exception tree (``directive_flow.errors``)::

    DirectiveFlowError            root: a problem the user can fix; the CLI prints it, exit 1
     +-- DefinitionError          definition files are invalid (``problems``: every Problem)
     +-- NotFoundError            an unknown directive, task, agency or period id
     +-- UsageError               the command line itself is wrong; exit 2
     +-- RefusedError             a rule forbids the operation (``problems``: every reason)
     |    +-- ForbiddenError      the actor has no right to it (portal: 403)
     |    +-- StaleError          decided on an out-of-date page: a newer version came (portal: 409)
     +-- StoreError               the store cannot be reached, or its schema is not this code's
     +-- DraftError               a notice cannot be drafted at all
     +-- SettingsError            a DIRECTIVE_FLOW_* variable has a wrong value (named)
     +-- ServiceError             the Prefect server, the deployments or the portal failed to start

    ValueError
     +-- DeadlineError            (internal) a deadline that cannot be resolved
     +-- CycleFound               (internal) a dependency cycle, listed in order

The two internal ones never leave the definition and planning stages: the validator turns
them into located problems of a ``DefinitionError``. Anything that is not a
``DirectiveFlowError`` is a bug: the CLI writes a log file and exits 2 without a traceback.
"""

from directive_flow.domain import Actor, Channel, Stage, Status, TaskState
from directive_flow.errors import (
    DefinitionError,
    DirectiveFlowError,
    DraftError,
    ForbiddenError,
    NotFoundError,
    Problem,
    RefusedError,
    ServiceError,
    SettingsError,
    StaleError,
    StoreError,
    UsageError,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Channel",
    "DefinitionError",
    "DirectiveFlowError",
    "DraftError",
    "ForbiddenError",
    "NotFoundError",
    "Problem",
    "RefusedError",
    "ServiceError",
    "SettingsError",
    "Stage",
    "StaleError",
    "Status",
    "StoreError",
    "TaskState",
    "UsageError",
    "__version__",
]
