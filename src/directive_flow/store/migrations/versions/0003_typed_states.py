"""typed states: a task's stored state 'open' becomes 'assigned'; outbox recipient a role word

The four-way status also says "open" (not yet due); the stored state now has its own word.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 11:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _state_check(values: str) -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_check_constraint("state", f"state IN ({values})")


def upgrade() -> None:
    """Rename the stored task state; type the outbox recipient column."""
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_tasks_state"), type_="check")
    op.execute("UPDATE tasks SET state = 'assigned' WHERE state = 'open'")
    _state_check("'assigned', 'submitted', 'accepted'")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column(
            "recipient",
            existing_type=sa.Text(),
            type_=sa.String(length=16),
            existing_nullable=False,
        )


def downgrade() -> None:
    """Back to 'open' and a text recipient."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column(
            "recipient",
            existing_type=sa.String(length=16),
            type_=sa.Text(),
            existing_nullable=False,
        )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_tasks_state"), type_="check")
    op.execute("UPDATE tasks SET state = 'open' WHERE state = 'assigned'")
    _state_check("'open', 'submitted', 'accepted'")
