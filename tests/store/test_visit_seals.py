"""A signed-off visit note is sealed by the database itself, on SQLCipher and PostgreSQL
alike (this folder runs on both): an UPDATE or DELETE of the note, of its children,
observations and actions is refused, and an addendum can never be changed at all."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Uuid, bindparam, text

from caseworker.core.errors import StorageError
from caseworker.people import add_child, clients
from caseworker.visits import (
    add_addendum,
    child_field,
    item_field,
    plan_visit,
    save_note,
    sign_off,
)

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)


def noted(db) -> uuid.UUID:
    """A visit with its note saved (not signed off), a child seen and an action."""
    with db.session() as s:
        client = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        child = add_child(s, client.id, {"given_name": "Sam", "family_name": "Lee",
                                         "date_of_birth": "01/03/2019", "lives_with": "client",
                                         "client_role": "mother"}, TODAY)  # fmt: skip
        visit = plan_visit(s, client.id, {"planned_for": "23/11/2026"}, TODAY)
        save_note(
            s,
            visit.id,
            {"narrative": "Seen at home.", child_field(child.id, "seen"): True,
             item_field("home_condition"): "no_concern", "actions": "DAS; call; 30/11/2026"},
            TODAY,
        )  # fmt: skip
        return visit.id


def _run(db, statement: str, visit_id: uuid.UUID) -> None:
    with db.session() as s:
        s.execute(text(statement).bindparams(bindparam("id", type_=Uuid)), {"id": visit_id})


_NOTE = "(SELECT id FROM visit_note WHERE visit_id = :id)"
STATEMENTS = [
    "UPDATE visit_note SET narrative = 'rewritten' WHERE visit_id = :id",
    "DELETE FROM visit_note WHERE visit_id = :id",
    f"UPDATE visit_child SET seen = false WHERE note_id = {_NOTE}",
    f"DELETE FROM visit_child WHERE note_id = {_NOTE}",
    f"UPDATE visit_observation SET answer = 'serious_concern' WHERE note_id = {_NOTE}",
    f"DELETE FROM visit_observation WHERE note_id = {_NOTE}",
    f"UPDATE visit_action SET what = 'nothing' WHERE note_id = {_NOTE}",
    f"DELETE FROM visit_action WHERE note_id = {_NOTE}",
]


@pytest.mark.parametrize("statement", STATEMENTS)
def test_a_signed_off_note_is_sealed_in_the_database(db, statement):
    visit_id = noted(db)
    # Unsigned, the note is the worker's working copy: the same statement goes through.
    if statement.startswith("UPDATE"):
        _run(db, statement, visit_id)
    with db.session() as s:
        sign_off(s, visit_id, NOW)
    with pytest.raises(StorageError, match="sealed") as refused:
        _run(db, statement, visit_id)
    assert "Nothing was saved" in str(refused.value)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE visit_addendum SET text = 'rewritten' WHERE visit_id = :id",
        "DELETE FROM visit_addendum WHERE visit_id = :id",
    ],
)
def test_an_addendum_can_never_be_changed(db, statement):
    visit_id = noted(db)
    with db.session() as s:
        sign_off(s, visit_id, NOW)
    with db.session() as s:
        add_addendum(s, visit_id, "Correction: the action is DAS's.", NOW)
    with pytest.raises(StorageError, match="sealed"):
        _run(db, statement, visit_id)
    # The visit itself is not sealed: a check-in after signing off in the car still lands.
    _run(db, "UPDATE visit SET status = 'back' WHERE id = :id", visit_id)
