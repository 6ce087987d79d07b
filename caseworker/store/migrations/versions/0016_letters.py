"""letters: finalised letters, sealed from the moment they are written (store/sealed.py)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from caseworker.store.sealed import Seal, install_seals, remove_seals

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

SEALS = (Seal("letter", "id"),)


def upgrade() -> None:
    op.create_table(
        "letter",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("template", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("letter_date", sa.Date(), nullable=False),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finalised_by", sa.Uuid(), nullable=True),
        sa.Column("signed_as", sa.String(), nullable=False),
        sa.Column("sharing_decision_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["child_id"], ["child.id"]),
        sa.ForeignKeyConstraint(["finalised_by"], ["worker.id"]),
        sa.ForeignKeyConstraint(["sharing_decision_id"], ["sharing_decision.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_letter_client_id", "letter", ["client_id"])
    install_seals(op.get_bind(), SEALS)


def downgrade() -> None:
    remove_seals(op.get_bind(), SEALS)
    op.drop_index("ix_letter_client_id", table_name="letter")
    op.drop_table("letter")
