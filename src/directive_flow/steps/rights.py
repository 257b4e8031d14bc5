"""Who may do what, derived from the definitions and enforced here for every path.

- an agency's contacts hand in and ask for more time on their agency's tasks;
- a task's reviewers decide on its submissions: the directive's issuing office, and the
  agencies whose tasks wait on it (the lead or consolidating agency of its consumers);
- the issuing office decides extensions;
- operators (the CLI, the flows, the configured portal users) may do all of it;
- nobody decides on their own agency's work: not its submissions, not its extensions.

Every refusal is a :class:`~directive_flow.errors.ForbiddenError` naming who and what.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from directive_flow.domain import Actor
from directive_flow.errors import ForbiddenError
from directive_flow.store.tables import DependencyRow, DirectiveRow, TaskRow

_CONSUMER = aliased(TaskRow, name="consumer")  # made once: its columns are adapted once

__all__ = ["check_decides_extension", "check_owner", "check_reviewer", "reviewers_of"]


def check_owner(actor: Actor, task: TaskRow, what: str) -> None:
    """The actor may act for ``task``'s agency (hand in, ask for time)."""
    if not actor.operator and not actor.speaks_for(task.agency):
        raise ForbiddenError(f"{actor.name} may not {what} for '{task.agency}' (task '{task.key}')")


def reviewers_of(session: Session, task: TaskRow) -> set[str]:
    """The agencies that may decide on ``task``'s submissions: issuer and consumers' owners."""
    consumer = _CONSUMER
    owners = session.scalars(
        select(consumer.agency)
        .join(DependencyRow, DependencyRow.consumer_id == consumer.id)
        .where(DependencyRow.supplier_id == task.id, consumer.cancelled.is_(False))
    )
    issuer = session.get_one(DirectiveRow, task.directive_id).issuer
    return ({issuer, *owners}) - {task.agency}


def check_reviewer(session: Session, actor: Actor, task: TaskRow) -> None:
    """The actor may accept or return ``task``'s submission."""
    _not_own(actor, task, "decide on")
    if actor.operator or actor.agency in reviewers_of(session, task):
        return
    raise ForbiddenError(f"{actor.name} may not review task '{task.key}'")


def check_decides_extension(session: Session, actor: Actor, task: TaskRow) -> None:
    """The actor may approve or reject ``task``'s extension request (the issuing office)."""
    _not_own(actor, task, "decide the extension of")
    issuer = session.get_one(DirectiveRow, task.directive_id).issuer
    if actor.operator or actor.speaks_for(issuer):
        return
    raise ForbiddenError(f"only the issuing office may decide extensions of task '{task.key}'")


def _not_own(actor: Actor, task: TaskRow, what: str) -> None:
    if actor.speaks_for(task.agency):
        raise ForbiddenError(
            f"{actor.name} speaks for '{task.agency}' and may not {what} its own task '{task.key}'"
        )
