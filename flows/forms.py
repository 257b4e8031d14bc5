"""What every deployment's form has in common: Vietnamese labels, plain widgets, clean refusals.

Prefect draws a deployment's "Custom run" form from the flow's parameters. Left alone it
labels each field with the parameter's name, shows ``str | None`` as a type switch ("Property
is type None") and ends a refused run with two tracebacks. Here:

- :func:`ask` gives a parameter its Vietnamese title and help text;
- :data:`Day` is an optional date drawn as a date picker, :data:`Text` an optional text box
  that may stay empty; :func:`empty_allowed` leaves a ``null`` default out of a deployment's
  schema, so that a date left empty is accepted;
- :func:`refusals_end_the_run` turns a refusal the user can act on (an unknown task, a rule
  that forbids the operation, an invalid definition) into a Failed run whose state message
  is one Vietnamese line, logged once, without a traceback; :func:`refusal_text` gives a
  refusal's lines for a run that logs a file's refusal and goes on; a :class:`FormRefusal` is
  a refusal the flow words itself, in Vietnamese, shown as it is. Prefect's own failure lines
  for a refusal (a task's "Task run failed", the engine's "Engine execution exited with
  unexpected exception", each with a traceback) are left out of the run's log. Anything else
  is a bug and keeps Prefect's traceback.
"""

from __future__ import annotations

import functools
import inspect
import logging
import typing
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, ParamSpec, TypeVar

from prefect import get_run_logger
from prefect.client.schemas.objects import State
from prefect.exceptions import FailedRun
from prefect.states import Failed
from pydantic import Field, WithJsonSchema

from directive_flow.errors import DefinitionError, DirectiveFlowError, RefusedError
from directive_flow.texts.definitions import problem_line
from directive_flow.texts.refusals import one_line_reason

__all__ = [
    "Day",
    "FormRefusal",
    "Text",
    "ask",
    "empty_allowed",
    "refusal",
    "refusal_text",
    "refusals_end_the_run",
]

Day = Annotated[date | None, WithJsonSchema({"type": "string", "format": "date"})]
"""An optional day: a date picker; left empty, the flow's own default applies.

Its schema stays ``{"type": "string", "format": "date"}``, the one thing Prefect's UI draws as
a date picker (a ``["string", "null"]`` type stops the form, an ``anyOf`` is a type switch).
A deployment leaves its ``null`` default out (:func:`empty_allowed`): Prefect's server then
reads an optional field without a default as "string or null", and the UI sends nothing.
"""

Text = Annotated[str, WithJsonSchema({"type": "string"})]
"""A text that may stay empty (``""``): one text box, no type switch."""

P = ParamSpec("P")
R = TypeVar("R")

_PREFECT_RUN_LOGGERS = ("prefect.flow_runs", "prefect.task_runs")


class FormRefusal(RefusedError):
    """A refusal the flow words itself, in Vietnamese, for the operator at the form."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)


def empty_allowed(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` (a deployment's parameters) with every ``null`` default left out.

    Prefect's server validates a field that has a default against its type alone: a
    :data:`Day` left empty (``null``) would fail "None is not of type 'string'"; without a
    default, an optional field is "its type or null" (``preprocess_schema`` in
    ``prefect.utilities.schema_tools``), and the UI leaves it unset.
    """
    for fields in (schema.get("properties", {}), *_model_fields(schema)):
        for spec in fields.values():
            if "default" in spec and spec["default"] is None:
                del spec["default"]
    return schema


def _model_fields(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields of each model a parameter is (``definitions``)."""
    return [part.get("properties", {}) for part in schema.get("definitions", {}).values()]


def ask(title: str, help_text: str, default: Any = ..., **extra: Any) -> Any:
    """A form field labelled ``title`` with ``help_text`` under it.

    Prefect overwrites a parameter's ``title`` with its name but keeps the JSON Schema
    extras, so the label goes there.
    """
    return Field(default, description=help_text, json_schema_extra={"title": title, **extra})


def refusal(exc: DirectiveFlowError) -> State[Any]:
    """The Failed state a refused run ends in: one Vietnamese line, logged once."""
    if isinstance(exc, FormRefusal):
        reason = " ".join(exc.summary.split())
    elif isinstance(exc, RefusedError):
        reason = one_line_reason(exc.summary, exc.problems)
    elif isinstance(exc, DefinitionError):
        reason = one_line_reason("tệp định nghĩa có lỗi", tuple(map(problem_line, exc.problems)))
    else:
        reason = one_line_reason(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    _QuietRefusals.installed().reasons.add(reason)
    get_run_logger().error(reason)
    return Failed(message=reason)


def refusal_text(exc: DirectiveFlowError) -> str:
    """A refusal as the lines a run logs: a definition's problems in Vietnamese, one a line
    (``path:line:col: ...``); any other refusal as it is worded."""
    if isinstance(exc, DefinitionError):
        return "\n".join(map(problem_line, exc.problems))
    return str(exc)


def refusals_end_the_run(fn: Callable[P, R]) -> Callable[P, R]:
    """Wrap a flow's function (under ``@flow``) so that refusals end it as :func:`refusal`."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        _QuietRefusals.installed()  # before a task can fail with a refusal
        try:
            return fn(*args, **kwargs)
        except DirectiveFlowError as exc:
            return refusal(exc)  # type: ignore[return-value]  # Prefect ends the run in it

    # Prefect resolves string annotations in the wrapper's module, which does not know the
    # flow's own types: hand it the resolved ones.
    run.__annotations__ = typing.get_type_hints(fn, include_extras=True)
    run.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
    return run


class _QuietRefusals(logging.Filter):
    """Leaves Prefect's failure lines for a refusal out of a run's log: the refusal is said
    once, by :func:`refusal`.

    A task that refuses logs "Task run failed with exception: RefusedError(...)" with its
    traceback; a run that ends in the refusal's Failed state makes the engine log "Engine
    execution exited with unexpected exception" with a :class:`FailedRun` traceback. Any
    other failure keeps its lines.
    """

    def __init__(self) -> None:
        super().__init__()
        self.reasons: set[str] = set()

    @classmethod
    def installed(cls) -> _QuietRefusals:
        """The filter on Prefect's run loggers, installed on first use in this process."""
        first = logging.getLogger(_PREFECT_RUN_LOGGERS[0])
        for existing in first.filters:
            if isinstance(existing, cls):
                return existing
        quiet = cls()
        for name in _PREFECT_RUN_LOGGERS:
            logging.getLogger(name).addFilter(quiet)
        return quiet

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, DirectiveFlowError):
            return False
        return not (isinstance(exc, FailedRun) and str(exc) in self.reasons)
