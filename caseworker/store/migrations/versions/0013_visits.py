"""visits: home visits (the plan and the lone-working out and back), their notes (a row
per child, per checklist item and per agreed action) and the addenda to a signed note

A signed-off note and its dependants are sealed by triggers (caseworker/store/sealed.py);
an addendum is sealed from the moment it is written (its id is never null).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from caseworker.store.sealed import Seal, install_seals, remove_seals

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SEALS = (
    Seal("visit_note", "signed_off_at"),
    Seal("visit_child", "signed_off_at", ("visit_note", "note_id")),
    Seal("visit_observation", "signed_off_at", ("visit_note", "note_id")),
    Seal("visit_action", "signed_off_at", ("visit_note", "note_id")),
    Seal("visit_addendum", "id"),
)


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


def _of_note(table: str, *columns: sa.Column, fks: tuple = ()) -> None:
    _of_client(
        table,
        sa.Column("note_id", sa.Uuid(), nullable=False),
        *columns,
        fks=(sa.ForeignKeyConstraint(["note_id"], ["visit_note.id"]), *fks),
    )
    op.create_index(f"ix_{table}_note_id", table, ["note_id"])


def upgrade() -> None:
    _of_client(
        "visit",
        sa.Column("planned_for", sa.Date(), nullable=False),
        sa.Column("planned_at", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("announced", sa.Boolean(), nullable=False),
        sa.Column("joint_agency", sa.String(), nullable=False),
        sa.Column("joint_contact", sa.String(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("expected_back", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("out_by", sa.Uuid(), nullable=True),
        sa.Column("back_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_reason", sa.String(), nullable=False),
        fks=(sa.ForeignKeyConstraint(["out_by"], ["worker.id"]),),
    )
    op.create_index("ix_visit_status", "visit", ["status"])
    _of_client(
        "visit_note",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("adults", sa.String(), nullable=False),
        sa.Column("explained_to_parent", sa.String(), nullable=False),
        sa.Column("understood", sa.String(), nullable=False),
        sa.Column("narrative", sa.String(), nullable=False),
        sa.Column("concerns", sa.String(), nullable=False),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_off_by", sa.Uuid(), nullable=True),
        sa.Column("signed_as", sa.String(), nullable=False),
        fks=(
            sa.ForeignKeyConstraint(["visit_id"], ["visit.id"]),
            sa.ForeignKeyConstraint(["signed_off_by"], ["worker.id"]),
        ),
    )
    op.create_index("ix_visit_note_visit", "visit_note", ["visit_id"], unique=True)
    _of_note(
        "visit_child",
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("seen", sa.Boolean(), nullable=False),
        sa.Column("seen_alone", sa.Boolean(), nullable=False),
        sa.Column("spoken_with", sa.Boolean(), nullable=False),
        sa.Column("presentation", sa.String(), nullable=False),
        sa.Column("own_words", sa.String(), nullable=False),
        fks=(sa.ForeignKeyConstraint(["child_id"], ["child.id"]),),
    )
    _of_note(
        "visit_observation",
        sa.Column("item", sa.String(), nullable=False),
        sa.Column("answer", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
    )
    _of_note(
        "visit_action",
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
    )
    _of_client(
        "visit_addendum",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("stamped_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stamped_by", sa.Uuid(), nullable=True),
        sa.Column("stamped_as", sa.String(), nullable=False),
        fks=(
            sa.ForeignKeyConstraint(["visit_id"], ["visit.id"]),
            sa.ForeignKeyConstraint(["stamped_by"], ["worker.id"]),
        ),
    )
    op.create_index("ix_visit_addendum_visit_id", "visit_addendum", ["visit_id"])
    install_seals(op.get_bind(), SEALS)


def downgrade() -> None:
    remove_seals(op.get_bind(), SEALS)
    for table in (
        "visit_addendum", "visit_action", "visit_observation", "visit_child", "visit_note",
        "visit",
    ):  # fmt: skip
        op.drop_table(table)
