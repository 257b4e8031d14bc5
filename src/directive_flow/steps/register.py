"""Registering a directive file: validate, plan, store; re-registering applies the edit.

Tasks are identified by ``(directive id, task key)``: the key is
``assignment/agency[/period]`` (see ``plan.task_key``), so an edit is a difference of
key sets:

- a key in the plan but not in the store is **added** (a cancelled one is **restored**);
- a key in both whose deadline differs is **moved** (the audit event keeps the old date);
- a key in both whose title, deliverable or suppliers differ is **updated**;
- a key in the store but not in the plan is **cancelled**: the row, its submissions and
  its history stay. A recurring task for a period later than the plan reaches (the file
  registered again with an earlier ``as_of``) is left alone.

A new file text (by sha256) becomes a new version; the previous one is marked
'amended'. The same text, planned to the same tasks, changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from directive_flow.calendar.periods import Period
from directive_flow.definition.loaded import LoadedDirective
from directive_flow.definition.model import Assignment, ReminderPolicy
from directive_flow.domain import Actor, TaskState, VersionStatus
from directive_flow.planning.plan import PlannedTask, make_plan
from directive_flow.planning.validation import load_directive, load_directive_text
from directive_flow.steps.common import iso, local_today, record, utc_now
from directive_flow.steps.lookup import find_directive
from directive_flow.steps.schedule import (
    refresh_schedule,
    release_unreachable,
    release_warnings,
    table_of,
)
from directive_flow.store.tables import (
    AgencyRow,
    AuditRow,
    DependencyRow,
    DirectiveRow,
    DirectiveVersionRow,
    SubmissionRow,
    TaskRow,
)

Outcome = Literal["new", "updated", "unchanged"]
Action = Literal["add", "restore", "move", "update", "cancel"]
_COMPARED = (
    "title",
    "deliverable",
    "as_written",
    "blocking",
    "key_task",
    "reminder_policy",
    "consolidates",
    "waits_on",
)


@dataclass(frozen=True)
class Change:
    """One task's difference between the store and the plan."""

    action: Action
    key: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    def __str__(self) -> str:
        if self.action == "move":
            assert self.before is not None
            assert self.after is not None
            return f"move     {self.key}: {self.before['due']} -> {self.after['due']}"
        fields = ", ".join(sorted(self.after or {})) if self.action == "update" else ""
        return f"{self.action:<8} {self.key}" + (f" ({fields})" if fields else "")


@dataclass(frozen=True)
class Registration:
    """What registering a file did (or, in a dry run, would do)."""

    directive: str
    version: int
    outcome: Outcome
    changes: tuple[Change, ...] = ()
    dry_run: bool = False
    warnings: tuple[str, ...] = ()  # agencies taken over, handed-in work an edit leaves out

    def to_json(self) -> dict[str, Any]:
        """JSON shape for ``register --format json``."""
        return {
            "directive": self.directive,
            "version": self.version,
            "outcome": self.outcome,
            "dry_run": self.dry_run,
            "warnings": list(self.warnings),
            "changes": [
                {"action": c.action, "key": c.key, "before": c.before, "after": c.after}
                for c in self.changes
            ],
        }


@dataclass
class _Desired:
    """The stored shape of a planned task."""

    planned: PlannedTask
    fields: dict[str, Any] = field(default_factory=dict)


def register_directive(
    session: Session,
    *,
    path: Path,
    actor: Actor,
    as_of: date | None = None,
    dry_run: bool = False,
    at: datetime | None = None,
    text: str | None = None,
    historical: bool | None = None,
) -> Registration:
    """Validate, plan and store the directive at ``path``; see the module docstring.

    ``text``, when given, is used instead of the file's content (a stored version
    registered again, its registry still resolved relative to ``path``). A ``historical``
    directive (an example, a record of past work) is planned as of its own issue date and
    never reminded; ``None`` keeps what the store says (new directives are live).
    """
    if text is None:
        loaded = load_directive(path)
        text = path.read_text(encoding="utf-8")
    else:
        loaded = load_directive_text(text, path)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    directive_id = loaded.directive.id
    row = session.get(DirectiveRow, directive_id)
    past = historical if historical is not None else bool(row and row.historical)
    day = loaded.directive.header.issued if past else as_of or local_today()
    plan = make_plan(loaded, as_of=day)
    assignments = {a.id: a for a in loaded.directive.assignments}
    desired = {t.key: _desired(loaded, assignments[t.assignment], t) for t in plan.tasks}
    stored = _stored_tasks(session, directive_id) if row else {}
    changes = _diff(stored, desired)
    latest = _latest_version(session, directive_id) if row else None
    text_changed = latest is None or latest.sha256 != digest
    version = (latest.version if latest else 0) + (1 if text_changed else 0)
    flag_changed = row is not None and row.historical != past
    touched = text_changed or changes or flag_changed
    outcome: Outcome = "new" if row is None else "updated" if touched else "unchanged"
    warnings = (
        *_taken_agencies(session, loaded),
        *_work_left_behind(session, stored, changes),
        *([] if past or row is not None else _long_past(plan.tasks, day)),
    )
    result = Registration(directive_id, version, outcome, tuple(changes), dry_run, warnings)
    if dry_run:
        return result
    when = at or utc_now()
    sync_agencies(session, loaded, actor=actor, at=when)  # the registry may change alone
    if outcome == "unchanged":
        return result
    if text_changed:
        _new_version(session, loaded, path, text, digest, version, actor, plan.as_of, when)
    session.get_one(DirectiveRow, directive_id).historical = past
    if flag_changed:
        after = {"historical": past}
        record(
            session,
            actor=actor,
            action="historical",
            at=when,
            directive_id=directive_id,
            after=after,
        )
    _apply(session, directive_id, stored, desired, changes, actor, when)
    refresh_schedule(session, directive_id=directive_id)
    return result


def sync_agencies(session: Session, loaded: LoadedDirective, *, actor: Actor, at: datetime) -> None:
    """Store the registry's agencies as the directive's reminders will need them.

    An agency that gains a contact gets its "no contact" outbox rows released, so that the
    next reminder run reaches it. An agency code another registry described until now
    changes hands (codes are one per store), and the audit says so.
    """
    registry = loaded.registry
    for agency in registry.agencies:
        row = session.get(AgencyRow, agency.code) or AgencyRow(code=agency.code)
        contacts = [c.model_dump(mode="json", exclude_none=True) for c in agency.contacts]
        if contacts and not row.contacts:
            release_unreachable(session, agency=agency.code)
        if row.registry_id is not None and row.registry_id != registry.id:
            before = {"agency": row.code, "registry": row.registry_id, "name": row.name}
            after = {"agency": agency.code, "registry": registry.id, "name": agency.name}
            record(session, actor=actor, action="agency-registry", at=at, before=before,
                   after=after)  # fmt: skip
        row.registry_id, row.name, row.head_title = registry.id, agency.name, agency.head_title
        row.contacts = contacts
        session.add(row)


LONG_PAST = timedelta(days=365)


def _long_past(tasks: Sequence[PlannedTask], today: date) -> list[str]:
    """A warning when a new live directive's every deadline is over a year past: the next
    reminder run would remind and escalate all its tasks at once (a record of past work
    belongs in the store as historical)."""
    dues = [t.due for t in tasks if t.due is not None]
    if not dues or max(dues) >= today - LONG_PAST:
        return []
    late = sum(1 for d in dues if d < today)
    return [
        f"every deadline is more than a year past (the latest {max(dues).isoformat()}): "
        f"registered live, its {late} overdue task(s) are reminded and escalated at the next "
        "reminder run; register a record of past work as historical"
    ]


def _work_left_behind(
    session: Session, stored: dict[str, tuple[TaskRow, list[str]]], changes: list[Change]
) -> list[str]:
    """A warning per task whose handed-in work the edit leaves out: cancelled with its
    submissions, or its deliverable losing (or retyping) a field that submissions fill.
    The submissions stay stored; they no longer count (reports, the review's form)."""
    touched = {c.key: c for c in changes if c.action in ("cancel", "update")}
    ids = {stored[k][0].id: k for k in touched if k in stored}
    if not ids:
        return []
    handed: dict[str, list[dict[str, Any]]] = {}
    query = select(SubmissionRow.task_id, SubmissionRow.data).where(
        SubmissionRow.task_id.in_(sorted(ids))
    )
    for task_id, data in session.execute(query):
        handed.setdefault(ids[task_id], []).append(data or {})
    warnings = []
    for key, datas in sorted(handed.items()):
        change = touched[key]
        if change.action == "cancel":
            warnings.append(
                f"task '{key}' is cancelled with its {len(datas)} submission(s): they stay "
                "stored and leave the reports"
            )
        elif lost := _fields_lost(change, datas):
            warnings.append(
                f"task '{key}': {len(datas)} submission(s) fill {lost}, which the deliverable "
                "no longer has as it was: those figures no longer count (rename the field "
                "back, or ask the agency to hand in again)"
            )
    return warnings


def _fields_lost(change: Change, datas: list[dict[str, Any]]) -> str:
    """The fields, filled by ``datas``, that the update removes or retypes ('' when none)."""
    before = (change.before or {}).get("deliverable")
    after = (change.after or {}).get("deliverable")
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ""
    old = {f.get("name"): f.get("type") for f in before.get("fields") or []}
    new = {f.get("name"): f.get("type") for f in after.get("fields") or []}
    filled = {name for data in datas for name in data}
    lost = sorted(n for n in old if n in filled and new.get(n) != old[n] and isinstance(n, str))
    return ", ".join(f"'{n}'" + ("" if n not in new else f" (now {new[n]})") for n in lost)


def _taken_agencies(session: Session, loaded: LoadedDirective) -> tuple[str, ...]:
    """A warning per agency code another registry described until now: registering takes
    it over, contacts included (codes are one per store; two provinces need two codes)."""
    registry = loaded.registry
    codes = [a.code for a in registry.agencies]
    rows = session.execute(
        select(AgencyRow.code, AgencyRow.registry_id).where(
            AgencyRow.code.in_(codes), AgencyRow.registry_id != registry.id
        )
    ).all()
    return tuple(
        f"agency '{code}' was registry '{owner}''s; its name and contacts now come from "
        f"'{registry.id}' (an agency code is one agency in the whole store: give another "
        "province's agencies codes of their own)"
        for code, owner in sorted(rows)
    )


def mark_replaced(
    session: Session, *, directive: str, by: str, actor: Actor, at: datetime | None = None
) -> None:
    """Mark ``directive``'s current version as replaced by directive ``by``.

    Its tasks still open are cancelled (the replacing directive carries the work on);
    completed ones, submissions and history stay.
    """
    find_directive(session, directive=directive)
    find_directive(session, directive=by)
    latest = _latest_version(session, directive)
    assert latest is not None, "a registered directive has a version"
    before = {"status": latest.status, "replaced_by": latest.replaced_by}
    latest.status, latest.replaced_by = VersionStatus.REPLACED, by
    when = at or utc_now()
    open_tasks = session.scalars(
        select(TaskRow).where(
            TaskRow.directive_id == directive,
            TaskRow.cancelled.is_(False),
            TaskRow.completed_on.is_(None),
        )
    ).all()
    for task in open_tasks:
        task.cancelled = True
    after = {
        "status": VersionStatus.REPLACED,
        "replaced_by": by,
        "cancelled": sorted(t.key for t in open_tasks),
    }
    record(
        session,
        actor=actor,
        action="replace",
        at=when,
        directive_id=directive,
        before=before,
        after=after,
    )
    refresh_schedule(session, directive_id=directive)


def _desired(loaded: LoadedDirective, assignment: Assignment, task: PlannedTask) -> _Desired:
    return _Desired(
        task,
        {
            "title": assignment.title,
            "deliverable": assignment.deliverable.model_dump(mode="json"),
            "as_written": task.as_written,
            "blocking": assignment.blocking,
            "key_task": task.key_task,
            "reminder_policy": _policy(loaded, assignment).model_dump(mode="json"),
            "consolidates": assignment.consolidates,
            "waits_on": sorted(task.waits_on),
        },
    )


def _policy(loaded: LoadedDirective, assignment: Assignment) -> ReminderPolicy:
    policy = loaded.directive.reminders
    return assignment.reminders.apply(policy) if assignment.reminders else policy


def _stored_tasks(session: Session, directive_id: str) -> dict[str, tuple[TaskRow, list[str]]]:
    rows = session.scalars(select(TaskRow).where(TaskRow.directive_id == directive_id)).all()
    key_of = {r.id: r.key for r in rows}
    waits: dict[int, list[str]] = {r.id: [] for r in rows}
    deps = select(DependencyRow).join(TaskRow, TaskRow.id == DependencyRow.consumer_id)
    for dep in session.scalars(deps.where(TaskRow.directive_id == directive_id)):
        waits[dep.consumer_id].append(key_of[dep.supplier_id])
    return {r.key: (r, sorted(waits[r.id])) for r in rows}


def _diff(
    stored: dict[str, tuple[TaskRow, list[str]]], desired: dict[str, _Desired]
) -> list[Change]:
    changes: list[Change] = []
    for key, want in desired.items():
        if key not in stored:
            changes.append(Change("add", key, None, {"due": iso(want.planned.due)}))
            continue
        row, waits = stored[key]
        changes.extend(_row_changes(key, row, waits, want))
    horizon = _horizons(desired)
    for key, (row, _) in stored.items():
        if key not in desired and not row.cancelled and not _beyond(row, horizon):
            changes.append(Change("cancel", key, {"cancelled": False}, {"cancelled": True}))
    return changes


def _row_changes(key: str, row: TaskRow, waits: list[str], want: _Desired) -> list[Change]:
    changes: list[Change] = []
    if row.cancelled:
        changes.append(Change("restore", key, {"cancelled": True}, {"cancelled": False}))
    if row.original_due != want.planned.due:
        before, after = {"due": iso(row.original_due)}, {"due": iso(want.planned.due)}
        changes.append(Change("move", key, before, after))
    current = {name: getattr(row, name, None) for name in _COMPARED[:-1]} | {"waits_on": waits}
    differ = [name for name in _COMPARED if current[name] != want.fields[name]]
    if differ:
        before = {n: current[n] for n in differ}
        changes.append(Change("update", key, before, {n: want.fields[n] for n in differ}))
    return changes


def _horizons(desired: dict[str, _Desired]) -> dict[str, Period]:
    """Each recurring assignment's last planned period."""
    last: dict[str, Period] = {}
    for want in desired.values():
        label = want.planned.period
        if label is not None:
            period = Period.parse(label)
            known = last.get(want.planned.assignment)
            last[want.planned.assignment] = max(period, known) if known else period
    return last


def _beyond(row: TaskRow, horizon: dict[str, Period]) -> bool:
    if row.period is None or row.assignment not in horizon:
        return False
    period = Period.parse(row.period)
    limit = horizon[row.assignment]
    return period.kind == limit.kind and period > limit


def _latest_version(session: Session, directive_id: str) -> DirectiveVersionRow | None:
    query = (
        select(DirectiveVersionRow)
        .where(DirectiveVersionRow.directive_id == directive_id)
        .order_by(DirectiveVersionRow.version.desc())
    )
    return session.scalars(query.limit(1)).first()


def _new_version(
    session: Session,
    loaded: LoadedDirective,
    path: Path,
    text: str,
    digest: str,
    version: int,
    actor: Actor,
    as_of: date,
    at: datetime,
) -> None:
    header, directive_id = loaded.directive.header, loaded.directive.id
    row = session.get(DirectiveRow, directive_id)
    if row is None:
        row = DirectiveRow(id=directive_id, current_version=version)
        session.add(row)
    else:
        previous = _latest_version(session, directive_id)
        if previous is not None and previous.status == VersionStatus.ACTIVE:
            previous.status = VersionStatus.AMENDED
    row.number, row.title, row.issuer = header.shown_number, header.title, header.issuer
    row.issued, row.registry_id = header.issued, loaded.registry.id
    row.calendar = loaded.directive.calendar.model_dump(mode="json")
    row.leader = header.leader.model_dump(mode="json", exclude_none=True) if header.leader else None
    before = {"version": row.current_version} if version > 1 else None
    row.current_version = version
    session.add(
        DirectiveVersionRow(
            directive_id=directive_id,
            version=version,
            source_path=str(path.resolve()),
            source_text=text,
            sha256=digest,
            as_of=as_of,
            registered_by=actor.name,
            registered_at=at,
            status=VersionStatus.ACTIVE,
        )
    )
    after = {"version": version, "sha256": digest, "path": str(path)}
    record(
        session,
        actor=actor,
        action="register",
        at=at,
        directive_id=directive_id,
        before=before,
        after=after,
    )


def _apply(
    session: Session,
    directive_id: str,
    stored: dict[str, tuple[TaskRow, list[str]]],
    desired: dict[str, _Desired],
    changes: list[Change],
    actor: Actor,
    at: datetime,
) -> None:
    """Write the changes: new tasks, their audit rows and links in bulk (a few statements
    whatever the size of the directive), edits to stored tasks through their rows."""
    rows = {key: row for key, (row, _) in stored.items()}
    added = [desired[c.key] for c in changes if c.action == "add"]
    ids = {key: row.id for key, row in rows.items()} | _insert_tasks(session, directive_id, added)
    audit = []
    for change in changes:
        if change.action != "add":
            _apply_edit(session, rows[change.key], change, desired.get(change.key))
        event = _audit_row(actor, f"task-{change.action}", at, directive_id, ids[change.key])
        audit.append(event | {"before": change.before, "after": change.after})
    if audit:
        session.execute(insert(table_of(AuditRow)), audit)
    relinked = {c.key for c in changes if c.action == "add" or _touches_waits(c)}
    _relink(session, ids, {k: desired[k] for k in relinked}, stored)


def _insert_tasks(session: Session, directive_id: str, wanted: list[_Desired]) -> dict[str, int]:
    """Insert the new tasks in one statement (per driver batch); their ids by key."""
    if not wanted:
        return {}
    statement = insert(table_of(TaskRow)).returning(TaskRow.key, TaskRow.id)
    values = [_new_task(directive_id, want) for want in wanted]
    return {key: int(ident) for key, ident in session.execute(statement, values)}


def _apply_edit(session: Session, row: TaskRow, change: Change, want: _Desired | None) -> None:
    old_due = row.due
    _apply_one(row, change, want)
    if change.action == "move" and old_due and row.due != old_due:
        release_warnings(session, task_id=row.id, old_due=old_due)


def _audit_row(
    actor: Actor, action: str, at: datetime, directive_id: str, task_id: int
) -> dict[str, Any]:
    """One audit event as ``steps.common.record`` writes it, for a bulk insert."""
    return {
        "at": at,
        "actor": actor.name,
        "actor_agency": actor.agency,
        "via": actor.via,
        "address": actor.address,
        "action": action,
        "directive_id": directive_id,
        "task_id": task_id,
    }


def _new_task(directive_id: str, want: _Desired) -> dict[str, Any]:
    planned, fields = want.planned, want.fields
    return {
        "directive_id": directive_id,
        "key": planned.key,
        "assignment": planned.assignment,
        "agency": planned.agency,
        "period": planned.period,
        "title": fields["title"],
        "deliverable": fields["deliverable"],
        "as_written": fields["as_written"],
        "due": planned.due,
        "original_due": planned.due,
        "blocking": fields["blocking"],
        "key_task": fields["key_task"],
        "reminder_policy": fields["reminder_policy"],
        "consolidates": fields["consolidates"],
        "state": TaskState.ASSIGNED,
        "cancelled": False,
    }


def _apply_one(row: TaskRow, change: Change, want: _Desired | None) -> None:
    if change.action == "cancel":
        row.cancelled = True
    elif change.action == "restore":
        row.cancelled = False
    elif change.action == "move":
        assert want is not None
        extended = row.due is not None and row.due != row.original_due
        new = want.planned.due
        row.due = max(row.due, new) if extended and row.due and new else new
        row.original_due = new
    elif change.action == "update":
        assert want is not None
        assert change.after is not None
        for name in change.after:
            if name != "waits_on":
                setattr(row, name, want.fields[name])


def _touches_waits(change: Change) -> bool:
    return change.action == "update" and "waits_on" in (change.after or {})


def _relink(
    session: Session,
    ids: dict[str, int],
    consumers: dict[str, _Desired],
    stored: dict[str, tuple[TaskRow, list[str]]],
) -> None:
    """Make the dependency rows of ``consumers`` match their planned suppliers."""
    links: list[dict[str, int]] = []
    for key, want in consumers.items():
        had = set(stored[key][1]) if key in stored else set()
        wanted = set(want.fields["waits_on"])
        for gone in had - wanted:
            dep = session.get(DependencyRow, (ids[key], ids[gone]))
            if dep is not None:
                session.delete(dep)
        links += [
            {"consumer_id": ids[key], "supplier_id": ids[new]} for new in sorted(wanted - had)
        ]
    if links:
        session.execute(insert(table_of(DependencyRow)), links)
