"""referrals: referrals to another agency, the children each is about and each chase

Tracked, not sealed: the trail records each change. A re-referral names the one before.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
    ]


def _of_client(table: str, *columns: sa.Column, fks: tuple = ()) -> None:
    op.create_table(
        table,
        *_record_columns(),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        *fks,
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(f"ix_{table}_client_id", table, ["client_id"])


def upgrade() -> None:
    text = sa.String()
    _of_client(
        "referral",
        sa.Column("agency", text, nullable=False),
        sa.Column("to_csc", sa.Boolean(), nullable=False),
        sa.Column("team", text, nullable=False),
        sa.Column("contact_name", text, nullable=False),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("reason", text, nullable=False),
        sa.Column("evidence", text, nullable=False),
        sa.Column("wanted_outcome", text, nullable=False),
        sa.Column("urgency", text, nullable=False),
        sa.Column("mode", text, nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("call_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("call_to", text, nullable=False),
        sa.Column("call_said", text, nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("sharing_decision_id", sa.Uuid(), nullable=True),
        sa.Column("acknowledged_on", sa.Date(), nullable=True),
        sa.Column("outcome", text, nullable=False),
        sa.Column("outcome_worker", text, nullable=False),
        sa.Column("feedback_on", sa.Date(), nullable=True),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("confirmation_letter_id", sa.Uuid(), nullable=True),
        sa.Column("previous_id", sa.Uuid(), nullable=True),
        fks=(
            sa.ForeignKeyConstraint(["contact_id"], ["networkcontact.id"]),
            sa.ForeignKeyConstraint(["previous_id"], ["referral.id"]),
        ),
    )
    _of_client(
        "referral_child",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        fks=(
            sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),
            sa.ForeignKeyConstraint(["child_id"], ["child.id"]),
        ),
    )
    op.create_index("ix_referral_child_referral_id", "referral_child", ["referral_id"])
    _of_client(
        "referral_chase",
        sa.Column("referral_id", sa.Uuid(), nullable=False),
        sa.Column("chased_on", sa.Date(), nullable=False),
        sa.Column("note", text, nullable=False),
        fks=(sa.ForeignKeyConstraint(["referral_id"], ["referral.id"]),),
    )
    op.create_index("ix_referral_chase_referral_id", "referral_chase", ["referral_id"])


def downgrade() -> None:
    for table in ("referral_chase", "referral_child", "referral"):
        op.drop_table(table)
