"""historical directives: examples and records played in their own time, never reminded

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 14:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """A directive may be historical: shown, counted as of its own time, never reminded."""
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("historical", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Drop the flag."""
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.drop_column("historical")
