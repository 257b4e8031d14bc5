"""Who may see what in the portal (reading; writing is :mod:`.rights`' business).

- a task: its agency, its reviewers (:func:`~.rights.reviewers_of`), operators;
- a directive's board: its issuing office, the agencies that hold a task in it,
  operators;
- a consolidated report: the issuing office, the consolidating agency, operators;
- an urging letter: the issuing office, the agency it urges, operators;
- an attachment: whoever may see its task.

A refusal is a :class:`~directive_flow.errors.ForbiddenError`.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session, aliased

from directive_flow.domain import Actor
from directive_flow.errors import ForbiddenError
from directive_flow.steps.rights import reviewers_of
from directive_flow.store.tables import DependencyRow, DirectiveRow, TaskRow

_CONSUMER = aliased(TaskRow, name="consumer")  # made once: its columns are adapted once

__all__ = [
    "check_sees_directive",
    "check_sees_files_of",
    "check_sees_task",
    "roles_of",
    "sees_directive",
    "sees_task",
]


def sees_task(session: Session, actor: Actor, task: TaskRow) -> bool:
    """True when ``actor`` may read ``task``."""
    if actor.operator or actor.speaks_for(task.agency):
        return True
    return actor.agency is not None and actor.agency in reviewers_of(session, task)


def check_sees_task(session: Session, actor: Actor, task: TaskRow) -> None:
    """Refuse a task ``actor`` may not read."""
    if not sees_task(session, actor, task):
        raise ForbiddenError(f"{actor.name} may not see task '{task.key}' of '{task.agency}'")


def check_sees_directive(session: Session, actor: Actor, directive: DirectiveRow) -> None:
    """Refuse a board ``actor`` may not read."""
    if actor.operator or actor.speaks_for(directive.issuer):
        return
    query = select(TaskRow.id).where(
        TaskRow.directive_id == directive.id, TaskRow.agency == actor.agency
    )
    if actor.agency is None or session.scalar(query.limit(1)) is None:
        raise ForbiddenError(f"{actor.name} has no task in '{directive.id}'")


def check_sees_files_of(session: Session, actor: Actor, task: TaskRow) -> None:
    """Refuse a report or letter of ``task`` to anyone but its agency and the issuer."""
    issuer = session.get_one(DirectiveRow, task.directive_id).issuer
    if actor.operator or actor.speaks_for(task.agency) or actor.speaks_for(issuer):
        return
    raise ForbiddenError(f"{actor.name} may not download the files of task '{task.key}'")


def sees_directive(actor: Actor) -> ColumnElement[bool]:
    """The condition on ``DirectiveRow`` under which ``actor`` may read its board."""
    if actor.operator:
        return true()
    if actor.agency is None:
        return false()
    holds = select(TaskRow.id).where(
        TaskRow.directive_id == DirectiveRow.id, TaskRow.agency == actor.agency
    )
    return (DirectiveRow.issuer == actor.agency) | holds.exists()


def roles_of(session: Session, actor: Actor) -> list[str]:
    """``contact`` (speaks for an agency), ``issuer``, ``reviewer``, ``operator``: sorted."""
    roles = {"operator"} if actor.operator else set()
    if actor.agency is not None:
        roles.add("contact")
        issues = select(DirectiveRow.id).where(DirectiveRow.issuer == actor.agency).limit(1)
        consumer = _CONSUMER
        consumes = (
            select(DependencyRow.supplier_id)
            .join(consumer, consumer.id == DependencyRow.consumer_id)
            .where(consumer.agency == actor.agency, consumer.cancelled.is_(False))
            .limit(1)
        )
        if session.scalar(issues) is not None:
            roles |= {"issuer", "reviewer"}
        elif session.scalar(consumes) is not None:
            roles.add("reviewer")
    return sorted(roles)
