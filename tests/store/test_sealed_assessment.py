"""A completed multi-agency assessment is sealed by the database itself: an UPDATE or a
DELETE typed in SQL on it, its home visits or its family care plan is refused (on SQLite
and PostgreSQL alike), while the same statements on an open one go through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from caseworker.assessment import complete_assessment, record_home_visit, start_assessment
from caseworker.people import clients
from caseworker.store.models import FamilyCarePlan
from caseworker.store.sealed import is_sealed_refusal

TABLES = ("multi_agency_assessment", "assessment_home_visit", "family_care_plan")
# The one column each statement changes (none of them is what seals the row).
CHANGED = {"multi_agency_assessment": "summary", "assessment_home_visit": "note",
           "family_care_plan": "roles"}  # fmt: skip


def one_assessment(db, today, *, completed: bool):
    """A client with one assessment, one home visit and one care plan (an open one's plan
    is written straight in: the domain writes it only as it completes)."""
    on = f"{today - timedelta(days=7):%d/%m/%Y}"
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, today).id
        maa = start_assessment(s, ada, {"concern": "Neglect", "lead_professional": "Jo Bloggs",
                                        "started_on": on}, today)  # fmt: skip
        record_home_visit(s, maa.id, {"visited_on": on, "visited_by": "Sam Worker"}, today)
        if completed:
            review = f"{today + timedelta(days=42):%d/%m/%Y}"
            complete_assessment(s, maa.id, {"outcome": "needs_identified", "summary": "Needs",
                                            "plan_lead": "Jo Bloggs", "plan_roles": "GP; review",
                                            "plan_review_on": review},
                                today, datetime(2026, 11, 23, 12, tzinfo=UTC))  # fmt: skip
        else:
            s.add(FamilyCarePlan(assessment_id=maa.id, client_id=ada, lead_professional="Jo",
                                 review_on=today + timedelta(days=42)))  # fmt: skip


def run(db, statement: str) -> None:
    # Straight to the database: no domain function, no session hook, as a SQL prompt would.
    with db.engine.begin() as conn:
        conn.execute(text(statement))


def count(db, table: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.mark.parametrize("table", TABLES)
def test_update_and_delete_of_a_completed_assessment_are_refused(db, today, table):
    one_assessment(db, today, completed=True)
    for statement in (f"UPDATE {table} SET {CHANGED[table]} = 'changed'", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError) as exc:
            run(db, statement)
        assert is_sealed_refusal(exc.value), statement
    assert count(db, table) == 1


@pytest.mark.parametrize("table", TABLES)
def test_update_and_delete_while_open_are_allowed(db, today, table):
    one_assessment(db, today, completed=False)
    run(db, f"UPDATE {table} SET {CHANGED[table]} = 'changed'")
    with db.engine.connect() as conn:
        assert conn.execute(text(f"SELECT {CHANGED[table]} FROM {table}")).scalar_one() == "changed"
    if table == "multi_agency_assessment":  # its dependants go first (foreign keys)
        run(db, "DELETE FROM assessment_home_visit")
        run(db, "DELETE FROM family_care_plan")
    run(db, f"DELETE FROM {table}")
    assert count(db, table) == 0
