"""derived due items: reason and source record; no completion or title; one index by date

Due items are now derived from the records by the capabilities' rules (caseworker.agenda).
The rows an older release wrote by hand are kept here and replaced by recomputation on the
first open (the protocol fingerprint in `setting` is missing), so each change is on the
trail like any other.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dueitem", schema=None) as batch_op:
        batch_op.drop_index("ix_dueitem_open")
        batch_op.drop_index("ix_dueitem_completed_on")
        batch_op.drop_index("ix_dueitem_client_id")
        batch_op.drop_column("completed_on")
        batch_op.drop_column("title")
        # The default fills the rows already there; it is dropped again below so that the
        # schema is exactly the models'.
        batch_op.add_column(sa.Column("reason", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("source_id", sa.Uuid(), nullable=True))
        batch_op.create_index("ix_dueitem_next", ["client_id", "due_on"], unique=False)
    with op.batch_alter_table("dueitem", schema=None) as batch_op:
        batch_op.alter_column("reason", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("dueitem", schema=None) as batch_op:
        batch_op.drop_index("ix_dueitem_next")
        batch_op.drop_column("source_id")
        batch_op.drop_column("reason")
        batch_op.add_column(sa.Column("title", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("completed_on", sa.Date(), nullable=True))
        batch_op.create_index("ix_dueitem_client_id", ["client_id"], unique=False)
        batch_op.create_index("ix_dueitem_completed_on", ["completed_on"], unique=False)
        batch_op.create_index(
            "ix_dueitem_open", ["client_id", "completed_on", "due_on"], unique=False
        )
    with op.batch_alter_table("dueitem", schema=None) as batch_op:
        batch_op.alter_column("title", server_default=None)
    # The older release shows the title; and forgetting the fingerprint makes the next
    # upgrade recompute every row (their reasons and sources were dropped just now).
    op.execute(
        "UPDATE dueitem SET title = CASE kind WHEN 'rescreen' THEN 'Re-screen parental status' "
        "WHEN 'precaf' THEN 'Pre-CAF assessment' WHEN 'top' THEN 'TOP review' "
        "WHEN 'medical_review' THEN 'Medical review: possible dependence' ELSE kind END"
    )
    op.execute("DELETE FROM setting WHERE key LIKE 'derived.%'")
