"""Opening a record goes on the trail; the History folds openings one after another."""

from __future__ import annotations

import uuid

from caseworker.people import clients, record_opened, timeline_for
from caseworker.store.models import Worker
from caseworker.store.trail import verify_chain


def test_openings_are_chained_and_folded_per_worker_between_changes(db, today):
    with db.session() as s:
        client = clients.create_client(s, {"given_name": "Ann", "family_name": "Lee"}, today)
    for _ in range(3):
        with db.session() as s:
            record_opened(s, client.id)
    other = Worker(id=uuid.uuid4(), name="Pat Other")
    with db.session() as s:
        s.add(other)
    with db.session() as s:
        s.info["worker_id"] = other.id
        record_opened(s, client.id)
    with db.session() as s:
        clients.update_client(s, client.id, {"given_name": "Ann", "family_name": "Leigh"}, today)
        record_opened(s, client.id)
    with db.session() as s:
        entries = timeline_for(s, client.id)
        texts = [(e.worker, e.text) for e in entries]
        assert verify_chain(s).ok
    assert texts[0] == ("Sam Worker", "Opened the record")
    assert texts[1][0] == "Sam Worker" and texts[1][1].startswith("Changed client record")
    assert texts[2] == ("Pat Other", "Opened the record")
    assert texts[3][0] == "Sam Worker"
    assert texts[3][1].startswith("Opened the record (3 times since ")
    assert texts[4][1].startswith("Added client record")
