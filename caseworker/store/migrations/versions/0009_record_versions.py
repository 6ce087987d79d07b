"""record versions: every record carries a version, so a concurrent change is refused

Each table of records gains ``version`` (SQLAlchemy's version_id_col, see
caseworker/store/models/base.py); rows already there start at 1.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Every table whose model is a Record (the due items too: the column is shared, though
# nothing checks theirs).
TABLES = (
    "worker", "client", "clientalias", "addresshistory", "child", "householdmember",
    "networkcontact", "consent", "screening", "dueitem", "meeting", "meeting_action",
    "due_action",
)  # fmt: skip


def upgrade() -> None:
    for table in TABLES:
        # In place on SQLite and PostgreSQL alike (a constant default): the rows already
        # there read 1, without rewriting the table.
        op.add_column(
            table, sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "version")  # in place: SQLite has had DROP COLUMN since 3.35
