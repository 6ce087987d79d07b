"""meetings and reviews, their agreed actions, and what a worker did about a due item

The diary's own records (caseworker/store/models/diary.py), and on the derived due items
the rule they come from, when they become overdue, and a booking or move. The derived rows
are recomputed on the next open (the fingerprint moves with the rules' version), so the
values filled in here are only placeholders until then.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "meeting",
        *_record_columns(),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("held_at", sa.String(), nullable=False),
        sa.Column("invited", sa.String(), nullable=False),
        sa.Column("attended", sa.String(), nullable=False),
        sa.Column("parents_attended", sa.Boolean(), nullable=False),
        sa.Column("client_attended", sa.Boolean(), nullable=False),
        sa.Column("absent_agencies", sa.String(), nullable=False),
        sa.Column("our_part", sa.String(), nullable=False),
        sa.Column("decisions", sa.String(), nullable=False),
        sa.Column("next_on", sa.Date(), nullable=True),
        sa.Column("minutes_to", sa.String(), nullable=False),
        sa.Column("minutes_sent_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["child_id"], ["child.id"]),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meeting_client_id", "meeting", ["client_id"])
    op.create_table(
        "meeting_action",
        *_record_columns(),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_meeting_action_client_id", "meeting_action", ["client_id"])
    op.create_index("ix_meeting_action_meeting_id", "meeting_action", ["meeting_id"])
    op.create_table(
        "due_action",
        *_record_columns(),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["client_id"], ["client.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_due_action_client_id", "due_action", ["client_id"])
    with op.batch_alter_table("dueitem", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rule", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("overdue_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("booked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("moved_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.String(), nullable=False, server_default=""))
    # overdue_on stays empty here: the next open recomputes every item (the rules'
    # version moved) and fills it in through the ORM, so each row's new value is on the
    # trail like any other change and `check`'s replay accounts for it.
    with op.batch_alter_table("dueitem", schema=None) as batch_op:
        batch_op.alter_column("note", server_default=None)
        batch_op.create_index("ix_dueitem_overdue", ["client_id", "overdue_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dueitem", schema=None) as batch_op:
        batch_op.drop_index("ix_dueitem_overdue")
        batch_op.drop_column("note")
        batch_op.drop_column("moved_from")
        batch_op.drop_column("booked_at")
        batch_op.drop_column("overdue_on")
        batch_op.drop_column("rule")
    op.drop_index("ix_due_action_client_id", table_name="due_action")
    op.drop_table("due_action")
    op.drop_index("ix_meeting_action_meeting_id", table_name="meeting_action")
    op.drop_index("ix_meeting_action_client_id", table_name="meeting_action")
    op.drop_table("meeting_action")
    op.drop_index("ix_meeting_client_id", table_name="meeting")
    op.drop_table("meeting")
    # The older release's rows say nothing of these: recompute them on its next open.
    op.execute("DELETE FROM setting WHERE key LIKE 'derived.%'")
