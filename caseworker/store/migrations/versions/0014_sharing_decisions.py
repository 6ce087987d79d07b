"""sharing decisions (sealed from the moment they are written), and a consent's scope and
expiry

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from caseworker.store.sealed import Seal, install_seals, remove_seals

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Sealed as written: its id is never null.
SEALS = (Seal("sharing_decision", "id"),)


def upgrade() -> None:
    op.create_table(
        "sharing_decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("basis", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("consent_state", sa.String(), nullable=False),
        sa.Column("consent_id", sa.Uuid(), nullable=True),
        sa.Column("source_table", sa.String(), nullable=False),
        sa.Column("source_id", sa.Uuid(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("signed_as", sa.String(), nullable=False),
        sa.Column("supersedes_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["consent_id"], ["consent.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["worker.id"]),
        sa.ForeignKeyConstraint(["supersedes_id"], ["sharing_decision.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sharing_decision_client_id", "sharing_decision", ["client_id"])
    op.add_column("consent", sa.Column("scope", sa.String(), nullable=False, server_default=""))
    op.add_column("consent", sa.Column("expires_on", sa.Date(), nullable=True))
    with op.batch_alter_table("consent") as batch:
        batch.alter_column("scope", server_default=None)
    install_seals(op.get_bind(), SEALS)


def downgrade() -> None:
    remove_seals(op.get_bind(), SEALS)
    with op.batch_alter_table("consent") as batch:
        batch.drop_column("expires_on")
        batch.drop_column("scope")
    op.drop_index("ix_sharing_decision_client_id", table_name="sharing_decision")
    op.drop_table("sharing_decision")
