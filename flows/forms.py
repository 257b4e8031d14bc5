"""What every deployment's form has in common: Vietnamese labels, plain widgets, clean refusals.

Prefect draws a deployment's "Custom run" form from the flow's parameters. Left alone it
labels each field with the parameter's name, shows ``str | None`` as a type switch ("Property
is type None") and ends a refused run with two tracebacks. Here:

- :func:`ask` gives a parameter its Vietnamese title and help text;
- :data:`Day` is an optional date drawn as a date picker, :data:`Text` an optional text box
  that may stay empty;
- :func:`refusals_end_the_run` turns a refusal the user can act on (an unknown task, a rule
  that forbids the operation, an invalid definition) into a Failed run whose state message
  is one Vietnamese line, logged once, without a traceback; :func:`refusal_text` gives a
  refusal's lines for a run that logs a file's refusal and goes on. Anything else is a bug and
  keeps Prefect's traceback.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, ParamSpec, TypeVar

from prefect import get_run_logger
from prefect.client.schemas.objects import State
from prefect.states import Failed
from pydantic import Field, WithJsonSchema

from directive_flow.errors import DefinitionError, DirectiveFlowError, RefusedError
from directive_flow.texts.definitions import problem_line
from directive_flow.texts.refusals import one_line_reason

__all__ = ["Day", "Text", "ask", "refusal", "refusal_text", "refusals_end_the_run"]

Day = Annotated[date | None, WithJsonSchema({"type": "string", "format": "date"})]
"""An optional day: a date picker; left empty, the flow's own default applies."""

Text = Annotated[str, WithJsonSchema({"type": "string"})]
"""A text that may stay empty (``""``): one text box, no type switch."""

P = ParamSpec("P")
R = TypeVar("R")


def ask(title: str, help_text: str, default: Any = ..., **extra: Any) -> Any:
    """A form field labelled ``title`` with ``help_text`` under it.

    Prefect overwrites a parameter's ``title`` with its name but keeps the JSON Schema
    extras, so the label goes there.
    """
    return Field(default, description=help_text, json_schema_extra={"title": title, **extra})


def refusal(exc: DirectiveFlowError) -> State[Any]:
    """The Failed state a refused run ends in: one Vietnamese line, logged once."""
    if isinstance(exc, RefusedError):
        reason = one_line_reason(exc.summary, exc.problems)
    elif isinstance(exc, DefinitionError):
        reason = one_line_reason("tệp định nghĩa có lỗi", tuple(map(problem_line, exc.problems)))
    else:
        reason = one_line_reason(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
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
        try:
            return fn(*args, **kwargs)
        except DirectiveFlowError as exc:
            return refusal(exc)  # type: ignore[return-value]  # Prefect ends the run in it

    # Prefect resolves string annotations in the wrapper's module, which does not know the
    # flow's own types: hand it the resolved ones.
    run.__annotations__ = typing.get_type_hints(fn, include_extras=True)
    run.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
    return run
