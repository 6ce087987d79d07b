"""caseload count indexes: pregnant in the caseload index; not-asked, closed and at-risk help

Every caseload filter's count and first page read an index rather than the client table
(see caseworker/store/models/client.py): "parents" needs pregnant in ix_client_caseload,
"not asked" and "closed" an index led by their column in keyset order, and the "children
known to social care" count the at-risk children's client ids by help.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_CASELOAD_0002 = ["sort_key", "id", "status", "parental_status", "search_text"]


def upgrade() -> None:
    op.drop_index("ix_client_caseload", table_name="client")
    op.create_index(
        "ix_client_caseload",
        "client",
        ["sort_key", "id", "status", "parental_status", "pregnant", "search_text"],
    )
    op.create_index(
        "ix_client_parental_caseload", "client", ["parental_status", "sort_key", "id", "status"]
    )
    op.create_index("ix_client_status_caseload", "client", ["status", "sort_key", "id"])
    op.create_index("ix_child_help_client", "child", ["current_help", "client_id"])


def downgrade() -> None:
    op.drop_index("ix_child_help_client", table_name="child")
    op.drop_index("ix_client_status_caseload", table_name="client")
    op.drop_index("ix_client_parental_caseload", table_name="client")
    op.drop_index("ix_client_caseload", table_name="client")
    op.create_index("ix_client_caseload", "client", _CASELOAD_0002)
