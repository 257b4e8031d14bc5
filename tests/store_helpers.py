"""Helpers for tests that act on the store like an agency, a reviewer or an operator would."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from directive_flow.domain import Actor, Channel
from directive_flow.steps.intake import Intake, IntakeFile
from directive_flow.steps.submit import Submitted, submit
from directive_flow.store.db import session_scope

DIRECTIVE = "test-1-tb-vp"
DATA_DIRECTIVE = Path(__file__).parent / "fixtures" / "store" / "data-directive.yaml"
DATA_FIGURES = {  # a valid submission for DATA_DIRECTIVE's deliverable
    "children": 120,
    "budget": {"value": 35.5, "unit": "triệu đồng"},
    "coverage": 87.5,
    "summary": "Đã rà soát",
    "done": True,
    "reported_on": "2024-01-20",
}


def operator(name: str = "tester") -> Actor:
    """An operator (what the CLI and the flows act as)."""
    return Actor.as_operator(name, Channel.CLI)


def clerk(agency: str, via: Channel = Channel.PORTAL) -> Actor:
    """A contact of ``agency``, signed in."""
    return Actor.for_agency(f"van-thu@{agency}.gov.vn", agency, via)


def submit_for(
    session: Session,
    *,
    directive: str,
    task: str,
    agency: str,
    actor: Actor | str,
    home: Path,
    data: Any = None,
    attachments: Sequence[Path] = (),
    note: str | None = None,
    at: datetime | None = None,
    inbox_digest: str | None = None,
    received_at: datetime | None = None,
    received_reason: str | None = None,
) -> Submitted:
    """One submission through the one intake path; ``at`` is the clock, a str actor a clerk."""
    who = clerk(agency) if isinstance(actor, str) else actor
    intake = Intake.of(
        directive=directive,
        task=task,
        agency=agency,
        actor=who,
        data=data,
        note=note,
        attachments=tuple(IntakeFile(p, p.name) for p in attachments),
        inbox_digest=inbox_digest,
        received_at=received_at,
        received_reason=received_reason,
    )
    return submit(session, intake, home=home, now=at)


def submit_as_owner(
    engine: Engine, task: str, *, data: dict[str, Any], at: datetime, home: Path = Path()
) -> None:
    """The task's own agency (from its key) submits ``data`` for the fixture directive."""
    agency = task.split("/")[1]
    with session_scope(engine) as session:
        submit_for(
            session,
            directive=DIRECTIVE,
            task=task,
            agency=agency,
            actor=agency,
            home=home,
            data=data,
            at=at,
        )


LEADER = {"name": "Phó Chủ tịch UBND tỉnh", "email": "pct@ubnd.kontum.gov.vn"}
"""The leader the ``led`` fixture's directive names in its header."""


def queued_flags_disagree(engine: Engine) -> list[tuple[int, str, bool]]:
    """Reminder steps whose ``queued`` flag is wrong: queued but not in the outbox, or in
    the outbox but still waiting. The reminder decision relies on the first never
    happening; the second would only cost it time."""
    from sqlalchemy import exists, select

    from directive_flow.store.tables import OutboxRow, ReminderStepRow

    step = ReminderStepRow
    held = exists().where(OutboxRow.task_id == step.task_id, OutboxRow.stage == step.stage)
    wrong = select(step.task_id, step.stage, step.queued).where(step.queued != held)
    with session_scope(engine) as session:
        return [(t, str(s), q) for t, s, q in session.execute(wrong)]
