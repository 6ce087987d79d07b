"""client search count index: search_text with status, narrow and covering

A search's count reads every open client's search_text; ix_client_caseload covered it, but
its entries carry the sort key, id and flags too, so the scan read about twice the pages.
ix_client_search (search_text, status) replaces ix_client_search_text (search_text alone):
the count of "open" or "everyone" with a search scans it and nothing else.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_client_search_text", table_name="client")
    op.create_index("ix_client_search", "client", ["search_text", "status"])


def downgrade() -> None:
    op.drop_index("ix_client_search", table_name="client")
    op.create_index("ix_client_search_text", "client", ["search_text"])
