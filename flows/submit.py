"""submit: an operator records a submission on an agency's behalf, from the UI form."""

from __future__ import annotations

from datetime import date
from typing import Any

from prefect import flow, get_run_logger
from pydantic import BaseModel, ConfigDict, Field

from directive_flow.domain import Actor, Channel
from directive_flow.settings import get_settings
from directive_flow.steps.intake import Intake, received_on
from directive_flow.steps.submit import submit as store_submission
from directive_flow.store.db import session_scope
from flows.common import publish_dashboards, store, today


class SubmissionForm(BaseModel):
    """What an agency handed in (the form under the deployment's "Custom run")."""

    model_config = ConfigDict(extra="forbid")

    directive: str = Field(description="Directive id, e.g. kontum-2014-975-tb-vp.")
    task: str = Field(description="Task key, e.g. s6-cung-cap-so-lieu/so-yt.")
    agency: str = Field(description="The agency submitting: only the task's own agency may.")
    data: dict[str, Any] = Field(
        default_factory=dict, description='Figures by field name, e.g. {"so_tre_em": 120}.'
    )
    note: str | None = Field(None, description="A note kept with the submission.")
    received_on: date | None = Field(
        None, description="The day the office received it (default: today); decides on-time."
    )
    received_reason: str | None = Field(
        None, description="Why it is entered after the day it was received (needed then)."
    )


@flow(name="submit", log_prints=True)
def submit(submission: SubmissionForm, actor: str = "operator") -> str:
    """Record one submission; it is validated against the deliverable's fields.

    Args:
        submission: The agency, task and figures.
        actor: The operator entering it (kept in the audit log).
    """
    intake = Intake.of(
        directive=submission.directive,
        task=submission.task,
        agency=submission.agency,
        actor=Actor.as_operator(actor, Channel.FLOW),
        data=submission.data,
        note=submission.note,
        received_at=received_on(submission.received_on) if submission.received_on else None,
        received_reason=submission.received_reason,
    )
    with session_scope(store()) as session:
        done = store_submission(session, intake, home=get_settings().home)
    get_run_logger().info("stored %s version %d", done.key, done.version)
    publish_dashboards(today(), submission.directive)
    return f"{done.key} v{done.version}"
