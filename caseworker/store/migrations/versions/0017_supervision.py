"""supervision: sessions, their cases and actions, sealed at sign-off (store/sealed.py)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from caseworker.store.sealed import Seal, install_seals, remove_seals

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

SEALS = (
    Seal("supervision_session", "signed_off_at"),
    Seal("supervision_case", "signed_off_at", ("supervision_session", "session_id")),
    Seal("supervision_action", "signed_off_at", ("supervision_session", "session_id")),
)


def _record_columns() -> list[sa.Column]:
    # Spelled out in each migration on purpose: a migration is history, it must not
    # change when the models do.
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
    ]


def upgrade() -> None:
    op.create_table(
        "supervision_session",
        *_record_columns(),
        sa.Column("worker_id", sa.Uuid(), nullable=False),
        sa.Column("supervisor_id", sa.Uuid(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_off_by", sa.Uuid(), nullable=True),
        sa.Column("signed_as", sa.String(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("trail_head", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"]),
        sa.ForeignKeyConstraint(["supervisor_id"], ["worker.id"]),
        sa.ForeignKeyConstraint(["signed_off_by"], ["worker.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_supervision_session_worker_id", "supervision_session", ["worker_id"])
    op.create_table(
        "supervision_case",
        *_record_columns(),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("reasons", sa.String(), nullable=False),
        sa.Column("discussion", sa.String(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("think_family", sa.String(), nullable=False),
        sa.Column("discussed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["supervision_session.id"]),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_supervision_case_session_id", "supervision_case", ["session_id"])
    op.create_index("ix_supervision_case_client_id", "supervision_case", ["client_id"])
    op.create_table(
        "supervision_action",
        *_record_columns(),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["supervision_session.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["supervision_case.id"]),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_supervision_action_session_id", "supervision_action", ["session_id"])
    op.create_index("ix_supervision_action_client_id", "supervision_action", ["client_id"])
    install_seals(op.get_bind(), SEALS)


def downgrade() -> None:
    remove_seals(op.get_bind(), SEALS)
    for table, columns in (
        ("supervision_action", ("session_id", "client_id")),
        ("supervision_case", ("session_id", "client_id")),
        ("supervision_session", ("worker_id",)),
    ):
        for column in columns:
            op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.drop_table(table)
