"""waiting steps: reminder steps say the outbox holds them, the decision reads the rest

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 09:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WAITING = {
    "sqlite_where": sa.text("queued IS 0"),
    "postgresql_where": sa.text("queued IS false"),
}


def upgrade() -> None:
    """``reminder_steps.queued``, true where the outbox holds the step; an index of the rest."""
    with op.batch_alter_table("reminder_steps", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("queued", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE reminder_steps SET queued = true WHERE EXISTS (SELECT 1 FROM outbox "
        "WHERE outbox.task_id = reminder_steps.task_id AND outbox.stage = reminder_steps.stage)"
    )
    with op.batch_alter_table("reminder_steps", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reminder_steps_waiting", ["task_id", "day", "stage", "recipient"], **_WAITING
        )


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("reminder_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_reminder_steps_waiting")
        batch_op.drop_column("queued")
