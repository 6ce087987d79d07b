"""People on one caseload, and who is at the keyboard: one key-file slot each on the local
file, one database login each on a server (the tests not marked ``sqlcipher`` run on both;
``open_as`` opens as a person the way each database tells people apart)."""

from __future__ import annotations

import json

import pytest
from caseloads import PASSPHRASE, new_caseload, open_as
from sqlmodel import col, select

from caseworker.core.errors import (
    AlreadyExists,
    KeyFileDamaged,
    NotAllowed,
    SetupError,
    WrongPassphrase,
)
from caseworker.core.paths import KEY_FILENAME, database_url
from caseworker.people import clients
from caseworker.store import keyfile, persons
from caseworker.store.database import open_database
from caseworker.store.keyfile import KdfParams
from caseworker.store.models import Client, Setting, TrailEvent, Worker

FAST = KdfParams.fast_for_tests()
SUPERVISOR_PASS = "supervisor's own passphrase"
WORKER_PASS = "second worker's passphrase"


@pytest.fixture
def caseload(db_dir):
    """Sam Worker (the first owner, PASSPHRASE), Kim Supervisor and Lee Worker."""
    db = new_caseload(db_dir)
    try:
        ids = {
            "sam": db.worker_id,
            "kim": persons.add_person(
                db, "Kim Supervisor", "supervisor", SUPERVISOR_PASS, kdf=FAST
            ),
            "lee": persons.add_person(db, "Lee Worker", "worker", WORKER_PASS, kdf=FAST),
        }
    finally:
        db.close()
    return db_dir, ids


def _slots(data_dir) -> list[dict]:
    return keyfile.read(data_dir / KEY_FILENAME)["slots"]


def _openers(db) -> set:
    """Who can open the caseload: a slot each (the file), a login each (a server)."""
    return {p.id for p in persons.list_people(db) if p.has_slot}


def _owner(data_dir):
    """Sam (the first owner): on a server through the owner login, Sam's passphrase."""
    return open_as(data_dir, PASSPHRASE)


def test_two_people_open_the_same_caseload_each_as_themselves(caseload):
    data_dir, ids = caseload
    for passphrase, who in ((PASSPHRASE, "sam"), (SUPERVISOR_PASS, "kim"), (WORKER_PASS, "lee")):
        db = open_as(data_dir, passphrase, ids[who])
        try:
            assert db.worker_id == ids[who]
            assert _openers(db) == set(ids.values())
        finally:
            db.close()
    if database_url():  # on a server: someone's own login, someone else's passphrase
        with pytest.raises(WrongPassphrase):
            open_as(data_dir, SUPERVISOR_PASS, ids["lee"])


def test_the_trail_and_created_by_record_who_unlocked(caseload, today):
    data_dir, ids = caseload
    db = open_as(data_dir, WORKER_PASS, ids["lee"])
    try:
        with db.session() as s:
            client = clients.create_client(s, {"given_name": "Ada", "family_name": "Ng"}, today)
        with db.session() as s:
            row = s.get(Client, client.id)
            assert row is not None and row.created_by == ids["lee"]
            event = s.scalars(select(TrailEvent).where(TrailEvent.entity_id == str(client.id))
                              ).first()  # fmt: skip
            assert event is not None and event.worker_id == ids["lee"]
            owner = s.get(Setting, "current_worker_id")
            assert owner is not None and owner.value == str(ids["sam"])  # stays the first owner
    finally:
        db.close()


def test_identify_names_whose_passphrase_it_is(caseload):
    data_dir, ids = caseload
    db = _owner(data_dir)
    try:
        assert persons.identify(db, SUPERVISOR_PASS) == ids["kim"]
        assert persons.identify(db, WORKER_PASS) == ids["lee"]
        assert persons.identify(db, PASSPHRASE) == ids["sam"]
        with pytest.raises(WrongPassphrase):
            persons.identify(db, "nobody's passphrase")
    finally:
        db.close()


def test_require_role_refuses_a_worker_in_plain_words(caseload):
    data_dir, ids = caseload
    db = _owner(data_dir)
    try:
        with db.session() as s:
            assert persons.require_role(s, ids["kim"], "supervisor").name == "Kim Supervisor"
            with pytest.raises(NotAllowed, match="Only a supervisor can sign off: Lee Worker"):
                persons.require_role(s, ids["lee"], "supervisor", "sign off")
    finally:
        db.close()


def test_list_people_shows_roles_and_who_can_open_it(caseload):
    data_dir, ids = caseload
    db = open_as(data_dir, SUPERVISOR_PASS)
    try:
        assert db.worker_id == ids["kim"]
        people = persons.list_people(db)
        assert [(p.name, p.role, p.has_slot) for p in people] == [
            ("Kim Supervisor", "supervisor", True),
            ("Lee Worker", "worker", True),
            ("Sam Worker", "worker", True),
        ]
        persons.remove_person(db, ids["lee"], SUPERVISOR_PASS)
        lee = next(p for p in persons.list_people(db) if p.id == ids["lee"])
        assert not lee.has_slot  # the row stays: the records still name them
    finally:
        db.close()
    with pytest.raises(WrongPassphrase):
        open_as(data_dir, WORKER_PASS, ids["lee"])


def test_adding_checks_name_role_passphrase_and_duplicates(caseload):
    data_dir, ids = caseload
    db = _owner(data_dir)
    try:
        with pytest.raises(AlreadyExists):
            persons.add_person(db, "kim supervisor", "worker", "a fine passphrase", kdf=FAST)
        with pytest.raises(SetupError, match="Role"):
            persons.add_person(db, "Mo", "manager", "a fine passphrase", kdf=FAST)
        with pytest.raises(SetupError, match="at least 8"):
            persons.add_person(db, "Mo", "worker", "short", kdf=FAST)
        with pytest.raises(SetupError, match="required"):
            persons.add_person(db, "  ", "worker", "a fine passphrase", kdf=FAST)
        with pytest.raises(SetupError, match="already in use"):  # could not be told apart
            persons.add_person(db, "Mo", "worker", WORKER_PASS, kdf=FAST)
        # A worker cannot make a supervisor once the caseload has one.
        with pytest.raises(NotAllowed, match="Only a supervisor can add a supervisor"):
            persons.add_person(db, "Mo", "supervisor", "a fine passphrase", kdf=FAST)
        with db.session() as s:
            assert s.scalars(select(Worker).where(col(Worker.name) == "Mo")).first() is None
        assert _openers(db) == set(ids.values())
    finally:
        db.close()


def test_removing_needs_the_removers_passphrase(caseload):
    data_dir, ids = caseload
    db = _owner(data_dir)
    try:
        with pytest.raises(WrongPassphrase):
            persons.remove_person(db, ids["lee"], "not anyone's")
        # A worker may remove only themselves, whoever is at the keyboard.
        with pytest.raises(NotAllowed, match="Only a supervisor can remove someone else"):
            persons.remove_person(db, ids["sam"], WORKER_PASS)
        assert _openers(db) == set(ids.values())
        persons.remove_person(db, ids["lee"], WORKER_PASS)  # Lee leaves, with Lee's own
        with db.session() as s:
            event = s.scalars(select(TrailEvent).order_by(col(TrailEvent.seq).desc())).first()
            assert event is not None and event.action == "person_remove"
            assert event.worker_id == ids["lee"]  # the remover, not who unlocked
        assert _openers(db) == {ids["sam"], ids["kim"]}
    finally:
        db.close()


def test_the_last_person_cannot_be_removed(db):
    with pytest.raises(NotAllowed, match="last person"):
        persons.remove_person(db, db.worker_id, PASSPHRASE)
    assert _openers(db) == {db.worker_id}


@pytest.mark.sqlcipher
def test_change_passphrase_rewraps_only_that_persons_slot(caseload):
    data_dir, ids = caseload
    before = {s["person"]: s for s in _slots(data_dir)}
    assert keyfile.change_passphrase(data_dir, WORKER_PASS, "lee's new passphrase",
                                     kdf=FAST) == ids["lee"]  # fmt: skip
    after = {s["person"]: s for s in _slots(data_dir)}
    assert after[str(ids["sam"])] == before[str(ids["sam"])]
    assert after[str(ids["kim"])] == before[str(ids["kim"])]
    assert after[str(ids["lee"])]["salt"] != before[str(ids["lee"])]["salt"]
    with pytest.raises(SetupError, match="already in use"):
        keyfile.change_passphrase(data_dir, "lee's new passphrase", SUPERVISOR_PASS, kdf=FAST)
    db = open_database(data_dir, "lee's new passphrase")
    try:
        assert db.worker_id == ids["lee"]
    finally:
        db.close()


@pytest.mark.sqlcipher
def test_a_file_of_before_slots_opens_as_the_first_owner_and_gets_its_slot(db_dir):
    db = new_caseload(db_dir)
    owner, data_key = db.worker_id, db.data_key
    db.close()
    assert data_key is not None
    path = db_dir / KEY_FILENAME
    keyfile.write_atomic(path, keyfile.wrap(data_key, PASSPHRASE, FAST))  # as version 2 wrote
    assert keyfile.unlock(path, PASSPHRASE).person_id is None
    db = open_database(db_dir, PASSPHRASE)
    try:
        assert db.worker_id == owner
    finally:
        db.close()
    doc = keyfile.read(path)
    assert doc["version"] == 3 and [s["person"] for s in doc["slots"]] == [str(owner)]
    assert keyfile.unlock(path, PASSPHRASE).person_id == owner
    with pytest.raises(WrongPassphrase):
        keyfile.unlock(path, "not the one")


@pytest.mark.sqlcipher
def test_a_damaged_slot_is_named_as_damage_not_a_wrong_passphrase(caseload):
    data_dir, _ = caseload
    path = data_dir / KEY_FILENAME
    doc = keyfile.read(path)
    doc["slots"][1]["salt"] = "AAAA"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(KeyFileDamaged, match="checksum"):
        keyfile.unlock(path, PASSPHRASE)
    doc["check"] = keyfile.checksum(doc)  # the checksum made to match: still caught
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(KeyFileDamaged, match="wrong length"):
        keyfile.unlock(path, PASSPHRASE)
    doc["slots"][1]["person"] = doc["slots"][0]["person"]
    doc["check"] = keyfile.checksum(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(KeyFileDamaged, match="two slots"):
        keyfile.unlock(path, PASSPHRASE)


@pytest.mark.sqlcipher
def test_a_backup_keeps_everyones_slots(caseload, tmp_path):
    from caseworker.store.backup import backup_to

    data_dir, ids = caseload
    db = open_database(data_dir, PASSPHRASE)
    try:
        backup_to(db, tmp_path / "backup")
    finally:
        db.close()
    copy = open_database(tmp_path / "backup", SUPERVISOR_PASS)
    try:
        assert copy.worker_id == ids["kim"]
    finally:
        copy.close()


def test_a_supervisor_adds_a_supervisor(caseload):
    data_dir, ids = caseload
    # On a server through the owner login (only it makes logins): Kim's passphrase says
    # that Kim is at the keyboard.
    db = open_as(data_dir, SUPERVISOR_PASS)
    try:
        assert db.worker_id == ids["kim"]
        new = persons.add_person(db, "Ola Senior", "supervisor", "ola's passphrase", kdf=FAST)
        assert persons.identify(db, "ola's passphrase") == new
    finally:
        db.close()


def test_once_there_was_a_supervisor_a_worker_cannot_make_one(caseload):
    """Kim, the supervisor, removes herself: the caseload had a supervisor, so a worker
    still may not add one (a "supervisor" of their own would sign their supervision)."""
    data_dir, ids = caseload
    db = _owner(data_dir)
    try:
        persons.remove_person(db, ids["kim"], SUPERVISOR_PASS)
    finally:
        db.close()
    db = _owner(data_dir)
    try:
        with pytest.raises(NotAllowed, match="Only a supervisor"):
            persons.add_person(db, "My Friend", "supervisor", "friend's passphrase", kdf=FAST)
    finally:
        db.close()


@pytest.mark.sqlcipher
def test_an_addition_that_fails_after_the_slot_leaves_no_slot_behind(caseload, monkeypatch):
    data_dir, _ = caseload
    real_add = keyfile.add_slot

    def add_then_fail(*args, **kwargs):
        real_add(*args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyfile, "add_slot", add_then_fail)
    db = open_database(data_dir, PASSPHRASE)
    try:
        with pytest.raises(OSError):
            persons.add_person(db, "Mo Worker", "worker", "mo's passphrase", kdf=FAST)
        assert "Mo Worker" not in [p.name for p in persons.list_people(db)]
    finally:
        db.close()
    assert len(_slots(data_dir)) == 3
    with pytest.raises(WrongPassphrase):
        open_database(data_dir, "mo's passphrase")


@pytest.mark.sqlcipher
def test_a_removal_that_fails_after_the_slot_went_puts_it_back(caseload, monkeypatch):
    data_dir, ids = caseload
    real_remove = keyfile.remove_slot

    def remove_then_fail(*args, **kwargs):
        real_remove(*args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyfile, "remove_slot", remove_then_fail)
    db = open_database(data_dir, SUPERVISOR_PASS)
    try:
        with pytest.raises(OSError):
            persons.remove_person(db, ids["lee"], SUPERVISOR_PASS)
    finally:
        db.close()
    db = open_database(data_dir, WORKER_PASS)  # Lee can still open it
    try:
        assert db.worker_id == ids["lee"]
    finally:
        db.close()
