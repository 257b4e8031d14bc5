"""Finding directives, tasks and agencies by the ids people type, with suggestions.

A suggestion is drawn from at most :data:`NEAR` candidates, the ids beside the one typed
in sorted order (two index range scans: a few ms on a national store, where comparing
every id ever registered took 2.8 s). A task key is suggested only among the keys of the
agency it names, so a wrong key never shows another agency's tasks.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from directive_flow.definition.diagnostics import suggest
from directive_flow.errors import NotFoundError
from directive_flow.store.tables import AgencyRow, DirectiveRow, TaskRow

NEAR = 500  # the most candidates one suggestion compares (difflib: ~15 ms for 500)


def find_directive(session: Session, *, directive: str) -> DirectiveRow:
    """The registered directive ``directive``, or ``NotFoundError`` naming the closest."""
    row = session.get(DirectiveRow, directive)
    if row is None:
        known = near(session, DirectiveRow.id, directive)
        hint = suggest(_as_id(directive), known) if known else " (no directive is registered yet)"
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
        key = candidates[0]
        owner = _as_id(key.split("/")[1]) if "/" in key else None
        keys = (
            near(
                session,
                TaskRow.key,
                key,
                TaskRow.directive_id == directive,
                TaskRow.agency == owner,
            )
            if owner
            else []
        )
        hint = suggest(_as_key(key), keys)
        raise NotFoundError(f"directive '{directive}' has no task '{key}'{hint}")
    return row


def check_agency(session: Session, *, agency: str, directive: str | None = None) -> None:
    """Refuse an agency code that owns no task (in ``directive``, if given)."""
    where = [] if directive is None else [TaskRow.directive_id == directive]
    if session.scalar(select(TaskRow.id).where(TaskRow.agency == agency, *where).limit(1)):
        return
    if directive is None:  # every agency the registries know, not every task ever
        known = near(session, AgencyRow.code, agency)
    else:
        known = near(session, TaskRow.agency, agency, *where)
    raise NotFoundError(f"unknown agency '{agency}'{suggest(_as_id(agency), known)}")


def check_registry(session: Session, *, registry: str) -> None:
    """Refuse a registry id no registered directive belongs to."""
    if session.scalar(select(DirectiveRow.id).where(DirectiveRow.registry_id == registry).limit(1)):
        return
    known = near(session, DirectiveRow.registry_id, registry)
    raise NotFoundError(f"unknown registry '{registry}'{suggest(registry, known)}")


def near(
    session: Session,
    column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None],
    word: str,
    *where: ColumnElement[bool],
) -> list[str]:
    """The values of ``column`` (under ``where``) next to ``word`` in sorted order, at most
    :data:`NEAR` of them (half each side): every value when there are no more than that.
    A typo past the first letters sorts beside the id it misspells; ``word`` is taken as
    ids are written (:func:`_as_id`), so 'Prov03-...' or ' prov03-...' is looked for
    beside 'prov03-...', not before every id."""
    word = _as_id(word)
    values = select(column).where(*where).distinct()
    after = values.where(column >= word).order_by(column).limit(NEAR // 2)
    before = values.where(column < word).order_by(column.desc()).limit(NEAR // 2)
    found = [*session.scalars(before).all(), *session.scalars(after).all()]
    return [value for value in found if value is not None]


def _as_id(typed: str) -> str:
    """``typed`` as ids are written: lowercase, no space around (``CODE_PATTERN``)."""
    return typed.strip().lower()


def _as_key(typed: str) -> str:
    """A task key as keys are written: assignment and agency as ids, the period's label in
    capitals (``2025-Q1``, what ``Period.parse`` reads)."""
    parts = [part.strip() for part in typed.split("/")]
    return "/".join([*(_as_id(p) for p in parts[:2]), *(p.upper() for p in parts[2:])])
