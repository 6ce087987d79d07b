"""Form drafts in the store: one per form and record, per worker; replaced, not added to;
removed on discard; never in the trail; only ever in the encrypted file."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from caseworker.drafts import discard_draft, draft_for, drafts_waiting, keep_draft
from caseworker.store.models import TrailEvent


def trail_length(db) -> int:
    with db.session() as s:
        return s.execute(select(func.count()).select_from(TrailEvent)).scalar_one()


def test_a_draft_is_kept_replaced_found_and_discarded(db):
    client = uuid.uuid4()
    with db.session() as s:
        keep_draft(s, "ParentalForm client_id=x", "ParentalForm", {"coping": "Tired"},
                   args={"client_id": str(client)}, client_id=client)  # fmt: skip
    with db.session() as s:
        keep_draft(s, "ParentalForm client_id=x", "ParentalForm", {"coping": "Tired\nbut ok"},
                   args={"client_id": str(client)}, client_id=client)  # fmt: skip
    with db.session() as s:
        waiting = drafts_waiting(s)
        assert len(waiting) == 1  # the second autosave replaced the first
        draft = draft_for(s, "ParentalForm client_id=x")
    assert draft is not None and draft.values == {"coping": "Tired\nbut ok"}
    assert (draft.form, draft.client_id, draft.args) == (
        "ParentalForm",
        client,
        {"client_id": str(client)},
    )
    with db.session() as s:
        discard_draft(s, "ParentalForm client_id=x")
        discard_draft(s, "ParentalForm client_id=x")  # nothing left: no error
    with db.session() as s:
        assert drafts_waiting(s) == [] and draft_for(s, "ParentalForm client_id=x") is None


def test_drafts_are_offered_newest_first_and_only_to_their_worker(db):
    with db.session() as s:
        keep_draft(s, "ClientForm", "ClientForm", {"given_name": "Anna"})
    with db.session() as s:
        keep_draft(s, "HouseholdForm client_id=y", "HouseholdForm", {"name": "Lee"})
    with db.session() as s:
        assert [d.key for d in drafts_waiting(s)] == ["HouseholdForm client_id=y", "ClientForm"]
    someone_else = db.worker_id
    db.worker_id = uuid.uuid4()
    try:
        with db.session() as s:
            assert drafts_waiting(s) == []
            assert draft_for(s, "ClientForm") is None
    finally:
        db.worker_id = someone_else


def test_keeping_drafts_leaves_the_trail_alone(db):
    before = trail_length(db)
    with db.session() as s:
        keep_draft(s, "ClientForm", "ClientForm", {"given_name": "Anna"})
    with db.session() as s:
        discard_draft(s, "ClientForm")
    assert trail_length(db) == before


def test_a_draft_is_only_ever_in_the_encrypted_database(db, db_dir):
    with db.session() as s:
        keep_draft(s, "ClientForm", "ClientForm", {"notes": "Zanzibar Quokka"})
    for path in db_dir.iterdir():
        assert b"Zanzibar" not in path.read_bytes(), path.name
    with db.session() as s:
        assert draft_for(s, "ClientForm").values["notes"] == "Zanzibar Quokka"
