"""Delivering the outbox: claim under a lease, send one, record it at once; each message once.

A run claims a batch of rows in one transaction, by statements compiled once on the
run's connection (``_Claiming``: the lowest claimable ids picked per kind along the
``(status, id)`` index, then ``UPDATE .. WHERE id IN (..) RETURNING``; on PostgreSQL the
rows are picked ``FOR UPDATE SKIP LOCKED``): each becomes ``sending`` with
the run's ``claim_token``, one more attempt and a lease (``LEASE``, 5 minutes). Claimable
rows are ``pending``; ``failed`` with their retry time come and attempts left; or
``sending`` whose lease has run out (the run that held them is gone). Then, message by
message, in one short transaction each: the previous message is recorded (``sent``, or
``failed`` with the reason and a retry time: 1 min, doubling, at most 6 h; given up after
``MAX_ATTEMPTS``) by statements compiled once and run on one driver connection held for
the run (``store.prepared``), and the next message goes only if its row is still the
run's. Once a quarter of the lease has passed, the leases of the rows the run still holds
are renewed first, by id (the rows' keys), in a transaction of their own.

That transaction runs in a recorder thread while the next message is on its way: its
envelope goes to the server meanwhile (three exchanges, the first, ``MAIL``, written the
moment the server took the message before), and its content with the line
that ends it, after which a server keeps a message (RFC 5321, 3.3), waits for the record
and the check (the channels' *gate*). A message whose row is no longer the run's, or
whose record failed, is stopped there: its connection closes and the server keeps
nothing. On PostgreSQL the record of a message sent and the check are one statement in
autocommit, one exchange with the database. So:

- two runs never both send a row: a claim is a compare-and-set on the token;
- a run slower than the lease (a slow SMTP server) keeps its rows, since it renews them
  well before they run out, and a row it lost is skipped, not sent;
- ``kill -9`` repeats at most the message in flight, after its lease runs out, with the
  same Message-ID (it derives from the outbox key) so that the repeat can be recognised:
  a message's end of data goes only once the message before it is recorded, so at most
  one message has gone without its record.

A recipient who already took a message that failed for another recipient is not sent it
again (``payload["delivered"]``). Rows of tasks completed or cancelled since they were
queued, and of historical directives, are marked ``skipped`` before anything is claimed.
Times are the clock's at each step (``now`` fixes it, for tests and simulations).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeGuard

from sqlalchemy import (
    ColumnElement,
    Engine,
    and_,
    bindparam,
    exists,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import BindParameter

from directive_flow.domain import OutboxStatus, TaskState
from directive_flow.notify.channels import DeliveryResult, DeliverySettings, Sender, sending
from directive_flow.notify.message import Message
from directive_flow.steps.common import utc_now
from directive_flow.steps.compose import PlannedLetter
from directive_flow.store.db import session_scope, write_connection
from directive_flow.store.prepared import DriverWriter, Prepared, Run
from directive_flow.store.tables import Base, DirectiveRow, OutboxRow, TaskRow

__all__ = [
    "BATCH_SIZE",
    "LEASE",
    "MAX_ATTEMPTS",
    "DeliveryReport",
    "backoff",
    "deliver_outbox",
]

MAX_ATTEMPTS = 8
BATCH_SIZE = 50  # rows claimed at once
LEASE = timedelta(minutes=5)
LEGACY_STALE = timedelta(minutes=15)  # a claim made before leases existed
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
COMPLETED = "task completed or cancelled before delivery"
ABANDONED = "the delivering process stopped; given up after the last attempt"

# The statements of the per-message loop, built once (parameters ``b_*``): each message
# costs its two statements and a commit, not the building and caching of new ones.
_OUTBOX = Base.metadata.tables[OutboxRow.__tablename__]
_RELEASE = update(_OUTBOX).where(
    _OUTBOX.c.id == bindparam("b_id"), _OUTBOX.c.claim_token == bindparam("b_token")
)
_RELEASE = _RELEASE.values(updated_at=bindparam("b_now"), claim_token=None, lease_until=None)
_SENT = _RELEASE.values(
    status=OutboxStatus.SENT,
    sent_at=bindparam("b_now"),
    last_error=None,
    next_attempt_at=None,
    message_id=bindparam("b_message_id"),
)
_FAILED = _RELEASE.values(
    status=OutboxStatus.FAILED,
    last_error=bindparam("b_error"),
    next_attempt_at=bindparam("b_next"),
    payload=bindparam("b_payload"),
)
_MINE = and_(
    _OUTBOX.c.claim_token == bindparam("b_token"), _OUTBOX.c.status == OutboxStatus.SENDING
)
_STILL_MINE = select(_OUTBOX.c.id).where(_OUTBOX.c.id == bindparam("b_id"), _MINE)
# PostgreSQL: the record and the check of the next row in one statement, in autocommit
# (one exchange with the server, not BEGIN, UPDATE, SELECT, COMMIT); its SELECT reads a
# row the UPDATE does not touch.
_SENT_THEN_CHECK = (
    select(_OUTBOX.c.id)
    .where(_OUTBOX.c.id == bindparam("b_following"), _MINE)
    .add_cte(_SENT.returning(_OUTBOX.c.id).cte("recorded"))
)
_RENEW = update(_OUTBOX).where(_MINE).values(lease_until=bindparam("b_until"))
_RENEW = _RENEW.returning(_OUTBOX.c.id)

Clock = Callable[[], datetime]


@dataclass
class DeliveryReport:
    """What one delivery run did: rows claimed, sent, failed (to retry, or given up)."""

    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retry_later: int = 0
    gave_up: int = 0
    skipped: int = 0
    lost: int = 0  # claimed, then taken by another run once the lease ran out: not sent

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
    """A row this run holds: ``sending`` under its token."""

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


Outcome = tuple[_Claim, DeliveryResult | str]


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
    batch_size: int = BATCH_SIZE,
    lease: timedelta = LEASE,
) -> DeliveryReport:
    """Send every claimable outbox row (at most ``limit``); see the module docstring."""
    clock: Clock = (lambda: _utc(now)) if now is not None else utc_now
    report = DeliveryReport(skipped=_skip_done(engine, clock()))
    with (
        sending(settings) as send,
        DriverWriter(engine) as writer,
        ThreadPoolExecutor(1, thread_name_prefix="outbox-recorder") as recorder,
    ):
        run = _Run(engine, uuid.uuid4().hex, clock, lease, report, recorder, writer, batch_size)
        while limit is None or report.claimed < limit:
            want = batch_size if limit is None else min(batch_size, limit - report.claimed)
            claims = run.claim(want)
            if not claims:
                break
            drained = len(claims) < want or report.claimed == limit
            run.deliver(claims, send, more_after=not drained)
    return report


@dataclass(frozen=True)
class _Statements:
    """The per-message statements, compiled once for the run's database."""

    sent: Prepared
    failed: Prepared
    still_mine: Prepared
    sent_then_check: Prepared | None  # PostgreSQL only: SQLite has no UPDATE inside WITH

    @classmethod
    def of(cls, writer: DriverWriter, dialect: str) -> _Statements:
        merged = writer.prepare(_SENT_THEN_CHECK) if dialect == "postgresql" else None
        return cls(
            writer.prepare(_SENT), writer.prepare(_FAILED), writer.prepare(_STILL_MINE), merged
        )


@dataclass
class _Run:
    """One delivery run: its token, its clock, and what it did."""

    engine: Engine
    token: str
    clock: Clock
    lease: timedelta
    report: DeliveryReport
    recorder: ThreadPoolExecutor  # one thread: the records, in order
    writer: DriverWriter  # the recorder's connection, held for the run
    batch: int  # rows claimed at most at once
    held: set[int] = field(default_factory=set)
    renewed_at: datetime | None = None

    def __post_init__(self) -> None:
        self.statements = _Statements.of(self.writer, self.engine.dialect.name)
        self.claiming = _Claiming.of(self.writer, self.engine.dialect, self.batch)

    def claim(self, count: int) -> list[_Claim]:
        """Take up to ``count`` claimable rows, in one transaction on the run's connection
        (the recorder is idle between batches)."""
        now = self.clock()
        until = now + self.lease
        with self.writer.transaction() as run:
            ids = self.claiming.pick(run, now, count)
            rows = (
                self.claiming.take(run, ids, token=self.token, now=now, until=until) if ids else []
            )
            rows.sort()
        self.report.claimed += len(rows)
        self.held |= {row[0] for row in rows}
        self.renewed_at = now
        load = self.claiming.payload or (lambda payload: payload)
        return [_Claim(i, key, attempts, load(payload) or {}) for i, key, attempts, payload in rows]

    def deliver(self, claims: Sequence[_Claim], send: Sender, *, more_after: bool) -> None:
        """Message by message: while one goes, the recorder records the one before it,
        renews and checks that this one is still ours; its end of data waits for that.
        Each message's SMTP ``MAIL`` is written as soon as the one before is taken
        (``more``), so the record is handed over while the server reads it."""
        done: Outcome | None = None
        for number, claim in enumerate(claims, 1):
            settled: Future[bool] = self.recorder.submit(self._settle, done, claim.id)
            done = None
            more = number < len(claims) or more_after
            result = _send(claim, send, settled.result, more=more)
            if not settled.result():  # asked by the gate, or now if the send never got there
                self.report.lost += 1
                continue
            done = (claim, result)
        self._settle(done, None)

    def _settle(self, done: Outcome | None, following: int | None) -> bool:
        """Record ``done``; then, in the same transaction, renew the leases still held once
        a quarter of the lease has gone by, or else check that the ``following`` row is
        still this run's. True when it is (or there is none).

        Between renewals every held lease has at least three quarters of its time left,
        so no other run can take a row; a row found taken (a pause longer than that) is
        dropped from the run and not sent.
        """
        now = self.clock()
        due = self.renewed_at is None or now - self.renewed_at >= self.lease / 4
        if due and self.held:
            self._renew(now)
        check = None if due or following not in self.held else following
        record = None if done is None else _record(self.statements, *done, self.token, now)
        merged = self.statements.sent_then_check if check is not None else None
        if record is not None and merged is not None and record[0] is self.statements.sent:
            found = bool(self.writer.once(merged, {**record[1], "b_following": check}))
        else:
            with self.writer.transaction() as run:
                if record is not None:
                    run(*record)
                mine = {"b_id": check, "b_token": self.token}
                found = check is None or run(self.statements.still_mine, mine).fetchone()
        if done is not None:
            _count(self.report, *done)
            self.held.discard(done[0].id)
        if not found:
            self.held.discard(following)  # checked, and taken by another run
        return following is None or following in self.held

    def _renew(self, now: datetime) -> None:
        """Renew the leases of the rows still held (by id), in a transaction of its own:
        once a quarter lease, its statement varies with their number."""
        with write_connection(self.engine) as connection:
            renewed = connection.execute(
                _RENEW.where(_OUTBOX.c.id.in_(sorted(self.held))),
                {"b_token": self.token, "b_until": now + self.lease},
            )
            self.held = set(renewed.scalars())
        self.renewed_at = now


Moment = datetime | BindParameter[datetime]


def _claimable_kinds(now: Moment, stale: Moment) -> list[ColumnElement[bool]]:
    """The three kinds of claimable row, each led by its status: pending; failed, due for
    a retry, attempts left; or sending under a lease run out (``stale``: a claim made
    before leases existed, when made before it)."""
    row = OutboxRow
    expired = or_(row.lease_until < now, and_(row.lease_until.is_(None), row.claimed_at < stale))
    return [
        row.status == OutboxStatus.PENDING,
        and_(
            row.status == OutboxStatus.FAILED,
            row.next_attempt_at <= now,
            row.attempts < MAX_ATTEMPTS,
        ),
        and_(row.status == OutboxStatus.SENDING, row.attempts < MAX_ATTEMPTS, expired),
    ]


_KINDS = _claimable_kinds(bindparam("b_now"), bindparam("b_stale"))


def _moments(now: datetime) -> dict[str, datetime]:
    """The values of ``_KINDS``' moments at ``now``."""
    return {"b_now": now, "b_stale": now - LEGACY_STALE}


@dataclass(frozen=True)
class _Claiming:
    """A run's claim, compiled once for its database and its batch size: one pick per
    kind of claimable row and the update that takes them, whose ``IN`` holds ``batch``
    ids (a shorter batch is padded with id 0, which no row has) so that its SQL is the
    same for every batch. Through the ORM the same claim cost 5-6 ms of Python per batch
    (2026-12-03, 0.1 ms per message before the first one goes)."""

    batch: int
    picks: tuple[Prepared, ...]
    update: Prepared
    payload: Callable[[Any], Any] | None  # the driver's payload as Python (SQLite: text)

    @classmethod
    def of(cls, writer: DriverWriter, dialect: Dialect, batch: int) -> _Claiming:
        locking = dialect.name == "postgresql"
        picks = []
        for kind in _KINDS:
            pick = select(_OUTBOX.c.id).where(kind).order_by(_OUTBOX.c.id).limit(batch)
            picks.append(
                writer.prepare(pick.with_for_update(skip_locked=True) if locking else pick)
            )
        ids: list[BindParameter[Any]] = [bindparam(f"b_id{i}") for i in range(batch)]
        take = (
            update(_OUTBOX)
            .where(_OUTBOX.c.id.in_(ids), or_(*_KINDS))
            .values(
                status=OutboxStatus.SENDING,
                claim_token=bindparam("b_token"),
                claimed_at=bindparam("b_now"),
                lease_until=bindparam("b_until"),
                attempts=_OUTBOX.c.attempts + 1,
                updated_at=bindparam("b_now"),
            )
            .returning(_OUTBOX.c.id, _OUTBOX.c.key, _OUTBOX.c.attempts, _OUTBOX.c.payload)
        )
        payload = _OUTBOX.c.payload.type.dialect_impl(dialect).result_processor(dialect, None)
        return cls(batch, tuple(picks), writer.prepare(take), payload)

    def pick(self, run: Run, now: datetime, count: int) -> list[int]:
        """The ``count`` (at most ``batch``) lowest ids of claimable rows.

        One statement per kind, each walking the outbox's ``(status, id)`` index from its
        status: a single ``WHERE a OR b OR c ORDER BY id`` is planned, on both databases,
        as a walk of every row in id order, sent ones included, and so grew with the
        outbox's whole history (SQLite and PostgreSQL: 8-21 ms at 58,000 rows). On
        PostgreSQL the rows are locked ``FOR UPDATE SKIP LOCKED`` as they are picked, in
        their own statements: it may run a LIMIT subquery inside UPDATE ... IN (...) more
        than once and claim more than ``count``. On SQLite the transaction holds the
        database's write lock.
        """
        found = [row[0] for pick in self.picks for row in run(pick, _moments(now)).fetchall()]
        return sorted(found)[:count]

    def take(
        self, run: Run, ids: list[int], *, token: str, now: datetime, until: datetime
    ) -> list[Any]:
        """Claim ``ids`` (those still claimable) for ``token`` until ``until``: their id,
        key, attempts and payload."""
        values = {"b_token": token, "b_until": until, **_moments(now)}
        padded = {f"b_id{i}": ids[i] if i < len(ids) else 0 for i in range(self.batch)}
        return list(run(self.update, {**values, **padded}).fetchall())


def _skip_done(engine: Engine, now: datetime) -> int:
    """Skip the waiting rows of tasks done since queueing; give up abandoned last attempts.

    Each waiting row probes its own task by key, so the cost follows the rows waiting,
    not history: ``task_id IN (every task done)`` read every finished task of every year
    (SQLite, 150,000 tasks: 38-40 ms a run, 2026-12-04)."""
    historical = select(DirectiveRow.id).where(DirectiveRow.historical.is_(True))
    done = exists().where(
        TaskRow.id == OutboxRow.task_id,
        or_(
            TaskRow.completed_on.is_not(None),
            TaskRow.state == TaskState.ACCEPTED,
            TaskRow.cancelled,
            TaskRow.directive_id.in_(historical),
        ),
    )
    waiting = (OutboxStatus.PENDING, OutboxStatus.FAILED)
    skip = (
        update(OutboxRow)
        .where(_with_status(*waiting), done)
        .values(
            status=OutboxStatus.SKIPPED, last_error=COMPLETED, next_attempt_at=None, updated_at=now
        )
        .execution_options(synchronize_session=False)
    )
    abandoned = (
        update(OutboxRow)
        .where(
            _with_status(OutboxStatus.SENDING),
            OutboxRow.attempts >= MAX_ATTEMPTS,
            OutboxRow.lease_until < now,
        )
        .values(
            status=OutboxStatus.FAILED, last_error=ABANDONED, next_attempt_at=None, updated_at=now
        )
        .execution_options(synchronize_session=False)
    )
    with session_scope(engine) as session:
        session.execute(abandoned)
        return int(session.execute(skip).rowcount)  # type: ignore[attr-defined]


def _with_status(*statuses: OutboxStatus) -> ColumnElement[bool]:
    """Rows in ``statuses``, found along the ``(status, id)`` index whatever the planner
    believes: SQLite's statistics keep one average per index column, so in a store
    analysed when nearly every row was sent, ``status = 'sending'`` looks like every row
    and a plain filter read the whole outbox (20 ms at 216,000 rows); the ids picked from
    the index alone (it covers them) and taken by key cost 0.03-0.1 ms."""
    return OutboxRow.id.in_(select(OutboxRow.id).where(OutboxRow.status.in_(statuses)))


def _send(
    claim: _Claim, send: Sender, gate: Callable[[], bool], *, more: bool
) -> DeliveryResult | str:
    """Deliver one claimed row, asking ``gate`` before its end of data (``more``: others
    follow); a payload that cannot make a message gets its reason."""
    try:
        message = claim.message()
    except (KeyError, TypeError, ValueError) as exc:
        return f"unusable outbox payload: {exc!r}"
    except OSError as exc:  # the letter could not be written: retried like a refusal
        return f"cannot write the urging letter: {exc}"
    return send(message, gate, more=more)


def _record(
    statements: _Statements,
    claim: _Claim,
    result: DeliveryResult | str,
    token: str,
    now: datetime,
) -> tuple[Prepared, dict[str, Any]]:
    """The statement and values that mark the row sent, or failed with its reason and
    next attempt (if any)."""
    ours = {"b_id": claim.id, "b_token": token, "b_now": now}
    if _went(result):
        # the Message-ID that went out (this installation's: DIRECTIVE_FLOW_INSTANCE)
        return statements.sent, {**ours, "b_message_id": result.message_id}
    return statements.failed, {**ours, **_failure(claim, result, now)}


def _went(result: DeliveryResult | str) -> TypeGuard[DeliveryResult]:
    """True when every recipient took the message."""
    return isinstance(result, DeliveryResult) and result.ok


def _count(report: DeliveryReport, claim: _Claim, result: DeliveryResult | str) -> None:
    """One message recorded: sent, or failed (to retry, or given up)."""
    if _went(result):
        report.sent += 1
        return
    gave_up = _gives_up(claim, result)
    report.failed += 1
    report.gave_up += int(gave_up)
    report.retry_later += int(not gave_up)


def _gives_up(claim: _Claim, result: DeliveryResult | str) -> bool:
    """No attempt follows: the last one failed, or the payload cannot make a message."""
    return claim.attempts >= MAX_ATTEMPTS or not isinstance(result, DeliveryResult)


def _failure(claim: _Claim, result: DeliveryResult | str, now: datetime) -> dict[str, Any]:
    """Failed: the reason, the recipients reached so far, and the next attempt (if any)."""
    values: dict[str, Any] = {"b_error": result, "b_payload": claim.payload or None}
    if isinstance(result, DeliveryResult):
        reached = [o.recipient for o in result.outcomes if o.ok and not result.redirected]
        values["b_error"] = result.error or "not delivered"
        values["b_payload"] = {**claim.payload, "delivered": [*claim.delivered, *reached]}
    values["b_next"] = None if _gives_up(claim, result) else now + backoff(claim.attempts)
    return values


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC; naive moments (SQLite hands them back so) are taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
