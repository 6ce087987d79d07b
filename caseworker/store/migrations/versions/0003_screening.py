"""screening: drafts and completed screens (instruments, parental screen, TOP)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("instrument", sa.String(), nullable=False),
        sa.Column("occasion", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("band", sa.String(), nullable=False),
        sa.Column("positive", sa.Boolean(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("follows_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["follows_id"], ["screening.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_screening_instrument"), ["instrument"], unique=False)
        batch_op.create_index(batch_op.f("ix_screening_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("screening", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_status"))
        batch_op.drop_index(batch_op.f("ix_screening_instrument"))
        batch_op.drop_index(batch_op.f("ix_screening_client_id"))
    op.drop_table("screening")
