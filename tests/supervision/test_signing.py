"""Signing off with the supervisor's own passphrase, whoever is at the keyboard: the
passphrase names the signer (the key file's slot it opens; on a server, the login it is the
password of); a worker's signs nothing; the actions agreed enter the diary; the session
keeps the day's figures and the trail head."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from caseloads import PASSPHRASE

from caseworker import agenda
from caseworker.core.errors import NotAllowed, WrongPassphrase
from caseworker.diary import DueKind
from caseworker.people import clients
from caseworker.store import persons
from caseworker.store.keyfile import KdfParams
from caseworker.store.trail import chain_head
from caseworker.supervision import (
    get_session,
    open_session,
    record_case,
    sign_off_with_passphrase,
)

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
BOSS_PASS = "the supervisor's own words"
DECIDED = {
    "discussion": "Missed two appointments.",
    "decision": "Call the school nurse.",
    "think_family": "Ask how Sam gets to school.",
    "discussed": True,
    "actions": "Sam Worker; call the school nurse; 03/12/2026",
}


@pytest.fixture
def in_progress(db):
    """A session opened by the supervisor for the worker, one case decided; the worker
    back at the keyboard (supervision on the worker's laptop)."""
    worker = db.worker_id
    boss = persons.add_person(db, "Pat Supervisor", "supervisor", BOSS_PASS,
                              kdf=KdfParams.fast_for_tests())  # fmt: skip
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY).id
    db.worker_id = boss
    with db.session() as s:
        sup = open_session(s, worker, TODAY)
        record_case(s, sup.id, ada, DECIDED, TODAY)
        session_id = sup.id
    db.worker_id = worker
    return db, session_id, ada


def test_the_supervisors_passphrase_signs_as_them(in_progress):
    db, session_id, ada = in_progress
    with db.session() as s:
        head = chain_head(s)
    signed = sign_off_with_passphrase(db, session_id, BOSS_PASS, NOW, TODAY)
    assert signed.signed_as == "Pat Supervisor"
    with db.session() as s:
        kept = get_session(s, session_id)
        assert kept.trail_head == head[1]
        assert kept.figures["never_screened"]["count"] == 1
        dues = [d for d in agenda.due_items(s, ada) if d.kind is DueKind.SUPERVISION_ACTION]
    assert [(d.due_on, d.note) for d in dues] == [
        (date(2026, 12, 3), "Sam Worker: call the school nurse")
    ]


def test_the_workers_passphrase_is_refused(in_progress):
    db, session_id, _ = in_progress
    with pytest.raises(NotAllowed, match="Only a supervisor"):
        sign_off_with_passphrase(db, session_id, PASSPHRASE, NOW, TODAY)
    with db.session() as s:
        assert get_session(s, session_id).signed_off_at is None


def test_a_passphrase_of_no_one_is_refused(in_progress):
    db, session_id, _ = in_progress
    with pytest.raises(WrongPassphrase):
        sign_off_with_passphrase(db, session_id, "nobody's passphrase", NOW, TODAY)
    with db.session() as s:
        assert get_session(s, session_id).signed_off_at is None
