"""Opening a reporting period: the tasks of recurring duties for that period come to exist.

For every directive whose current version is active and has a recurring assignment, the
STORED text of that version is registered again (``register_directive(text=...)``, its
registry resolved relative to the version's ``source_path``) as of the period's first
day. The plan then reaches that period, and the register step adds its tasks. The text
is unchanged, so no new version is made; opening a period again (or an earlier one)
changes nothing, because tasks of later periods are left alone.

Each directive is opened in its own transaction: one that cannot be loaded (its registry
moved away, say) is reported as failed and the others still open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, select

from directive_flow.calendar.periods import Period, period_containing
from directive_flow.definition.yamlio import parse_yaml
from directive_flow.domain import Actor, VersionStatus
from directive_flow.errors import DefinitionError, UsageError
from directive_flow.steps.register import Change, register_directive
from directive_flow.store.db import session_scope
from directive_flow.store.tables import DirectiveRow, DirectiveVersionRow

OpenOutcome = Literal["opened", "unchanged", "failed"]


@dataclass(frozen=True)
class Opened:
    """What opening the period did to one directive."""

    directive: str
    outcome: OpenOutcome
    changes: tuple[Change, ...] = ()
    error: str | None = None

    @property
    def added(self) -> tuple[str, ...]:
        """Keys of the tasks that now exist (added, or restored)."""
        return tuple(c.key for c in self.changes if c.action in ("add", "restore"))

    def to_json(self) -> dict[str, Any]:
        """JSON shape of one directive's outcome."""
        return {
            "directive": self.directive,
            "outcome": self.outcome,
            "added": list(self.added),
            "changes": [str(c) for c in self.changes],
            "error": self.error,
        }


@dataclass(frozen=True)
class OpenPeriodReport:
    """The period opened, the day the plans were made as of, and each directive's outcome."""

    period: str
    as_of: date
    directives: tuple[Opened, ...]

    @property
    def added(self) -> tuple[str, ...]:
        """Every task added, as ``directive:key``."""
        return tuple(f"{d.directive}:{key}" for d in self.directives for key in d.added)

    def to_json(self) -> dict[str, Any]:
        """JSON shape of the whole run."""
        return {
            "period": self.period,
            "as_of": self.as_of.isoformat(),
            "directives": [d.to_json() for d in self.directives],
        }


def open_period(
    engine: Engine, *, period: str | None = None, today: date, actor: Actor
) -> OpenPeriodReport:
    """Open ``period`` (default: the half-year containing ``today``) for every directive."""
    target = _period(period, today)
    with session_scope(engine) as session:
        query = (
            select(DirectiveVersionRow)
            .join(DirectiveRow, DirectiveRow.id == DirectiveVersionRow.directive_id)
            .where(
                DirectiveVersionRow.version == DirectiveRow.current_version,
                DirectiveVersionRow.status == VersionStatus.ACTIVE,
            )
            .order_by(DirectiveVersionRow.directive_id)
        )
        versions = [v for v in session.scalars(query) if _recurs(v)]
    opened = tuple(_open(engine, v, target.start, actor) for v in versions)
    return OpenPeriodReport(target.label, target.start, opened)


def _period(label: str | None, today: date) -> Period:
    if label is None:
        return period_containing(today, "half-year")
    try:
        return Period.parse(label)
    except ValueError as exc:
        raise UsageError(f"period: {exc}") from None


def _recurs(version: DirectiveVersionRow) -> bool:
    """The stored text has a recurring assignment (read without its registry)."""
    try:
        data = parse_yaml(version.source_text, version.source_path).data
    except DefinitionError:
        return True  # let registering report what is wrong with it
    assignments = data.get("assignments") if isinstance(data, dict) else None
    return isinstance(assignments, list) and any(
        isinstance(a, dict) and a.get("recurrence") for a in assignments
    )


def _open(engine: Engine, version: DirectiveVersionRow, as_of: date, actor: Actor) -> Opened:
    try:
        with session_scope(engine) as session:
            registration = register_directive(
                session,
                path=Path(version.source_path),
                text=version.source_text,
                actor=actor,
                as_of=as_of,
            )
    except (DefinitionError, UsageError) as exc:
        return Opened(version.directive_id, "failed", error=str(exc))
    outcome: OpenOutcome = "unchanged" if registration.outcome == "unchanged" else "opened"
    return Opened(version.directive_id, outcome, registration.changes)
