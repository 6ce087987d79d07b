"""trail: the hash-chained record is called the trail (audit_event -> trail_event)

"Audit" names the AUDIT screening instrument only. The rows and their hashes are
unchanged (a hash never covers the table's name), so the chain still verifies.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_audit_event_client_id", table_name="audit_event")
    op.rename_table("audit_event", "trail_event")
    op.create_index("ix_trail_event_client_id", "trail_event", ["client_id"])


def downgrade() -> None:
    op.drop_index("ix_trail_event_client_id", table_name="trail_event")
    op.rename_table("trail_event", "audit_event")
    op.create_index("ix_audit_event_client_id", "audit_event", ["client_id"])
