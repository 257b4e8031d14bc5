"""Path parameters, validated before any step sees them (ids are ASCII; keys carry ``/``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

__all__ = ["DirectiveId", "Numeric", "TaskKey", "task_url"]

DirectiveId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="a directive id, e.g. kontum-2014-975-tb-vp",
    ),
]
TaskKey = Annotated[
    str,
    Path(
        min_length=3,
        max_length=200,
        pattern=r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*(/[A-Za-z0-9-]+)?$",
        description="a task key, unencoded: assignment/agency[/period], "
        "e.g. s6-cung-cap-so-lieu/so-yt",
        openapi_examples={"task": {"value": "s6-cung-cap-so-lieu/so-yt"}},
    ),
]
Numeric = Annotated[int, Path(ge=1, le=2**31 - 1)]


def task_url(directive: str, task: str) -> str:
    """The task page's address (the key's ``/`` stays as it is)."""
    return f"/tasks/{directive}/{task}"
