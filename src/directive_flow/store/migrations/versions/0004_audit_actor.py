"""audit actor: the agency an actor speaks for, the channel and the network address

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 12:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Who acted: the agency, the way in, the address (older events keep them empty)."""
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_agency", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("via", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("address", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Drop the three columns."""
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("address")
        batch_op.drop_column("via")
        batch_op.drop_column("actor_agency")
