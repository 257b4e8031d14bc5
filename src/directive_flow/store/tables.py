"""The store's tables as SQLAlchemy 2 ``Mapped[...]`` classes.

One row per directive, per registered version of its file, per task (assignment x member
agency x period), per submission version, review, extension request, outbox message and
audit event. Tasks are never deleted: an assignment removed from the directive cancels
its tasks and keeps their history. Dates are calendar days (``Date``); moments are UTC.

Any change here needs an Alembic migration (``store/migrations/versions``); a test
checks that the migrations produce exactly this schema.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from directive_flow.domain import (
    Channel,
    Decision,
    ExtensionStatus,
    OutboxStatus,
    Recipient,
    Stage,
    TaskState,
    VersionStatus,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE = 80  # length of an id (agency, assignment, directive code)
KEY = 200  # ``assignment/agency/period``
STATE = 16  # length of a state, status or role word
E = TypeVar("E", bound=StrEnum)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and read back aware of it, on SQLite and PostgreSQL alike.

    SQLite keeps no offset: an aware value in another zone would come back shifted.
    Naive values are refused: every moment in the store says which zone it is in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored: {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value.astimezone(UTC) if value is not None else None
        return value.replace(tzinfo=UTC)


class EnumText(TypeDecorator[E]):
    """A ``StrEnum`` stored as its value (text) and read back as the member.

    Text rather than a native enum: PostgreSQL and SQLite alike, and a new member needs
    only a new CHECK constraint. Plain strings are accepted when binding (``"sent"``) and
    checked against the enum, so a misspelling fails at once.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E]) -> None:
        super().__init__(STATE)
        self.enum = enum

    def process_bind_param(self, value: E | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


class StageText(TypeDecorator[Stage]):
    """A reminder stage stored as its text (``before-3``, ``due@2024-07-31``), read as ``Stage``."""

    impl = String
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(40)

    def process_bind_param(self, value: Stage | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return str(value if isinstance(value, Stage) else Stage.parse(value))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Stage | None:
        return None if value is None else Stage.parse(value)


def _one_of(column: str, enum: type[StrEnum]) -> CheckConstraint:
    quoted = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({quoted})", name=column)


class Base(DeclarativeBase):
    """Declarative base carrying the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING)


class DirectiveRow(Base):
    """A directive, by its definition id; its file's versions hang off it."""

    __tablename__ = "directives"
    __table_args__ = (
        Index(  # the few historical ones, found without reading every directive
            "ix_directives_historical",
            "id",
            sqlite_where=text("historical IS 1"),
            postgresql_where=text("historical IS true"),
        ),
    )

    id: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    number: Mapped[str] = mapped_column(String(CODE))
    title: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(String(CODE))
    current_version: Mapped[int] = mapped_column(Integer)
    issued: Mapped[date | None] = mapped_column(Date)
    calendar: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    leader: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    historical: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    registry_id: Mapped[str | None] = mapped_column(String(CODE), index=True)  # its province


class AgencyRow(Base):
    """An agency as its registry last described it: who receives its reminders."""

    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(String(CODE), primary_key=True)
    registry_id: Mapped[str] = mapped_column(String(CODE))
    name: Mapped[str] = mapped_column(Text)
    head_title: Mapped[str | None] = mapped_column(Text)
    contacts: Mapped[list[Any]] = mapped_column(JSON)


class DirectiveVersionRow(Base):
    """One registered text of a directive file; older ones are 'amended'."""

    __tablename__ = "directive_versions"
    __table_args__ = (
        UniqueConstraint("directive_id", "version"),
        _one_of("status", VersionStatus),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    directive_id: Mapped[str] = mapped_column(ForeignKey("directives.id"))
    version: Mapped[int] = mapped_column(Integer)
    source_path: Mapped[str] = mapped_column(Text)
    source_text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[date] = mapped_column(Date)
    registered_by: Mapped[str] = mapped_column(String(CODE))
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[VersionStatus] = mapped_column(
        EnumText(VersionStatus), default=VersionStatus.ACTIVE
    )
    replaced_by: Mapped[str | None] = mapped_column(String(CODE))


class TaskRow(Base):
    """One agency's share of an assignment (for one period if it recurs).

    ``original_due`` is the directive's deadline (moved when the file is edited);
    ``due`` is the deadline in force (``original_due``, or an approved extension).
    ``completed_on`` is the day of the standing submission; a return clears it.
    """

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("directive_id", "key"),
        _one_of("state", TaskState),
        # Live work (steps.status): open tasks, and tasks due or completed lately, found
        # without reading the history; each index covers the columns the lookup needs.
        Index(
            "ix_tasks_open",
            "directive_id",
            "id",
            # As ``TaskRow.cancelled.is_(False)`` renders, so each planner sees it implied.
            sqlite_where=text("completed_on IS NULL AND cancelled IS 0"),
            postgresql_where=text("completed_on IS NULL AND cancelled IS false"),
        ),
        Index("ix_tasks_due_live", "due", "cancelled", "directive_id"),
        Index("ix_tasks_completed_on_live", "completed_on", "cancelled", "directive_id"),
        # status of the live directives reads only this index (no table rows)
        Index(
            "ix_tasks_status",
            "directive_id",
            "agency",
            "due",
            "original_due",
            "completed_on",
            "cancelled",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    directive_id: Mapped[str] = mapped_column(ForeignKey("directives.id"))
    key: Mapped[str] = mapped_column(String(KEY))
    assignment: Mapped[str] = mapped_column(String(CODE))
    agency: Mapped[str] = mapped_column(String(CODE), index=True)
    period: Mapped[str | None] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    deliverable: Mapped[dict[str, Any]] = mapped_column(JSON)
    as_written: Mapped[str | None] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    original_due: Mapped[date | None] = mapped_column(Date)
    blocking: Mapped[bool] = mapped_column(Boolean, default=True)
    key_task: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[TaskState] = mapped_column(EnumText(TaskState), default=TaskState.ASSIGNED)
    completed_on: Mapped[date | None] = mapped_column(Date)
    return_reason: Mapped[str | None] = mapped_column(Text)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    reminder_policy: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    consolidates: Mapped[bool] = mapped_column(Boolean, default=False)


class ReminderStepRow(Base):
    """One reminder a task's deadline sets off (``reminders.timeline``), on its day.

    Derived data: rebuilt whenever a deadline moves; what was sent lives in the outbox.
    ``queued`` says the outbox holds the step (queued, skipped or sent): the reminder
    decision reads only the steps still waiting, so its cost follows today's stages, not
    the open tasks' whole timelines. It is never true of a step the outbox does not hold.
    """

    __tablename__ = "reminder_steps"
    __table_args__ = (
        UniqueConstraint("task_id", "stage"),
        _one_of("recipient", Recipient),
        # The decision's lookup per open task: its waiting steps by day, no table rows.
        Index(
            "ix_reminder_steps_waiting",
            "task_id",
            "day",
            "stage",
            "recipient",
            sqlite_where=text("queued IS 0"),
            postgresql_where=text("queued IS false"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    stage: Mapped[Stage] = mapped_column(StageText())
    day: Mapped[date] = mapped_column(Date, index=True)
    recipient: Mapped[Recipient] = mapped_column(EnumText(Recipient))
    queued: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class DependencyRow(Base):
    """The consumer task waits on the supplier task."""

    __tablename__ = "task_dependencies"

    consumer_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), primary_key=True, index=True)


class SubmissionRow(Base):
    """One version of what an agency handed in for a task; never overwritten."""

    __tablename__ = "submissions"
    __table_args__ = (
        UniqueConstraint("task_id", "version"),
        UniqueConstraint("task_id", "inbox_digest"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    version: Mapped[int] = mapped_column(Integer)
    agency: Mapped[str] = mapped_column(String(CODE))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[str] = mapped_column(String(CODE))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime())
    submitted_on: Mapped[date] = mapped_column(Date)
    inbox_digest: Mapped[str | None] = mapped_column(String(64))


class AttachmentRow(Base):
    """A file attached to a submission; the content lives at its sha256 under home."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)


class ReviewRow(Base):
    """The issuer's decision on a submission: accepted, or returned with a reason."""

    __tablename__ = "reviews"
    __table_args__ = (_one_of("decision", Decision),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    decision: Mapped[Decision] = mapped_column(EnumText(Decision))
    reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[str] = mapped_column(String(CODE))
    reviewed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ExtensionRow(Base):
    """A request to move a task's deadline (gia hạn), and the issuer's decision."""

    __tablename__ = "extension_requests"
    __table_args__ = (_one_of("status", ExtensionStatus),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    requested_until: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[ExtensionStatus] = mapped_column(
        EnumText(ExtensionStatus), default=ExtensionStatus.PENDING
    )
    requested_by: Mapped[str] = mapped_column(String(CODE))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(CODE))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class OutboxRow(Base):
    """A notification to send exactly once; ``key`` is task x stage x period."""

    __tablename__ = "outbox"
    __table_args__ = (
        _one_of("status", OutboxStatus),
        Index("ix_outbox_task_id_stage", "task_id", "stage"),  # the reminder anti-join
        Index("ix_outbox_status_id", "status", "id"),  # claims walk the unsent rows in order
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    stage: Mapped[Stage] = mapped_column(StageText())
    channel: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[Recipient] = mapped_column(EnumText(Recipient))
    status: Mapped[OutboxStatus] = mapped_column(
        EnumText(OutboxStatus), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(400))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AuditRow(Base):
    """One write, who made it and what it changed; rows are only ever appended."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(CODE))
    actor_agency: Mapped[str | None] = mapped_column(String(CODE))
    via: Mapped[Channel | None] = mapped_column(EnumText(Channel))
    address: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    directive_id: Mapped[str | None] = mapped_column(String(CODE), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DashboardRow(Base):
    """What was last published as a directive's dashboard, so that only changes go out.

    ``audit_id`` is the directive's latest audit event when it was published (a later
    write means it may have changed); ``digest`` is the sha256 of the state it showed;
    ``next_change`` the first later day on which that state changes by itself (a task
    falls overdue or into an older overdue bracket), None if it never does.
    """

    __tablename__ = "dashboard_publications"

    directive_id: Mapped[str] = mapped_column(ForeignKey("directives.id"), primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    audit_id: Mapped[int] = mapped_column(Integer, index=True)  # its max: the newest mark
    digest: Mapped[str] = mapped_column(String(64))
    next_change: Mapped[date | None] = mapped_column(Date, index=True)
    published_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ReportRow(Base):
    """A consolidated report built for a consolidating task (final or partial)."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    partial: Mapped[bool] = mapped_column(Boolean)
    markdown_path: Mapped[str] = mapped_column(Text)
    docx_path: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(CODE))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


EMAIL = 254  # the longest address SMTP carries (RFC 5321)
DIGEST = 64  # a sha256 in hex


class PortalKeyRow(Base):
    """A secret the portal generated for itself, shared by every worker through the store.

    Used only when ``DIRECTIVE_FLOW_SECRET_KEY`` is unset; the first worker to start
    inserts it and every other reads the same row.
    """

    __tablename__ = "portal_keys"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    secret: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SignInTokenRow(Base):
    """A one-time sign-in link sent by e-mail; only the token's sha256 is kept."""

    __tablename__ = "sign_in_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(DIGEST), unique=True)
    email: Mapped[str] = mapped_column(String(EMAIL), index=True)
    agency: Mapped[str | None] = mapped_column(String(CODE))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    address: Mapped[str | None] = mapped_column(String(64))


class PortalSessionRow(Base):
    """A signed-in browser: the token's sha256, who it speaks for, when it was last seen.

    A session opened by a reminder's deep link carries no e-mail and is limited to one
    task (``directive_id``, ``task_key``). Revoked sessions are kept for the record.
    """

    __tablename__ = "portal_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(DIGEST), unique=True)
    name: Mapped[str] = mapped_column(String(CODE))
    email: Mapped[str | None] = mapped_column(String(EMAIL), index=True)
    agency: Mapped[str | None] = mapped_column(String(CODE))
    operator: Mapped[bool] = mapped_column(Boolean, default=False)
    directive_id: Mapped[str | None] = mapped_column(String(CODE))
    task_key: Mapped[str | None] = mapped_column(String(KEY))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    address: Mapped[str | None] = mapped_column(String(64))


class RateLimitRow(Base):
    """Hits of one rate-limited key (``sign-in:ip:...``) in its current window."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(KEY), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UtcDateTime())
    hits: Mapped[int] = mapped_column(Integer, default=0)
