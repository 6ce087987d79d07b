"""`check` replays the trail: a change made around the app, with the key, is found and
named (table, record id, column), never shown; a missing anchor fails once one was kept."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload

from caseworker.cli import commands as cli
from caseworker.people import clients, family, network
from caseworker.screening import sessions
from caseworker.store.anchor import ANCHOR_FILENAME
from caseworker.store.database import open_database
from caseworker.store.export import write_export
from caseworker.store.replay import Replay
from caseworker.store.trail import verify_chain

SECRET = "Quuxington"  # a family name that must never reach check's output


@pytest.fixture
def caseload(tmp_path, monkeypatch) -> Path:
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    db = new_caseload(data_dir)
    with db.session() as s:
        ann = clients.create_client(
            s,
            {"given_name": "Zebedee", "family_name": SECRET, "aliases": "Zeb Marsh",
             "parental_status": "some_live_with", "substances": "alcohol"},
            TODAY,
        )  # fmt: skip
        child = {"client_role": "father", "given_name": "Kai", "date_of_birth": "01/02/2019"}
        family.add_child(s, ann.id, child, TODAY)
        network.add_contact(s, ann.id, {"agency": "Children's Social Care"}, TODAY)
    with db.session() as s:
        clients.update_client(
            s, ann.id, {"given_name": "Zebedee", "family_name": SECRET, "phone": "0123"}, TODAY
        )
    with db.session() as s:  # a screen answered and scored: a JSON column, changed
        sc = sessions.start(s, ann.id, "audit-c", TODAY)
        s.flush()
        for item in (1, 2, 3):
            sessions.record_answer(s, sc.id, item, 1)
        sessions.complete(s, sc.id, TODAY)
    with db.session() as s:  # and a draft left empty and discarded: a delete
        draft = sessions.start(s, ann.id, "fast", TODAY)
        s.flush()
        sessions.discard_if_empty(s, draft.id)
    db.close()
    return data_dir


def check(capsys) -> tuple[int, str]:
    code = cli.main(["check"])
    out, err = capsys.readouterr()
    assert SECRET not in out + err and "Zebedee" not in out + err
    return code, out


def raw_sql(data_dir: Path, sql: str, params: tuple = ()) -> None:
    """Someone with the key, around the app: the driver itself, no ORM, no hook."""
    from sqlcipher3 import dbapi2 as sqlcipher

    db = open_database(data_dir, PASSPHRASE)
    key = db.data_key
    db.engine.dispose()  # no anchor written: a tamperer does not close the app's way
    assert key is not None
    conn = sqlcipher.connect(str(data_dir / "caseworker.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def client_id(data_dir: Path) -> str:
    from sqlalchemy import text

    db = open_database(data_dir, PASSPHRASE)
    with db.engine.connect() as conn:
        value = conn.execute(text("SELECT id FROM client")).scalar_one()
    db.engine.dispose()
    # SQLite gives the id back as hex text; PostgreSQL as a UUID.
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


def test_a_clean_caseload_passes_and_prints_the_chain_head(caseload, capsys):
    code, out = check(capsys)
    assert code == 0, out
    assert "Replay: ok (the trail accounts for all" in out
    line = next(x for x in out.splitlines() if x.startswith("Trail: ok"))
    assert "head " in line and len(line.split("head ")[1].split()[0]) == 12


@pytest.mark.sqlcipher  # the file and its key, around the app (or its anchor file)
def test_a_direct_update_is_found_and_named(caseload, capsys):
    cid = client_id(caseload)
    raw_sql(caseload, "UPDATE client SET family_name = 'Other', pregnant = 1")
    code, out = check(capsys)
    assert code != 0
    assert "Replay: FAILED" in out
    assert f"client {cid}: changed outside the app: family_name, pregnant" in out


@pytest.mark.sqlcipher  # the file and its key, around the app (or its anchor file)
def test_a_direct_delete_is_found(caseload, capsys):
    raw_sql(caseload, "DELETE FROM networkcontact")
    code, out = check(capsys)
    assert code != 0
    assert "networkcontact " in out and "deleted outside the app" in out


@pytest.mark.sqlcipher  # the file and its key, around the app (or its anchor file)
def test_a_direct_insert_is_found(caseload, capsys):
    new_id = uuid.uuid4()
    raw_sql(
        caseload,
        "INSERT INTO clientalias (id, created_at, updated_at, client_id, alias) "
        "SELECT ?, created_at, updated_at, id, 'Planted' FROM client LIMIT 1",
        (new_id.hex,),
    )
    code, out = check(capsys)
    assert code != 0
    assert f"clientalias {new_id}: added outside the app" in out
    assert "Planted" not in out


@pytest.mark.sqlcipher  # the file and its key, around the app (or its anchor file)
def test_a_change_around_the_app_later_changed_in_the_app_is_still_found(caseload, capsys):
    cid = client_id(caseload)
    raw_sql(caseload, "UPDATE client SET phone = '999'")
    db = open_database(caseload, PASSPHRASE)
    with db.session() as s:  # the app then saves over it: its "from" is the planted value
        clients.update_client(
            s, uuid.UUID(cid), {"given_name": "Zebedee", "family_name": SECRET, "phone": "0456"},
            TODAY,
        )  # fmt: skip
    db.close()
    code, out = check(capsys)
    assert code != 0
    assert f"client {cid}: changed outside the app: phone" in out


def test_app_changes_of_every_kind_replay_clean(caseload):
    db = open_database(caseload, PASSPHRASE)
    try:
        cid = uuid.UUID(client_id(caseload))
        with db.session() as s:
            clients.update_client(
                s, cid, {"given_name": "Zeb", "family_name": SECRET, "aliases": ""}, TODAY
            )  # an alias removed: a delete
        replay = Replay()
        with db.snapshot() as conn:
            assert verify_chain(conn, replay=replay).ok
            report = replay.compare(conn)
        assert report.ok, report.differences
        assert report.records >= 5
    finally:
        db.close()


@pytest.mark.sqlcipher  # the file and its key, around the app (or its anchor file)
def test_a_deleted_anchor_fails_once_one_was_kept(caseload, capsys):
    assert (caseload / ANCHOR_FILENAME).exists()  # closing anchors the trail
    (caseload / ANCHOR_FILENAME).unlink()
    for _ in range(2):  # and opening and closing again does not make it go away
        code, out = check(capsys)
        assert code != 0
        assert f"the anchor file {ANCHOR_FILENAME} is missing" in out
        assert not (caseload / ANCHOR_FILENAME).exists()


@pytest.mark.sqlcipher  # the file and its key, around the app (or its anchor file)
def test_a_new_caseload_is_sealed_by_init_and_passes(tmp_path, monkeypatch, capsys):
    """init builds the caseload aside and closes it before putting it in place, so no
    caseload is ever without its anchor: one killed before its first close of its own
    still has init's, and check passes."""
    data_dir = tmp_path / "fresh"
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    db = new_caseload(data_dir)
    db.engine.dispose()  # killed before its first close
    assert (data_dir / ANCHOR_FILENAME).exists()
    code, out = check(capsys)
    assert code == 0, out


def test_every_export_carries_the_chain_head(caseload, capsys):
    import io

    db = open_database(caseload, PASSPHRASE)
    try:
        out = io.StringIO()
        write_export(db, out)
        with db.session() as s:
            report = verify_chain(s)
    finally:
        db.close()
    doc = json.loads(out.getvalue())
    head = doc["trail_head"]
    # The export's own event is the head it carries: what a witness writes down.
    assert head == {"event": report.events, "hash": report.head, "short": report.head[:12]}
    assert doc["tables"]["trail_event"][-1]["action"] == "export"
    # Nothing happened since: check prints the same head, at the same event.
    code, out_text = check(capsys)
    assert code == 0 and f"head {report.head[:12]} at event {report.events:,}" in out_text
