"""The supervision session in the domain: only a supervisor opens or signs one off, a case
is marked discussed only with its decision and the Think Family answer, the actions agreed
enter the diary once signed, and a signed session is sealed by the database itself (this
folder runs on SQLCipher and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Uuid, bindparam, text

from caseworker import agenda
from caseworker.core.errors import NotAllowed, StorageError, ValidationFailed
from caseworker.diary import DueKind
from caseworker.people import clients
from caseworker.store.models import Worker
from caseworker.supervision import (
    cases_of,
    open_session,
    record_case,
    sessions_of,
    sign_off,
    worker_by_name,
)

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
DECIDED = {
    "discussion": "Drinking again since the move; school says Sam is often late.",
    "decision": "Pre-CAF this week; ask the school nurse to see Sam.",
    "think_family": "Sam is getting himself to school: a caring role, to be asked about.",
    "discussed": True,
    "actions": "Sam Worker; pre-CAF with Ada; 04/12/2026",
}


def _add_person(db, name: str, role: str) -> uuid.UUID:
    with db.session() as s:
        person = Worker(name=name, role=role)
        s.add(person)
        s.flush()
        return person.id


def _as(db, person_id: uuid.UUID | None) -> None:
    db.worker_id = person_id


def _caseload(db) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """(worker, supervisor, a client of the worker's), the supervisor at the keyboard."""
    worker = db.worker_id
    supervisor = _add_person(db, "Pat Supervisor", "supervisor")
    with db.session() as s:
        client = clients.create_client(
            s, {"given_name": "Ada", "family_name": "Lee"}, TODAY, key_worker_id=worker
        )
        client_id = client.id
    _as(db, supervisor)
    return worker, supervisor, client_id


def test_a_worker_cannot_open_a_session(db):
    worker = db.worker_id
    other = _add_person(db, "Kim Worker", "worker")
    with db.session() as s, pytest.raises(NotAllowed, match="Only a supervisor"):
        open_session(s, other, TODAY)
    assert db.worker_id == worker


def test_a_supervisor_cannot_supervise_themselves(db):
    _, supervisor, _ = _caseload(db)
    with db.session() as s, pytest.raises(NotAllowed, match="themselves"):
        open_session(s, supervisor, TODAY)


def test_opening_again_returns_the_session_in_progress(db):
    worker, _, _ = _caseload(db)
    with db.session() as s:
        first = open_session(s, worker, TODAY).id
    with db.session() as s:
        assert open_session(s, worker, TODAY).id == first
        assert [x.id for x in sessions_of(s, worker)] == [first]


@pytest.mark.parametrize(
    ("missing", "field"),
    [("decision", "decision"), ("think_family", "think_family")],
)
def test_a_case_is_marked_discussed_only_with_its_decision_and_answer(db, missing, field):
    worker, _, client_id = _caseload(db)
    raw = {**DECIDED, missing: "", "actions": ""}
    with db.session() as s:
        sup = open_session(s, worker, TODAY)
        with pytest.raises(ValidationFailed) as refused:
            record_case(s, sup.id, client_id, raw, TODAY)
    assert field in [e.field for e in refused.value.errors]


def test_a_case_not_yet_discussed_may_be_saved_without_a_decision(db):
    worker, _, client_id = _caseload(db)
    with db.session() as s:
        sup = open_session(s, worker, TODAY)
        saved = record_case(s, sup.id, client_id, {"discussion": "to come back to"}, TODAY)
        assert saved.case.discussed is False and saved.actions == ()


def test_saving_a_case_again_replaces_its_actions(db):
    worker, _, client_id = _caseload(db)
    with db.session() as s:
        sup = open_session(s, worker, TODAY)
        record_case(s, sup.id, client_id, DECIDED, TODAY)
        again = {**DECIDED, "actions": "Pat Supervisor; call the school; 08/12/2026"}
        saved = record_case(s, sup.id, client_id, again, TODAY)
        assert [(a.owner, a.what, a.due_on) for a in saved.actions] == [
            ("Pat Supervisor", "call the school", date(2026, 12, 8))
        ]
        assert len(cases_of(s, sup.id)) == 1


def test_a_worker_cannot_sign_off(db):
    worker, _, client_id = _caseload(db)
    with db.session() as s:
        sup = open_session(s, worker, TODAY)
        record_case(s, sup.id, client_id, DECIDED, TODAY)
        session_id = sup.id
    # The worker's own identity (their passphrase) is refused, in the domain.
    with db.session() as s, pytest.raises(NotAllowed, match="Only a supervisor"):
        sign_off(s, session_id, worker, NOW, figures={})
    with db.session() as s:
        assert sessions_of(s, worker)[0].signed_off_at is None


def test_nothing_discussed_is_not_signed_off(db):
    worker, supervisor, client_id = _caseload(db)
    with db.session() as s:
        sup = open_session(s, worker, TODAY)
        record_case(s, sup.id, client_id, {"discussion": "later"}, TODAY)
        with pytest.raises(ValidationFailed, match="at least one case"):
            sign_off(s, sup.id, supervisor, NOW, figures={})


def test_signed_off_the_actions_enter_the_diary_and_the_session_is_closed(db):
    worker, supervisor, client_id = _caseload(db)
    with db.session() as s:
        sup = open_session(s, worker, TODAY)
        record_case(s, sup.id, client_id, DECIDED, TODAY)
        session_id = sup.id

    def actions() -> list:
        with db.session() as s:
            items = agenda.due_items(s, client_id)
        return [d for d in items if d.kind is DueKind.SUPERVISION_ACTION]

    assert actions() == []  # not agreed until the supervisor signs
    from caseworker.store import derived

    with db.session() as s:
        signed = sign_off(s, session_id, supervisor, NOW, figures={"x": {"count": 1}})
        derived.touch(s, {client_id})
        assert signed.signed_as == "Pat Supervisor"
    [due] = actions()
    assert due.due_on == date(2026, 12, 4) and due.note == "Sam Worker: pre-CAF with Ada"
    with db.session() as s, pytest.raises(NotAllowed, match="signed off by Pat Supervisor"):
        record_case(s, session_id, client_id, DECIDED, TODAY)
    with db.session() as s:  # the next session is a new one
        assert open_session(s, worker, TODAY).id != session_id


def test_a_client_of_another_worker_is_not_in_this_session(db):
    worker, _, _ = _caseload(db)
    other = _add_person(db, "Kim Worker", "worker")
    with db.session() as s:
        theirs = clients.create_client(
            s, {"given_name": "Bo", "family_name": "Ray"}, TODAY, key_worker_id=other
        ).id
        sup = open_session(s, worker, TODAY)
        with pytest.raises(NotAllowed, match="another worker"):
            record_case(s, sup.id, theirs, DECIDED, TODAY)


def test_worker_by_name_ignores_case_and_names_who_there_is(db):
    _caseload(db)
    with db.session() as s:
        assert worker_by_name(s, "  pat   SUPERVISOR ").role == "supervisor"
        with pytest.raises(Exception, match="Sam Worker"):
            worker_by_name(s, "Nobody")


def _run(db, statement: str, session_id: uuid.UUID) -> None:
    with db.session() as s:
        s.execute(text(statement).bindparams(bindparam("id", type_=Uuid)), {"id": session_id})


STATEMENTS = [
    "UPDATE supervision_session SET notes = 'rewritten' WHERE id = :id",
    "DELETE FROM supervision_session WHERE id = :id",
    "UPDATE supervision_case SET decision = 'nothing' WHERE session_id = :id",
    "DELETE FROM supervision_case WHERE session_id = :id",
    "UPDATE supervision_action SET what = 'nothing' WHERE session_id = :id",
    "DELETE FROM supervision_action WHERE session_id = :id",
]


@pytest.mark.parametrize("statement", STATEMENTS)
def test_a_signed_session_is_sealed_in_the_database(db, statement):
    worker, supervisor, client_id = _caseload(db)
    with db.session() as s:
        sup = open_session(s, worker, TODAY)
        record_case(s, sup.id, client_id, DECIDED, TODAY)
        session_id = sup.id
    if statement.startswith("UPDATE"):  # in progress, the supervisor's working copy
        _run(db, statement, session_id)
    with db.session() as s:
        sign_off(s, session_id, supervisor, NOW, figures={})
    with pytest.raises(StorageError, match="sealed"):
        _run(db, statement, session_id)


def test_only_the_supervisor_records_a_case(db):
    worker, _, client_id = _caseload(db)
    with db.session() as s:
        session_id = open_session(s, worker, TODAY).id
        record_case(s, session_id, client_id, DECIDED, TODAY)
    _as(db, worker)  # the worker at the keyboard (after a lock, on the same screen)
    with db.session() as s, pytest.raises(NotAllowed, match="Only a supervisor"):
        record_case(s, session_id, client_id, {**DECIDED, "decision": "Nothing"}, TODAY)
    with db.session() as s:
        assert cases_of(s, session_id)[0].case.decision == DECIDED["decision"]


def test_a_case_not_marked_discussed_puts_nothing_in_the_diary(db):
    worker, supervisor, client_id = _caseload(db)
    with db.session() as s:
        other = clients.create_client(
            s, {"given_name": "Bo", "family_name": "Ray"}, TODAY, key_worker_id=worker
        ).id
        sup = open_session(s, worker, TODAY)
        record_case(s, sup.id, client_id, DECIDED, TODAY)
        record_case(s, sup.id, other, {**DECIDED, "discussed": False}, TODAY)
        from caseworker.store import derived

        sign_off(s, sup.id, supervisor, NOW, figures={})
        derived.touch(s, {client_id, other})
    with db.session() as s:
        kinds = [d.kind for d in agenda.due_items(s, other)]
        assert DueKind.SUPERVISION_ACTION not in kinds
        assert DueKind.SUPERVISION_ACTION in [d.kind for d in agenda.due_items(s, client_id)]
