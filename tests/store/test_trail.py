"""The audit trail: one event per change, in the same transaction, hash-chained."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from caseloads import PASSPHRASE
from sqlalchemy import func, select, text

from caseworker.cli import commands as cli
from caseworker.core.errors import StorageError
from caseworker.people import clients, family, network
from caseworker.people.timeline import timeline_for
from caseworker.store.models import Client, ClientAlias, TrailEvent, Worker
from caseworker.store.trail import (
    CHAIN_COLUMNS,
    append_event,
    event_digest,
    row_digest,
    verify_chain,
)


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(TrailEvent))


def _events(db, after_seq: int = 0) -> list[TrailEvent]:
    with db.session() as s:
        stmt = select(TrailEvent).where(TrailEvent.seq > after_seq).order_by(TrailEvent.seq)
        return list(s.scalars(stmt))


def _last_seq(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.max(TrailEvent.seq))) or 0


def _new_client(db, today, **extra):
    raw = {"given_name": "Ada", "family_name": "Lovelace", **extra}
    with db.session() as s:
        return clients.create_client(s, raw, today)


def _verify(db):
    with db.session() as s:
        return verify_chain(s)


def test_initialise_leaves_a_valid_chain(db):
    report = _verify(db)
    assert report.ok and report.events >= 1
    first = _events(db)[0]
    assert (first.action, first.entity) == ("create", "worker")
    assert first.prev_hash == "0" * 64


def test_create_is_audited_with_the_record(db, today):
    seq = _last_seq(db)
    client = _new_client(db, today, aliases="Ada King, Countess", phone="0123")
    new = _events(db, seq)
    assert [(e.action, e.entity) for e in new] == [
        ("create", "client"),
        ("create", "clientalias"),
        ("create", "clientalias"),
    ]
    assert all(e.client_id == client.id for e in new)
    assert all(e.worker_id == db.worker_id for e in new)
    assert new[0].entity_id == str(client.id)
    assert new[0].changes["family_name"] == "Lovelace"
    assert new[0].changes["phone"] == "0123"
    assert _verify(db).ok


def test_update_is_audited_with_what_changed(db, today):
    client = _new_client(db, today)
    seq = _last_seq(db)
    with db.session() as s:
        clients.update_client(
            s, client.id, {"given_name": "Ada", "family_name": "Lovelace", "phone": "0777"}, today
        )
    new = _events(db, seq)
    assert [(e.action, e.entity) for e in new] == [("update", "client")]
    assert new[0].changes == {"phone": {"from": "", "to": "0777"}}
    assert _verify(db).ok


def test_saving_unchanged_form_adds_no_event(db, today):
    client = _new_client(db, today, aliases="Ada King")
    seq = _last_seq(db)
    with db.session() as s:
        clients.update_client(
            s,
            client.id,
            {"given_name": "Ada", "family_name": "Lovelace", "aliases": "Ada King"},
            today,
        )
    assert _events(db, seq) == []


def test_removing_an_alias_is_audited(db, today):
    client = _new_client(db, today, aliases="Ada King, Countess")
    seq = _last_seq(db)
    with db.session() as s:
        clients.update_client(
            s,
            client.id,
            {"given_name": "Ada", "family_name": "Lovelace", "aliases": "Ada King"},
            today,
        )
    new = _events(db, seq)
    deleted = [e for e in new if e.action == "delete" and e.entity == "clientalias"]
    assert len(deleted) >= 1, [(e.action, e.entity) for e in new]
    assert all(e.client_id == client.id for e in new)
    with db.session() as s:
        assert clients.aliases_of(s, client.id) == ["Ada King"]
    assert _verify(db).ok


def test_every_kind_of_record_is_audited(db, today):
    client = _new_client(db, today)
    seq = _last_seq(db)
    with db.session() as s:
        family.add_child(
            s,
            client.id,
            {"client_role": "mother", "given_name": "Byron", "date_of_birth": "10/12/2015"},
            today,
        )
        family.add_household_member(s, client.id, {"name": "William"}, today)
        contact = network.add_contact(s, client.id, {"agency": "School"}, today)
        network.record_consent(
            s,
            client.id,
            {"state": "given", "recipient": "School", "decided_on": "01/11/2026"},
            today,
        )
    with db.session() as s:
        network.replace_contact(s, contact.id, {"agency": "School", "contact_name": "New"}, today)
    new = _events(db, seq)
    assert sorted((e.action, e.entity) for e in new) == sorted(
        [
            ("create", "child"),
            ("create", "householdmember"),
            ("create", "networkcontact"),
            ("create", "consent"),
            ("update", "networkcontact"),
            ("create", "networkcontact"),
        ]
    )
    assert all(e.client_id == client.id for e in new)
    assert _verify(db).ok
    with db.session() as s:
        texts = [t.text for t in timeline_for(s, client.id)]
    assert "Added child: Byron" in texts
    assert any(t.startswith("Changed professional contact: ended on") for t in texts)


def test_failed_transaction_leaves_no_event(db, today):
    before = _count(db)
    with pytest.raises(RuntimeError), db.session() as s:
        clients.create_client(s, {"given_name": "Gone", "family_name": "Again"}, today)
        s.flush()  # the audit hook has run and its event is in the transaction
        assert s.scalar(select(func.count()).select_from(TrailEvent)) > before
        raise RuntimeError("the worker's laptop died here")
    assert _count(db) == before
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == 0


def test_failed_flush_leaves_no_event_and_the_chain_continues(db, today):
    before = _count(db)
    # The database's refusal reaches the caller as a plain StorageError (no values in it).
    with pytest.raises(StorageError) as exc, db.session() as s:
        clients.create_client(s, {"given_name": "Real", "family_name": "Client"}, today)
        s.add(ClientAlias(client_id=uuid.uuid4(), alias="orphan"))  # foreign key fails
    assert "orphan" not in str(exc.value) and "Real" not in str(exc.value)
    assert _count(db) == before
    _new_client(db, today)
    report = _verify(db)
    assert report.ok
    assert report.events == before + 1
    assert [e.seq for e in _events(db)] == list(range(1, before + 2))


def test_chain_spans_many_sessions_and_reopen(db, db_dir, today):
    from caseworker.store.database import open_database

    for i in range(5):
        with db.session() as s:
            clients.create_client(s, {"given_name": f"G{i}", "family_name": f"F{i}"}, today)
    db.close()
    again = open_database(db_dir, PASSPHRASE)
    try:
        _new_client(again, today)
        report = _verify(again)
        # The worker, five clients, one more client; and on the local file the first
        # close's anchor event (a server keeps no anchor: nothing to announce).
        anchors = 1 if again.encrypted else 0
        assert report.ok and report.events == 7 + anchors
    finally:
        again.close()


def test_append_event_for_non_record_actions(db):
    seq = _last_seq(db)
    with db.session() as s:
        append_event(s, "export", "database", summary="Whole database exported (JSON)")
    (ev,) = _events(db, seq)
    assert (ev.action, ev.summary, ev.worker_id) == (
        "export",
        "Whole database exported (JSON)",
        db.worker_id,
    )
    assert _verify(db).ok


def test_created_by_and_updated_by_are_stamped(db, today):
    first_worker = db.worker_id
    client = _new_client(db, today)
    with db.session() as s:
        stored = s.get(Client, client.id)
        assert stored.created_by == first_worker and stored.updated_by == first_worker
        created_at = stored.updated_at
        second = Worker(name="Second Worker")
        s.add(second)
    db.worker_id = second.id
    with db.session() as s:
        clients.update_client(
            s, client.id, {"given_name": "Ada", "family_name": "Lovelace", "area": "North"}, today
        )
    with db.session() as s:
        stored = s.get(Client, client.id)
        assert stored.created_by == first_worker
        assert stored.updated_by == second.id
        assert stored.updated_at > created_at
    assert _events(db)[-1].worker_id == second.id


# ---- tampering ------------------------------------------------------------------------


def _tamper(db, sql: str, **params) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


@pytest.fixture
def busy_db(db, today):
    for i in range(3):
        with db.session() as s:
            clients.create_client(s, {"given_name": f"G{i}", "family_name": f"F{i}"}, today)
    assert _verify(db).ok
    return db


def test_edited_summary_breaks_the_chain(busy_db):
    _tamper(busy_db, "UPDATE trail_event SET summary = 'nothing to see' WHERE seq = 3")
    report = _verify(busy_db)
    assert not report.ok
    assert report.first_bad_seq == 3
    assert "event 3" in report.problem


def test_edited_changes_break_the_chain(busy_db):
    _tamper(
        busy_db,
        "UPDATE trail_event SET changes = :c WHERE seq = 2",
        c='{"given_name": "Someone Else"}',
    )
    report = _verify(busy_db)
    assert (report.ok, report.first_bad_seq) == (False, 2)


def test_rehashed_row_still_breaks_the_link_to_the_next(busy_db):
    with busy_db.session() as s:
        ev = s.get(TrailEvent, 2)
        ev.summary = "forged"
        ev.hash = event_digest(ev.prev_hash, ev)
    report = _verify(busy_db)
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert "does not follow" in report.problem


def test_relinking_the_next_row_does_not_hide_an_edit(busy_db):
    # Each hash covers the previous hash, so a forger must rewrite every later row.
    with busy_db.session() as s:
        ev = s.get(TrailEvent, 2)
        ev.summary = "forged"
        ev.hash = event_digest(ev.prev_hash, ev)
        s.get(TrailEvent, 3).prev_hash = ev.hash
    report = _verify(busy_db)
    assert (report.ok, report.first_bad_seq) == (False, 3)
    assert "altered" in report.problem


def test_deleted_row_breaks_the_chain(busy_db):
    _tamper(busy_db, "DELETE FROM trail_event WHERE seq = 2")
    report = _verify(busy_db)
    assert not report.ok
    assert "event 2 is missing" in report.problem


def test_check_command_reports_the_altered_event(busy_db, db_dir, monkeypatch, capsys):
    _tamper(busy_db, "UPDATE trail_event SET summary = 'nothing to see' WHERE seq = 3")
    busy_db.close()
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    code = cli.main(["--data-dir", str(db_dir), "check"])
    out = capsys.readouterr().out
    assert code != 0
    assert "Trail: FAILED at event 3" in out
    assert "altered" in out


def test_audit_hook_is_active_without_importing_the_audit_module(tmp_path):
    """A caller that only uses storage/firstrun/clients must still get audit events."""
    import subprocess
    import sys
    from pathlib import Path

    code = f"""
import sys
from datetime import date
from pathlib import Path
from caseworker.store.setup import SetupAnswers, initialise
from caseworker.store.keyfile import KdfParams
from caseworker.people import clients
from caseworker.store.models import TrailEvent
from sqlalchemy import func, select
db = initialise(Path({str(tmp_path / "cw")!r}),
                SetupAnswers("W", "worker", "S", "a long passphrase"),
                kdf=KdfParams.fast_for_tests())
with db.session() as s:
    clients.create_client(s, {{"given_name": "A", "family_name": "B"}}, date(2026, 11, 23))
with db.session() as s:
    print(s.scalar(select(func.count()).select_from(TrailEvent)
                   .where(TrailEvent.entity == "client")))
db.close()
"""
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) == 1  # the client, recorded by the hook alone


@pytest.mark.sqlcipher
def test_rows_with_the_same_content_in_another_stored_form_still_verify(busy_db):
    # What the ORM reads as the same values hashes the same (the check reads raw rows).
    _tamper(busy_db, "UPDATE trail_event SET id = upper(id) WHERE seq = 2")
    _tamper(busy_db, "UPDATE trail_event SET at = replace(at, ' ', 'T') || '+00:00' WHERE seq = 3")
    with busy_db.session() as s:
        loaded = {ev.seq: ev for ev in s.scalars(select(TrailEvent))}
        assert all(event_digest(ev.prev_hash, ev) == ev.hash for ev in loaded.values())
    assert _verify(busy_db).ok


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("at", "2020-01-01 00:00:00.000000"),  # another time
        ("at", "yesterday"),  # no time at all: no crash, the event is named
        # SQLite's text forms: a server's uuid and json columns refuse these outright.
        pytest.param("id", "not-a-uuid", marks=pytest.mark.sqlcipher),
        ("worker_id", "0123456789abcdef0123456789abcdef"),
        ("client_id", None),
        pytest.param("changes", "{not json", marks=pytest.mark.sqlcipher),
        ("changes", "null"),
        ("entity_id", ""),
    ],
)
def test_any_altered_column_is_found_at_its_event(busy_db, column, value):
    _tamper(busy_db, f"UPDATE trail_event SET {column} = :v WHERE seq = 3", v=value)
    report = _verify(busy_db)
    assert (report.ok, report.first_bad_seq, report.events) == (False, 3, 3)
    assert "event 3 was altered" in report.problem


def test_verify_chain_reports_progress(busy_db):
    calls: list[tuple[int, int]] = []
    with busy_db.session() as s:
        report = verify_chain(s, lambda done, total: calls.append((done, total)), every=2)
    n = report.events
    assert report.ok and n == _count(busy_db) >= 4
    assert calls == [(done, n) for done in range(2, n + 1, 2)] + [(n, n)]


def test_verify_chain_takes_a_connection(busy_db):
    with busy_db.engine.connect() as conn:
        report = verify_chain(conn)
    assert report.ok and report.events == _count(busy_db)


# ---- the raw rows hash as the ORM objects do -------------------------------------------


@pytest.fixture
def varied_db(db, today):
    """A trail with every shape of event: creates, updates (from/to, to and from zero,
    false, empty and None), deletes, events with no client, unicode, a whole second."""
    with db.session() as s:
        client = clients.create_client(
            s,
            {
                "given_name": "Zoë",
                "family_name": "Ñúñez-O'Brien 李",
                "aliases": "Zoe Nunez, 🦊",
                "pregnant": True,
                "date_of_birth": "01/02/1990",
            },
            today,
        )
    with db.session() as s:
        clients.update_client(
            s,
            client.id,
            {"given_name": "Zoë", "family_name": "Núñez", "aliases": "🦊", "phone": "0 7"},
            today,
        )
        family.add_child(
            s,
            client.id,
            {"client_role": "mother", "given_name": "Ünal", "date_of_birth": "10/12/2015"},
            today,
        )
    with db.session() as s:
        append_event(
            s,
            "export",
            "database",
            summary='Whole database exported — «JSON» \u2028 \\ "',
            changes={
                "zero": 0,
                "float_zero": 0.0,
                "false": False,
                "none": None,
                "empty": "",
                "list": [0, None, "", {"b": 1, "a": [False]}],
                "nested": {"z": {"from": 0, "to": None}, "a": {"from": "", "to": "x"}},
                "when": date(2026, 1, 2),
                "big": 2**53 + 1,
                "ключ": "значение",
            },
        )
    with db.session() as s:
        # An event stamped on a whole second: isoformat() leaves the fraction out.
        ev = append_event(s, "backup", "database", summary="Encrypted backup made")
        ev.at = datetime(2026, 11, 23, 9, 30, 0, tzinfo=UTC)
        ev.hash = event_digest(ev.prev_hash, ev)
    with db.session() as s:
        session_worker = s.info.pop("worker_id", None)
        append_event(s, "passphrase", "keyfile", summary="no worker")  # worker_id None
        s.info["worker_id"] = session_worker
    return db


def _raw_rows(db) -> list[tuple]:
    with db.engine.connect() as conn:
        sql = f"SELECT {', '.join(CHAIN_COLUMNS)} FROM trail_event ORDER BY seq"
        return [tuple(row) for row in conn.exec_driver_sql(sql)]


@pytest.mark.sqlcipher
def test_raw_row_digest_equals_the_orm_digest(varied_db):
    events = _events(varied_db)
    rows = _raw_rows(varied_db)
    assert [ev.seq for ev in events] == [row[0] for row in rows]
    for ev, row in zip(events, rows, strict=True):
        assert event_digest(ev.prev_hash, ev) == ev.hash, ev.seq  # the ORM's own view
        assert row_digest(row[10], row) == ev.hash == row[11], ev.seq
    # The trail really has the variety the fixture promises.
    assert {ev.action for ev in events} >= {"create", "update", "delete", "export", "backup"}
    assert any(ev.client_id is None for ev in events)
    assert any(ev.worker_id is None for ev in events)
    assert any(ev.at.microsecond == 0 for ev in events)
    assert any(row[2].endswith(".000000") for row in rows)
    assert any(isinstance(v, dict) and "from" in v for ev in events for v in ev.changes.values())
    assert any("🦊" in json.dumps(ev.changes, ensure_ascii=False) for ev in events)
    assert _verify(varied_db).ok


def test_row_digest_takes_what_the_postgresql_driver_returns(varied_db):
    # psycopg returns UUID objects (psycopg2: their text), aware datetimes in the
    # session's time zone and parsed JSON: each must hash as the ORM's values do.
    plus_two = timezone(timedelta(hours=2))
    for ev in _events(varied_db):
        for as_uuid in (lambda u: u, lambda u: None if u is None else str(u)):
            row = (
                ev.seq,
                as_uuid(ev.id),
                ev.at.astimezone(plus_two),
                as_uuid(ev.worker_id),
                ev.action,
                ev.entity,
                ev.entity_id,
                as_uuid(ev.client_id),
                ev.summary,
                ev.changes,
            )
            assert row_digest(ev.prev_hash, row) == ev.hash, ev.seq
