"""Consolidating the suppliers' figures into the lead agency's report.

A consolidating task (``tasks.consolidates``) waits on supplier tasks. When every live
supplier is accepted, :func:`consolidate` builds the final report; an operator may ask
for it earlier with ``partial=True``, and the report then says so and lists what is
missing.

The report carries:

- the directive (number, title, issuer's name), the task and the lead agency, the period;
- the four-way status counts per agency for the whole directive (``engine.status``);
- the fields: the consolidating deliverable's own, then any other field the suppliers'
  deliverables declare (so every submitted figure appears, under the consolidating
  task's label when it names the same field);
- every figure of each supplier's latest submission, with agency, version and time. An
  accepted task takes no new submission, so its latest one is the accepted one;
- what is missing: a supplier with nothing submitted, or a field its deliverable requires
  that the submission lacks.

Files go to ``<home>/reports/<directive>/<task key, '/' as '__'>-<final|partial>-<UTC
stamp>.{md,docx}``, written before the ``reports`` row and its audit event are committed
in the same transaction: a failure leaves at worst an unreferenced file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, aliased

from directive_flow.calendar.periods import Period
from directive_flow.definition.yamlio import parse_yaml
from directive_flow.domain import Actor, TaskState
from directive_flow.errors import RefusedError
from directive_flow.report import (
    ConsolidatingTask,
    DirectiveRef,
    FieldSpec,
    Figure,
    Missing,
    ReportInput,
    ReportPeriod,
    StatusRow,
    render_docx,
    render_markdown,
)
from directive_flow.report.model import FigureValue
from directive_flow.settings import get_settings
from directive_flow.steps.common import local_day, record, utc_now
from directive_flow.steps.lookup import find_task
from directive_flow.steps.status import status_report
from directive_flow.store.db import session_scope
from directive_flow.store.tables import (
    AgencyRow,
    DependencyRow,
    DirectiveRow,
    DirectiveVersionRow,
    ReportRow,
    SubmissionRow,
    TaskRow,
)

_SUPPLIER = aliased(TaskRow, name="supplier")  # made once: its columns are adapted once

NOT_SUBMITTED = "chưa nộp số liệu"


@dataclass(frozen=True)
class Consolidation:
    """A report built: its files, whether it is partial, what it lacks and its sources."""

    directive: str
    task: str
    report_id: int
    partial: bool
    markdown_path: Path
    docx_path: Path
    missing: tuple[Missing, ...]
    sources: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class _Supply:
    """A supplier task, the label its agency gets in the report, its latest submission."""

    task: TaskRow
    label: str
    submission: SubmissionRow | None


def ready_to_consolidate(session: Session) -> list[tuple[str, str]]:
    """(directive, task key) of live, uncompleted consolidating tasks without a final
    report, that have suppliers and whose every live supplier is accepted."""
    supplier = _SUPPLIER
    suppliers = (
        select(DependencyRow.supplier_id)
        .join(supplier, supplier.id == DependencyRow.supplier_id)
        .where(DependencyRow.consumer_id == TaskRow.id, supplier.cancelled.is_(False))
    )
    waiting = suppliers.where(supplier.state != TaskState.ACCEPTED)
    final = select(ReportRow.id).where(ReportRow.task_id == TaskRow.id, ~ReportRow.partial)
    query = select(TaskRow.directive_id, TaskRow.key).where(
        TaskRow.consolidates.is_(True),
        TaskRow.cancelled.is_(False),
        TaskRow.completed_on.is_(None),
        suppliers.exists(),
        ~waiting.exists(),
        ~final.exists(),
    )
    rows = session.execute(query.order_by(TaskRow.directive_id, TaskRow.key))
    return [(d, k) for d, k in rows]


def consolidate(
    engine: Engine,
    *,
    directive: str,
    task: str,
    home: Path,
    partial: bool = False,
    actor: Actor,
    at: datetime | None = None,
) -> Consolidation:
    """Build, write and record the consolidated report of ``task``; see the module docstring."""
    when = _aware(at or utc_now())
    with session_scope(engine) as session:
        row = find_task(session, directive=directive, task=task, for_update=True)
        supplies = _supplies(session, row, partial)
        report = _report_input(session, row, supplies, partial, when)
        paths = _write(report, home / "reports" / directive, row.key, partial, when)
        sources = tuple(_source(s) for s in supplies if s.submission is not None)
        report_id = _store(session, row, report, paths, sources, actor)
    missing = tuple(report.missing)
    return Consolidation(directive, row.key, report_id, partial, *paths, missing, sources)


def _store(
    session: Session,
    row: TaskRow,
    report: ReportInput,
    paths: tuple[Path, Path],
    sources: tuple[dict[str, Any], ...],
    actor: Actor,
) -> int:
    """The ``reports`` row and its audit event; returns the row's id."""
    markdown, word = map(str, paths)
    stored = ReportRow(
        task_id=row.id,
        partial=report.partial,
        markdown_path=markdown,
        docx_path=word,
        sources=list(sources),
        created_by=actor.name,
        created_at=report.generated_at,
    )
    session.add(stored)
    session.flush()
    after = {"report": stored.id, "partial": report.partial, "markdown": markdown, "docx": word}
    record(
        session,
        actor=actor,
        action="consolidate",
        at=report.generated_at,
        directive_id=row.directive_id,
        task_id=row.id,
        after=after | {"missing": len(report.missing)},
    )
    return stored.id


def _supplies(session: Session, row: TaskRow, partial: bool) -> list[_Supply]:
    """The live suppliers with their latest submission; refused if any is not accepted."""
    if not row.consolidates:
        raise RefusedError(f"task '{row.key}' does not consolidate other tasks")
    if row.cancelled:
        raise RefusedError(f"task '{row.key}' is cancelled (its assignment left the directive)")
    query = (
        select(TaskRow)
        .join(DependencyRow, DependencyRow.supplier_id == TaskRow.id)
        .where(DependencyRow.consumer_id == row.id, TaskRow.cancelled.is_(False))
        .order_by(TaskRow.key)
    )
    tasks = list(session.scalars(query))
    waiting = [t for t in tasks if t.state != TaskState.ACCEPTED]
    if waiting and not partial:
        raise RefusedError(
            f"task '{row.key}' cannot be consolidated: {len(waiting)} of {len(tasks)} "
            "suppliers are not accepted (build a partial report to go ahead)",
            [f"{t.key}: {_state_words(t)}" for t in waiting],
        )
    labels = _labels(session, tasks)
    latest = _latest_submissions(session, [t.id for t in tasks])
    return [_Supply(t, labels[t.id], latest.get(t.id)) for t in tasks]


def _state_words(task: TaskRow) -> str:
    if task.state == TaskState.SUBMITTED:
        return "submitted, not yet accepted"
    return "returned, not submitted again" if task.return_reason else "nothing submitted"


def _labels(session: Session, tasks: Sequence[TaskRow]) -> dict[int, str]:
    """Agency names; an agency supplying through two assignments is told apart by them."""
    names = agency_names(session)
    twice = {t.agency for t in tasks if sum(1 for u in tasks if u.agency == t.agency) > 1}
    return {
        t.id: f"{names.get(t.agency, t.agency)}"
        + (f" ({t.assignment})" if t.agency in twice else "")
        for t in tasks
    }


def agency_names(session: Session, codes: Iterable[str] | None = None) -> dict[str, str]:
    """Agency code -> name, as the registries last described them (of ``codes`` only, when
    given: a page names a few agencies of a national registry)."""
    query = select(AgencyRow.code, AgencyRow.name)
    if codes is not None:
        query = query.where(AgencyRow.code.in_(sorted(set(codes))))
    return dict(session.execute(query).all())


def _latest_submissions(session: Session, task_ids: list[int]) -> dict[int, SubmissionRow]:
    query = (
        select(SubmissionRow)
        .where(SubmissionRow.task_id.in_(task_ids))
        .order_by(SubmissionRow.task_id, SubmissionRow.version.desc())
    )
    latest: dict[int, SubmissionRow] = {}
    for submission in session.scalars(query):
        latest.setdefault(submission.task_id, submission)
    return latest


def _report_input(
    session: Session, row: TaskRow, supplies: list[_Supply], partial: bool, when: datetime
) -> ReportInput:
    directive = session.get_one(DirectiveRow, row.directive_id)
    names = agency_names(session)
    fields = _fields(row, supplies)
    return ReportInput(
        directive=DirectiveRef(
            directive.number, directive.title, names.get(directive.issuer, directive.issuer)
        ),
        task=ConsolidatingTask(row.title, names.get(row.agency, row.agency)),
        period=ReportPeriod.of(Period.parse(row.period)) if row.period else None,
        generated_at=when,
        partial=partial,
        statuses=_statuses(session, row.directive_id, local_day(when), names),
        fields=[_spec(f) for f in fields],
        figures=[f for s in supplies for f in _figures(s, fields)],
        missing=[m for s in supplies for m in _missing(s)],
        place=_place(session, directive),
        timezone=get_settings().timezone,
    )


def _place(session: Session, directive: DirectiveRow) -> str | None:
    """``header.place`` of the current version's text, for the report's date line."""
    text = session.scalars(
        select(DirectiveVersionRow.source_text).where(
            DirectiveVersionRow.directive_id == directive.id,
            DirectiveVersionRow.version == directive.current_version,
        )
    ).first()
    data = parse_yaml(text, directive.id).data if text else None
    header = data.get("header") if isinstance(data, dict) else None
    place = header.get("place") if isinstance(header, dict) else None
    return place if isinstance(place, str) else None


def _statuses(
    session: Session, directive: str, day: date, names: dict[str, str]
) -> list[StatusRow]:
    counts = status_report(session, as_of=day, directive=directive, by_directive=False).by_agency
    return [StatusRow(names.get(a, a), **c.states) for a, c in counts.items()]


def _fields(row: TaskRow, supplies: list[_Supply]) -> list[Mapping[str, Any]]:
    """The consolidating deliverable's fields, then the suppliers' others, by name."""
    fields: dict[str, Mapping[str, Any]] = {}
    for task in [row, *(s.task for s in supplies)]:
        for spec in task.deliverable.get("fields", []):
            fields.setdefault(str(spec["name"]), spec)
    return list(fields.values())


def _spec(field: Mapping[str, Any]) -> FieldSpec:
    return FieldSpec(str(field["name"]), str(field["label"]), field["type"], field.get("unit"))


def _figures(supply: _Supply, fields: list[Mapping[str, Any]]) -> list[Figure]:
    submission = supply.submission
    if submission is None:
        return []
    return [
        Figure(
            str(f["name"]),
            str(f["label"]),
            f.get("unit"),
            _value(f, submission.data[f["name"]]),
            supply.label,
            submission.version,
            _aware(submission.submitted_at),
            accepted=supply.task.state == TaskState.ACCEPTED,
        )
        for f in fields
        if f["name"] in submission.data
    ]


def _value(field: Mapping[str, Any], raw: Any) -> FigureValue:
    """Stored values are JSON; dates come back as ISO text (other text is shown as sent)."""
    value: FigureValue = raw
    if field["type"] == "date" and isinstance(raw, str):
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(raw)
    return value


def _missing(supply: _Supply) -> list[Missing]:
    if supply.submission is None:
        return [Missing(supply.label, NOT_SUBMITTED)]
    data = supply.submission.data
    return [
        Missing(supply.label, str(f["label"]))
        for f in supply.task.deliverable.get("fields", [])
        if f.get("required", True) and data.get(f["name"]) is None
    ]


def _source(supply: _Supply) -> dict[str, Any]:
    submission = supply.submission
    assert submission is not None
    return {
        "task": supply.task.key,
        "agency": supply.task.agency,
        "version": submission.version,
        "submitted_at": _aware(submission.submitted_at).isoformat(),
    }


def _write(
    report: ReportInput, folder: Path, key: str, partial: bool, when: datetime
) -> tuple[Path, Path]:
    """Write the Markdown and Word files under a name no earlier report took."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{key.replace('/', '__')}-{'partial' if partial else 'final'}-{when:%Y%m%dT%H%M%SZ}"
    name, n = stem, 1
    while (folder / f"{name}.md").exists() or (folder / f"{name}.docx").exists():
        n += 1
        name = f"{stem}-{n}"
    markdown, word = folder / f"{name}.md", folder / f"{name}.docx"
    temp = folder / f".{name}.writing"
    try:
        temp.write_text(render_markdown(report), encoding="utf-8", errors="replace")
        os.replace(temp, markdown)
        render_docx(report, temp)
        os.replace(temp, word)  # renamed whole: a reader never sees half a document
    finally:
        temp.unlink(missing_ok=True)  # a failed write leaves no half file behind
    return markdown, word


def _aware(moment: datetime) -> datetime:
    """The moment in UTC (SQLite gives back naive UTC moments)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
