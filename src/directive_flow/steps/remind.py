"""Deciding which reminders are due today and writing them to the outbox.

One query finds every due stage (:func:`due_steps`): the reminder steps still waiting
(not ``queued``) dated on or before today, of tasks that are live (not cancelled) and not
completed, that the outbox does not hold yet (an anti-join on task x stage). A step the
run writes to the outbox is marked ``queued`` in the same transaction, so each run reads
today's stages of the open tasks, not their whole timelines. Then the rules:

- quiet days: nothing at all for a directive on a non-working day of its calendar;
- catch-up after downtime: per task and recipient only the latest due stage is sent; the
  earlier ones are written as ``skipped`` so they are never sent later.

Rows go in with ``INSERT .. ON CONFLICT DO NOTHING`` on the outbox key
``{directive}:{task key}:{stage}``, so two runs at once write each reminder once. The
number of statements does not grow with the number of tasks (an insert per status and
``CHUNK`` rows). Escalations carry the urging letter (văn bản đôn đốc) as a Word attachment, under
``<home>/letters/<directive>/``. Delivery is :mod:`directive_flow.steps.deliver`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from directive_flow.calendar import WorkCalendar, default_calendar
from directive_flow.domain import Actor, Channel, OutboxStatus, Stage, TaskState
from directive_flow.errors import RefusedError
from directive_flow.settings import get_settings
from directive_flow.steps.common import local_today, record, utc_now
from directive_flow.steps.compose import Composer, DueStep, outbox_key, outbox_row
from directive_flow.steps.lookup import find_directive
from directive_flow.steps.schedule import directive_calendar, mark_queued
from directive_flow.store.tables import DirectiveRow, OutboxRow, ReminderStepRow, TaskRow

__all__ = [
    "CHUNK",
    "DueStep",
    "QueueResult",
    "due_query",
    "due_steps",
    "outbox_key",
    "queue_reminders",
    "split_latest",
]

CHUNK = 5000  # outbox rows per INSERT: bounds memory, and statements per run
REMINDER = Actor("remind", Channel.SYSTEM, operator=True)
"""The actor reminder runs record themselves as."""
_STATUS_ORDER = (OutboxStatus.PENDING, OutboxStatus.FAILED, OutboxStatus.SKIPPED)


@dataclass(frozen=True)
class QueueResult:
    """What a run decided (``send``, ``skip``) and wrote (``written``, per outbox status).

    ``quiet`` lists the directives resting today (a non-working day of their calendar).
    ``written`` counts the rows this run inserted: a row another run wrote first is not
    counted, and a dry run writes nothing.
    """

    today: date
    send: tuple[DueStep, ...] = ()
    skip: tuple[DueStep, ...] = ()
    quiet: tuple[str, ...] = ()
    written: dict[str, int] = field(default_factory=dict)
    letters: tuple[Path, ...] = ()
    dry_run: bool = False

    @property
    def queued(self) -> int:
        """Reminders written as ``pending``, ready for delivery."""
        return self.written.get(OutboxStatus.PENDING, 0)

    @property
    def skipped(self) -> int:
        """Earlier stages written as ``skipped`` (a later stage went instead)."""
        return self.written.get(OutboxStatus.SKIPPED, 0)

    @property
    def no_contact(self) -> int:
        """Stages written as ``failed`` because nobody can receive them."""
        return self.written.get(OutboxStatus.FAILED, 0)

    def summary(self) -> str:
        """One Vietnamese line for logs and artifacts."""
        if self.quiet and not self.send and not self.skip:
            return f"ngày nghỉ, không nhắc việc ({', '.join(self.quiet)})"
        text = f"{self.queued} nhắc việc mới, {self.skipped} bỏ qua (đã có bước sau)"
        text += f", {self.no_contact} không có địa chỉ nhận" if self.no_contact else ""
        return text + (f", {len(self.letters)} văn bản đôn đốc" if self.letters else "")

    def to_json(self) -> dict[str, Any]:
        """The counts, for logs, audit events and artifacts."""
        return {
            "today": self.today.isoformat(),
            "due": len(self.send),
            "queued": self.queued,
            "skipped": self.skipped,
            "no_contact": self.no_contact,
            "quiet": list(self.quiet),
            "letters": len(self.letters),
            "dry_run": self.dry_run,
        }


def queue_reminders(
    session: Session,
    *,
    today: date,
    directive: str | None = None,
    registry: str | None = None,
    home: Path | None = None,
    actor: Actor = REMINDER,
    at: datetime | None = None,
    dry_run: bool = False,
) -> QueueResult:
    """Write today's due reminders (of ``directive``, of ``registry``'s, or of all) to the outbox.

    ``home`` (default: the settings' home) receives the urging letters under ``letters/``.
    ``at`` (default: now) stamps the rows and the audit event. A ``dry_run`` decides and
    returns the stages without rendering or writing anything; a day after today is only
    for a dry run (sending it would announce a lateness that has not happened yet).
    """
    if not dry_run and today > local_today():
        raise RefusedError(
            f"{today.isoformat()} is after today ({local_today().isoformat()}): a later day "
            "is only looked at with --dry-run, never sent"
        )
    directives = _directives(session, directive, registry)
    calendars = {row.id: _calendar(row) for row in directives}
    quiet = tuple(sorted(d for d, cal in calendars.items() if not cal.is_working_day(today)))
    resting = len(quiet) == len(directives)
    steps = (
        []
        if resting
        else due_steps(session, today=today, directive=directive, registry=registry, exclude=quiet)
    )
    send, skip = split_latest(steps)
    result = QueueResult(today, send, skip, quiet, dry_run=dry_run)
    if dry_run:
        return result
    when = at or utc_now()
    composer = Composer(session, directives, calendars, today, home or get_settings().home)
    composer.read_reminded(send)
    written: Counter[str] = Counter()
    for chunk in _chunks(_rows(composer, send, skip, when), CHUNK):
        written.update(_insert(session, chunk))
    mark_queued(session, ((step.task_id, step.stage) for step in (*send, *skip)))
    result = dataclasses.replace(
        result, written=dict(written), letters=tuple(composer.letters.written)
    )
    summary = result.to_json() | ({"registry": registry} if registry else {})
    record(
        session, actor=actor, action="remind-queue", at=when, directive_id=directive, after=summary
    )
    return result


def due_query(
    *,
    today: date,
    directive: str | None = None,
    registry: str | None = None,
    exclude: Sequence[str] = (),
) -> Select[*tuple[Any, ...]]:
    """The due steps of live, uncompleted tasks that the outbox does not hold yet
    (of ``directive``, or of ``registry``'s directives, if given)."""
    held = select(OutboxRow.id).where(
        OutboxRow.task_id == ReminderStepRow.task_id, OutboxRow.stage == ReminderStepRow.stage
    )
    query: Select[*tuple[Any, ...]] = (
        select(
            ReminderStepRow.task_id,
            TaskRow.directive_id,
            TaskRow.key,
            ReminderStepRow.stage,
            ReminderStepRow.day,
            ReminderStepRow.recipient,
            TaskRow.agency,
            TaskRow.title,
            TaskRow.due,
            TaskRow.period,
        )
        .join(TaskRow, TaskRow.id == ReminderStepRow.task_id)
        .where(
            ReminderStepRow.queued.is_(False),  # as ix_reminder_steps_waiting says it
            ReminderStepRow.day <= today,
            TaskRow.directive_id.not_in(_historical()),
            TaskRow.cancelled.is_(False),
            TaskRow.completed_on.is_(None),
            TaskRow.state != TaskState.ACCEPTED,
            ~held.exists(),
        )
    )
    if directive is not None:
        query = query.where(TaskRow.directive_id == directive)
    if registry is not None:
        query = query.where(TaskRow.directive_id.in_(_of_registry(registry)))
    return query.where(TaskRow.directive_id.not_in(exclude)) if exclude else query


def _of_registry(registry: str) -> Select[str]:
    """A registry's (a province's) directives: one partition of the work."""
    return select(DirectiveRow.id).where(DirectiveRow.registry_id == registry)


def _historical() -> Select[str]:
    """Directives played in their own time: nothing of theirs is ever sent."""
    return select(DirectiveRow.id).where(DirectiveRow.historical.is_(True))


def due_steps(
    session: Session,
    *,
    today: date,
    directive: str | None = None,
    registry: str | None = None,
    exclude: Sequence[str] = (),
) -> list[DueStep]:
    """Every due stage not yet in the outbox, in one query (see :func:`due_query`)."""
    query = due_query(today=today, directive=directive, registry=registry, exclude=exclude)
    return [DueStep(*row) for row in session.execute(query)]


def split_latest(steps: Iterable[DueStep]) -> tuple[tuple[DueStep, ...], tuple[DueStep, ...]]:
    """Per task and recipient, the latest stage (to send) and the earlier ones (to skip)."""
    latest: dict[tuple[int, str], DueStep] = {}
    earlier: list[DueStep] = []
    for step in steps:
        slot = (step.task_id, step.recipient)
        held = latest.get(slot)
        if held is not None and (held.day, held.stage) > (step.day, step.stage):
            earlier.append(step)
            continue
        if held is not None:
            earlier.append(held)
        latest[slot] = step
    return tuple(sorted(latest.values(), key=_order)), tuple(sorted(earlier, key=_order))


def _order(step: DueStep) -> tuple[str, str, date, Stage]:
    return (step.directive_id, step.task_key, step.day, step.stage)


def _directives(
    session: Session, directive: str | None, registry: str | None
) -> list[DirectiveRow]:
    if directive is not None:
        return [find_directive(session, directive=directive)]
    # Only directives with an open task can have a due step: their calendars are built,
    # not those of every directive ever (ix_tasks_open holds the open tasks alone).
    if registry is None:
        open_ = select(TaskRow.directive_id).where(
            TaskRow.completed_on.is_(None), TaskRow.cancelled.is_(False)
        )
        return list(
            session.scalars(
                select(DirectiveRow).where(
                    DirectiveRow.historical.is_(False), DirectiveRow.id.in_(open_)
                )
            )
        )
    # One registry of many: its own directives, each probed for an open task, so that a
    # province's run does not read the nation's open work.
    has_open = (
        select(TaskRow.id)
        .where(
            TaskRow.directive_id == DirectiveRow.id,
            TaskRow.completed_on.is_(None),
            TaskRow.cancelled.is_(False),
        )
        .exists()
    )
    mine = select(DirectiveRow).where(
        DirectiveRow.registry_id == registry, DirectiveRow.historical.is_(False), has_open
    )
    return list(session.scalars(mine))


def _calendar(row: DirectiveRow) -> WorkCalendar:
    """The directive's calendar; the default Vietnamese one if its stored form is unusable."""
    try:
        return directive_calendar(row)
    except ValueError:  # pydantic's ValidationError is a ValueError
        return default_calendar()


def _rows(
    composer: Composer, send: Sequence[DueStep], skip: Sequence[DueStep], when: datetime
) -> Iterator[dict[str, Any]]:
    """Every row to insert, sorted by key so concurrent runs take key locks in one order."""
    latest = {(s.task_id, s.recipient): str(s.stage) for s in send}
    rows: list[tuple[str, DueStep, str | None]] = [(s.key, s, None) for s in send]
    rows += [(s.key, s, latest[(s.task_id, s.recipient)]) for s in skip]
    for _, step, superseded_by in sorted(rows, key=lambda r: r[0]):
        if superseded_by is None:
            yield composer.row(step, when)
        else:
            yield outbox_row(
                step, when, OutboxStatus.SKIPPED, "none", {"superseded_by": superseded_by}
            )


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _insert(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """``INSERT .. ON CONFLICT (key) DO NOTHING``, one statement per status; rows inserted.

    A row another run wrote first is not counted. Statuses go in a fixed order and keys
    in sorted order, so concurrent runs wait on each other's keys without deadlock.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(OutboxRow).on_conflict_do_nothing(index_elements=["key"])
    statement = statement.execution_options(preserve_rowcount=True)
    written: dict[str, int] = {}
    for status in _STATUS_ORDER:
        group = [row for row in rows if row["status"] == status]
        if group:
            result = session.connection().execute(statement, group)
            written[status] = int(result.rowcount)
    return written
