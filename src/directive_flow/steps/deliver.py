"""Delivering the outbox: claim a row, send it, record the outcome; each reminder once.

A row is claimed by a compare-and-set ``UPDATE`` in its own short transaction: it must
still be claimable (``pending``; ``failed`` with its retry time come and attempts left;
or ``sending`` since before ``stale_after``), and becomes ``sending`` with ``claimed_at``
and one more attempt. Two delivery runs at once never claim the same row. A claimed
batch goes out through ``notify.deliver_many`` (one SMTP connection per batch); then a
new transaction marks each row ``sent``, or ``failed`` with the reason and a retry time
(1 min, doubling, at most 6 h; after ``MAX_ATTEMPTS`` attempts it is given up).

The crash window: a process that dies after the server accepted a message and before
the row is marked leaves it ``sending``; once ``stale_after`` has passed, a later run
sends it again, with the same Message-ID (it derives from the outbox key) so that the
repeat can be recognised. A recipient who already took a message that failed for
another recipient is not sent it again (``payload["delivered"]``).

Rows of tasks completed (or cancelled) since they were queued are marked ``skipped``
before anything is claimed: a reminder never goes for a completed task.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select, update
from sqlalchemy.orm import Session

from directive_flow.domain import OutboxStatus, TaskState
from directive_flow.notify.channels import DeliveryResult, DeliverySettings, deliver_many
from directive_flow.notify.message import Message
from directive_flow.steps.common import utc_now
from directive_flow.steps.compose import PlannedLetter
from directive_flow.store.db import session_scope
from directive_flow.store.tables import DirectiveRow, OutboxRow, TaskRow

__all__ = [
    "BATCH_SIZE",
    "MAX_ATTEMPTS",
    "DeliveryReport",
    "backoff",
    "deliver_outbox",
    "outbox_summary",
]

MAX_ATTEMPTS = 8
BATCH_SIZE = 50  # rows claimed, then sent over one connection, then marked
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
COMPLETED = "task completed or cancelled before delivery"


@dataclass
class DeliveryReport:
    """What one delivery run did: rows claimed, sent, failed (to retry, or given up)."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retry_later: int = 0
    gave_up: int = 0
    skipped: int = 0

    def summary(self) -> str:
        """One Vietnamese line for logs and artifacts."""
        text = f"đã gửi {self.sent}, lỗi {self.failed}"
        if self.failed:
            text += f" ({self.retry_later} sẽ gửi lại, {self.gave_up} dừng gửi)"
        return text + (f", bỏ {self.skipped} (nhiệm vụ đã xong)" if self.skipped else "")

    def to_json(self) -> dict[str, int]:
        """The counts."""
        return dict(vars(self))


@dataclass(frozen=True)
class _Claim:
    """A row this run owns: ``status = 'sending'`` with ``claimed_at`` = the run's now."""

    id: int
    key: str
    attempts: int
    payload: dict[str, Any]

    @property
    def delivered(self) -> list[str]:
        """Recipients an earlier attempt already reached."""
        return [str(r) for r in self.payload.get("delivered", [])]

    def message(self) -> Message:
        """The message to send now, to the recipients not yet reached (its letter drawn)."""
        if "letter" in self.payload:
            PlannedLetter.from_json(self.payload["letter"]).draw()
        recipients = [r for r in self.payload["recipients"] if r not in self.delivered]
        return Message(
            key=self.key,
            subject=self.payload["subject"],
            body=self.payload["body"],
            recipients=recipients,
            attachments=[Path(p) for p in self.payload.get("attachments", [])],
        )


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 1 min * 2**(attempts - 1), at most 6 h."""
    doubled: int = 2 ** min(max(attempts - 1, 0), 16)  # 2**16 min is far past the cap
    return min(FIRST_RETRY * doubled, LONGEST_RETRY)


def deliver_outbox(
    engine: Engine,
    *,
    settings: DeliverySettings,
    now: datetime | None = None,
    limit: int | None = None,
    stale_after: timedelta = timedelta(minutes=15),
    batch_size: int = BATCH_SIZE,
) -> DeliveryReport:
    """Send every claimable outbox row (at most ``limit``); see the module docstring."""
    moment = _utc(now or utc_now())
    report = DeliveryReport(skipped=_skip_completed(engine, moment))
    after = 0
    while limit is None or report.claimed < limit:
        want = batch_size if limit is None else min(batch_size, limit - report.claimed)
        candidates = _candidates(engine, moment, stale_after, after, want)
        if not candidates:
            break
        after = candidates[-1]
        claims = [c for c in (_claim(engine, i, moment, stale_after) for i in candidates) if c]
        report.claimed += len(claims)
        if claims:
            _record(engine, claims, _send(claims, settings), moment, report)
    return report


def outbox_summary(session: Session, *, directive: str | None = None) -> dict[str, Any]:
    """Rows per status, and every failed row with its reason (for status and dashboards)."""
    counts = select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
    failed = select(OutboxRow).where(OutboxRow.status == OutboxStatus.FAILED)
    failed = failed.order_by(OutboxRow.key)
    if directive is not None:
        mine = OutboxRow.task_id.in_(select(TaskRow.id).where(TaskRow.directive_id == directive))
        counts, failed = counts.where(mine), failed.where(mine)
    by_status: dict[str, int] = dict.fromkeys(OutboxStatus, 0)
    by_status.update({status: int(n) for status, n in session.execute(counts)})
    return {"counts": by_status, "failed": [_failed_json(row) for row in session.scalars(failed)]}


def _failed_json(row: OutboxRow) -> dict[str, Any]:
    retry = row.next_attempt_at
    return {
        "key": row.key,
        "stage": str(row.stage),
        "recipient": row.recipient,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "next_attempt_at": _utc(retry).isoformat() if retry else None,
        "gave_up": retry is None,
    }


def _claimable(now: datetime, stale_after: timedelta) -> ColumnElement[bool]:
    """Pending; failed, due for a retry, attempts left; or sending but abandoned."""
    row = OutboxRow
    return or_(
        row.status == OutboxStatus.PENDING,
        and_(
            row.status == OutboxStatus.FAILED,
            row.next_attempt_at <= now,
            row.attempts < MAX_ATTEMPTS,
        ),
        and_(
            row.status == OutboxStatus.SENDING,
            row.claimed_at < now - stale_after,
            row.attempts < MAX_ATTEMPTS,
        ),
    )


def _skip_completed(engine: Engine, now: datetime) -> int:
    """Mark ``skipped`` the waiting rows of tasks completed or cancelled since queuing."""
    historical = select(DirectiveRow.id).where(DirectiveRow.historical.is_(True))
    done = select(TaskRow.id).where(
        or_(
            TaskRow.completed_on.is_not(None),
            TaskRow.state == TaskState.ACCEPTED,
            TaskRow.cancelled,
            TaskRow.directive_id.in_(historical),
        )
    )
    statement = (
        update(OutboxRow)
        .where(
            OutboxRow.status.in_((OutboxStatus.PENDING, OutboxStatus.FAILED)),
            OutboxRow.task_id.in_(done),
        )
        .values(
            status=OutboxStatus.SKIPPED, last_error=COMPLETED, next_attempt_at=None, updated_at=now
        )
        .execution_options(synchronize_session=False)
    )
    with session_scope(engine) as session:
        return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def _candidates(
    engine: Engine, now: datetime, stale_after: timedelta, after: int, limit: int
) -> list[int]:
    """Ids of claimable rows after ``after``, in order (another run may claim them first)."""
    query = (
        select(OutboxRow.id)
        .where(OutboxRow.id > after, _claimable(now, stale_after))
        .order_by(OutboxRow.id)
        .limit(limit)
    )
    with session_scope(engine) as session:
        return list(session.scalars(query))


def _claim(engine: Engine, row_id: int, now: datetime, stale_after: timedelta) -> _Claim | None:
    """Compare-and-set ``sending`` on one row, in its own transaction; None if taken."""
    statement = (
        update(OutboxRow)
        .where(OutboxRow.id == row_id, _claimable(now, stale_after))
        .values(
            status=OutboxStatus.SENDING,
            claimed_at=now,
            attempts=OutboxRow.attempts + 1,
            updated_at=now,
        )
        .returning(OutboxRow.key, OutboxRow.attempts, OutboxRow.payload)
        .execution_options(synchronize_session=False)
    )
    with session_scope(engine) as session:
        row = session.execute(statement).first()
    return _Claim(row_id, row.key, row.attempts, row.payload or {}) if row else None


def _send(claims: Sequence[_Claim], settings: DeliverySettings) -> list[DeliveryResult | str]:
    """Deliver the claimed batch; a row whose payload cannot make a message gets its reason."""
    messages: list[Message] = []
    outcome: list[DeliveryResult | str | None] = []
    for claim in claims:
        try:
            messages.append(claim.message())
            outcome.append(None)
        except (KeyError, TypeError, ValueError) as exc:
            outcome.append(f"unusable outbox payload: {exc!r}")
        except OSError as exc:  # the letter could not be written: retried like a refusal
            outcome.append(f"cannot write the urging letter: {exc}")
    results = iter(deliver_many(messages, settings) if messages else [])
    return [next(results) if item is None else item for item in outcome]


def _record(
    engine: Engine,
    claims: Sequence[_Claim],
    results: Sequence[DeliveryResult | str],
    now: datetime,
    report: DeliveryReport,
) -> None:
    """Mark the batch sent or failed, in one transaction."""
    with session_scope(engine) as session:
        for claim, result in zip(claims, results, strict=True):
            if isinstance(result, DeliveryResult) and result.ok:
                _mark_sent(session, claim, now)
                report.sent += 1
            else:
                _mark_failed(session, claim, result, now, report)


def _mark_sent(session: Session, claim: _Claim, now: datetime) -> None:
    values = {
        "status": OutboxStatus.SENT,
        "sent_at": now,
        "last_error": None,
        "next_attempt_at": None,
    }
    _update(session, claim, now, **values)


def _mark_failed(
    session: Session,
    claim: _Claim,
    result: DeliveryResult | str,
    now: datetime,
    report: DeliveryReport,
) -> None:
    """Failed: the reason, the recipients reached so far, and the next attempt (if any)."""
    values: dict[str, Any] = {"status": OutboxStatus.FAILED, "last_error": result}
    if isinstance(result, DeliveryResult):
        reached = [o.recipient for o in result.outcomes if o.ok and not result.redirected]
        values["last_error"] = result.error or "not delivered"
        values["payload"] = {**claim.payload, "delivered": [*claim.delivered, *reached]}
    gave_up = claim.attempts >= MAX_ATTEMPTS or not isinstance(result, DeliveryResult)
    values["next_attempt_at"] = None if gave_up else now + backoff(claim.attempts)
    _update(session, claim, now, **values)
    report.failed += 1
    report.gave_up += int(gave_up)
    report.retry_later += int(not gave_up)


def _update(session: Session, claim: _Claim, now: datetime, **values: Any) -> None:
    """Update the claimed row, unless a later run has re-claimed it since (crash window)."""
    statement = (
        update(OutboxRow)
        .where(OutboxRow.id == claim.id, OutboxRow.claimed_at == now)
        .values(updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    session.execute(statement)


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC; naive moments (SQLite hands them back so) are taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
