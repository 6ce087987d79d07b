"""assessment: the pre-CAF (ratings, signed decision, a CAF's action plan), the
multi-agency assessment (home visits, copies, family care plan), re-assessment triggers,
and a due item's warning day

A decided pre-CAF and a completed multi-agency assessment are sealed by triggers
(caseworker/store/sealed.py): the database refuses to change or delete them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from caseworker.store.sealed import Seal, install_seals, remove_seals

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SEALS = (
    Seal("precaf", "decision"),
    Seal("precaf_rating", "decision", ("precaf", "precaf_id")),
    Seal("plan_action", "decision", ("precaf", "precaf_id")),
    Seal("multi_agency_assessment", "outcome"),
    Seal("assessment_home_visit", "outcome", ("multi_agency_assessment", "assessment_id")),
    Seal("family_care_plan", "outcome", ("multi_agency_assessment", "assessment_id")),
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


def upgrade() -> None:
    _of_client(
        "precaf",
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("occasion", sa.String(), nullable=False),
        sa.Column("decision", sa.String(), nullable=True),
        sa.Column("suggested", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("against_suggestion", sa.String(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("signed_as", sa.String(), nullable=False),
        sa.Column("rescreen_on", sa.Date(), nullable=True),
        sa.Column("caf_lead", sa.String(), nullable=False),
        sa.Column("caf_consent", sa.String(), nullable=False),
        sa.Column("agencies", sa.String(), nullable=False),
        sa.Column("csc_grounds", sa.String(), nullable=False),
        sa.Column("supersedes_id", sa.Uuid(), nullable=True),
        fks=(
            sa.ForeignKeyConstraint(["decided_by"], ["worker.id"]),
            sa.ForeignKeyConstraint(["supersedes_id"], ["precaf.id"]),
        ),
    )
    _of_client(
        "precaf_rating",
        sa.Column("precaf_id", sa.Uuid(), nullable=False),
        sa.Column("child_id", sa.Uuid(), nullable=False),
        sa.Column("element", sa.String(), nullable=False),
        sa.Column("rating", sa.String(), nullable=False),
        sa.Column("evidence", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=True),
        fks=(
            sa.ForeignKeyConstraint(["precaf_id"], ["precaf.id"]),
            sa.ForeignKeyConstraint(["child_id"], ["child.id"]),
        ),
    )
    op.create_index("ix_precaf_rating_precaf_id", "precaf_rating", ["precaf_id"])
    op.create_index(
        "ix_precaf_rating_one", "precaf_rating", ["precaf_id", "child_id", "element"], unique=True
    )
    _of_client(
        "plan_action",
        sa.Column("precaf_id", sa.Uuid(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("what", sa.String(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        fks=(sa.ForeignKeyConstraint(["precaf_id"], ["precaf.id"]),),
    )
    op.create_index("ix_plan_action_precaf_id", "plan_action", ["precaf_id"])
    _of_client(
        "multi_agency_assessment",
        sa.Column("precaf_id", sa.Uuid(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("concern", sa.String(), nullable=False),
        sa.Column("lead_professional", sa.String(), nullable=False),
        sa.Column("lead_agency", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by", sa.Uuid(), nullable=True),
        sa.Column("signed_as", sa.String(), nullable=False),
        fks=(
            sa.ForeignKeyConstraint(["precaf_id"], ["precaf.id"]),
            sa.ForeignKeyConstraint(["completed_by"], ["worker.id"]),
        ),
    )
    for table, columns in (
        (
            "assessment_home_visit",
            (
                sa.Column("visited_on", sa.Date(), nullable=False),
                sa.Column("visited_by", sa.String(), nullable=False),
                sa.Column("note", sa.String(), nullable=False),
            ),
        ),
        (
            "assessment_copy",
            (
                sa.Column("document", sa.String(), nullable=False),
                sa.Column("recipient", sa.String(), nullable=False),
                sa.Column("sent_on", sa.Date(), nullable=False),
            ),
        ),
        (
            "family_care_plan",
            (
                sa.Column("lead_professional", sa.String(), nullable=False),
                sa.Column("roles", sa.String(), nullable=False),
                sa.Column("review_on", sa.Date(), nullable=False),
            ),
        ),
    ):
        _of_client(
            table,
            sa.Column("assessment_id", sa.Uuid(), nullable=False),
            *columns,
            fks=(sa.ForeignKeyConstraint(["assessment_id"], ["multi_agency_assessment.id"]),),
        )
        op.create_index(f"ix_{table}_assessment_id", table, ["assessment_id"])
    _of_client(
        "reassessment_trigger",
        sa.Column("child_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        fks=(sa.ForeignKeyConstraint(["child_id"], ["child.id"]),),
    )
    op.add_column("dueitem", sa.Column("warn_on", sa.Date(), nullable=True))
    install_seals(op.get_bind(), SEALS)
    # The due items are recomputed on the next open (the rules' version moved with this
    # release), which fills warn_on in through the ORM, on the trail.


def downgrade() -> None:
    remove_seals(op.get_bind(), SEALS)
    with op.batch_alter_table("dueitem") as batch:
        batch.drop_column("warn_on")
    for table in (
        "reassessment_trigger", "family_care_plan", "assessment_copy", "assessment_home_visit",
        "multi_agency_assessment", "plan_action", "precaf_rating", "precaf",
    ):  # fmt: skip
        op.drop_table(table)
    op.execute("DELETE FROM setting WHERE key LIKE 'derived.%'")
