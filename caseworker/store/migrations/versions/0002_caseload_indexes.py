"""caseload indexes: covering index for search/paging, child help and open due items

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_client_caseload",
        "client",
        ["sort_key", "id", "status", "parental_status", "search_text"],
    )
    op.create_index("ix_child_client_help", "child", ["client_id", "current_help"])
    op.create_index("ix_dueitem_open", "dueitem", ["client_id", "completed_on", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_dueitem_open", table_name="dueitem")
    op.drop_index("ix_child_client_help", table_name="child")
    op.drop_index("ix_client_caseload", table_name="client")
