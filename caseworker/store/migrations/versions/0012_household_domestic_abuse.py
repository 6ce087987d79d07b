"""household: domestic abuse known about a member (a new adult with it, or with substance
use, joining a household with children makes a pre-CAF due again)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "householdmember",
        sa.Column("domestic_abuse", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("householdmember") as batch:
        batch.drop_column("domestic_abuse")
