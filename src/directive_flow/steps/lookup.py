"""Finding directives, tasks and agencies by the ids people type, with suggestions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from directive_flow.definition.diagnostics import suggest
from directive_flow.errors import NotFoundError
from directive_flow.store.tables import DirectiveRow, TaskRow


def find_directive(session: Session, *, directive: str) -> DirectiveRow:
    """The registered directive ``directive``, or ``NotFoundError`` naming the closest."""
    row = session.get(DirectiveRow, directive)
    if row is None:
        known = session.scalars(select(DirectiveRow.id)).all()
        hint = suggest(directive, known) if known else " (no directive is registered yet)"
        raise NotFoundError(f"unknown directive '{directive}'{hint}")
    return row


def find_task(
    session: Session,
    *,
    directive: str,
    task: str,
    agency: str | None = None,
    for_update: bool = False,
) -> TaskRow:
    """A task by its key (``assignment/agency[/period]``), or by assignment and agency.

    ``for_update`` locks the row (PostgreSQL) so concurrent writers to one task queue.
    """
    find_directive(session, directive=directive)
    candidates = [task] if "/" in task or agency is None else [f"{task}/{agency}"]
    query = select(TaskRow).where(TaskRow.directive_id == directive, TaskRow.key.in_(candidates))
    row = session.scalars(query.with_for_update() if for_update else query).first()
    if row is None:
        keys = session.scalars(select(TaskRow.key).where(TaskRow.directive_id == directive)).all()
        raise NotFoundError(
            f"directive '{directive}' has no task '{candidates[0]}'{suggest(candidates[0], keys)}"
        )
    return row


def check_agency(session: Session, *, agency: str, directive: str | None = None) -> None:
    """Refuse an agency code that owns no task (in ``directive``, if given)."""
    query = select(TaskRow.agency).distinct()
    if directive is not None:
        query = query.where(TaskRow.directive_id == directive)
    known = session.scalars(query).all()
    if agency not in known:
        raise NotFoundError(f"unknown agency '{agency}'{suggest(agency, known)}")
