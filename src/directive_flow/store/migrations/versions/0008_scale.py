"""scale: live-work indexes, each directive's registry, what dashboards last published

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 09:00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = {
    "sqlite_where": sa.text("completed_on IS NULL AND cancelled IS 0"),
    "postgresql_where": sa.text("completed_on IS NULL AND cancelled IS false"),
}


_HISTORICAL = {
    "sqlite_where": sa.text("historical IS 1"),
    "postgresql_where": sa.text("historical IS true"),
}
_STATUS_COLUMNS = ["directive_id", "agency", "due", "original_due", "completed_on", "cancelled"]


def upgrade() -> None:
    """Indexes that find live work without reading history; registry per directive."""
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index("ix_tasks_open", ["directive_id", "id"], unique=False, **_OPEN)
        batch_op.create_index("ix_tasks_due_live", ["due", "cancelled", "directive_id"])
        batch_op.create_index(
            "ix_tasks_completed_on_live", ["completed_on", "cancelled", "directive_id"]
        )
        batch_op.create_index("ix_tasks_status", _STATUS_COLUMNS)
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registry_id", sa.String(length=80), nullable=True))
        batch_op.create_index("ix_directives_registry_id", ["registry_id"], unique=False)
        batch_op.create_index("ix_directives_historical", ["id"], **_HISTORICAL)
    # A directive's registry is its issuer's (the issuer is an agency of that registry).
    op.execute(
        "UPDATE directives SET registry_id = "
        "(SELECT agencies.registry_id FROM agencies WHERE agencies.code = directives.issuer)"
    )
    op.create_table(
        "dashboard_publications",
        sa.Column("directive_id", sa.String(length=80), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("next_change", sa.Date(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["directive_id"],
            ["directives.id"],
            name=op.f("fk_dashboard_publications_directive_id_directives"),
        ),
        sa.PrimaryKeyConstraint("directive_id", name=op.f("pk_dashboard_publications")),
    )
    for column in ("audit_id", "next_change"):
        op.create_index(f"ix_dashboard_publications_{column}", "dashboard_publications", [column])


def downgrade() -> None:
    """Drop them."""
    for column in ("audit_id", "next_change"):
        op.drop_index(f"ix_dashboard_publications_{column}", "dashboard_publications")
    op.drop_table("dashboard_publications")
    with op.batch_alter_table("directives", schema=None) as batch_op:
        batch_op.drop_index("ix_directives_historical")
        batch_op.drop_index("ix_directives_registry_id")
        batch_op.drop_column("registry_id")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_status")
        batch_op.drop_index("ix_tasks_completed_on_live")
        batch_op.drop_index("ix_tasks_due_live")
        batch_op.drop_index("ix_tasks_open")
