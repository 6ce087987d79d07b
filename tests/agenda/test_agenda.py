"""The stored due items are derived: recomputed from the rules whenever a record that feeds
them changes, for everyone when the protocol (or the rules) change, and never touched
when nothing changed."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from caseloads import PASSPHRASE
from sqlalchemy import func, select, text

import caseworker.content.protocol as protocol_file
from caseworker import agenda
from caseworker.content import Protocol
from caseworker.diary import DueKind
from caseworker.people import clients
from caseworker.people.clients import client_form_values
from caseworker.screening import complete_parental
from caseworker.store import derived
from caseworker.store.database import open_database
from caseworker.store.models import DueItem, Screening, Setting, TrailEvent

SETTING = derived.setting_key("due_items")


def new_client(db, today, given="Ada") -> uuid.UUID:
    with db.session() as s:
        return clients.create_client(s, {"given_name": given, "family_name": "Lee"}, today).id


def parental(db, client_id, status: str, on: date) -> uuid.UUID:
    with db.session() as s:
        return complete_parental(s, client_id, {"parental_status": status}, on).id


def edit(db, client_id, today, **changes) -> None:
    with db.session() as s:
        values = client_form_values(s, clients.get_client(s, client_id))
        clients.update_client(s, client_id, {**values, **changes}, today)


def due(db, client_id) -> dict[DueKind, date]:
    with db.session() as s:
        return {d.kind: d.due_on for d in agenda.due_items(s, client_id)}


def events(db, entity: str | None = None) -> int:
    with db.session() as s:
        stmt = select(func.count()).select_from(TrailEvent)
        if entity:
            stmt = stmt.where(TrailEvent.entity == entity)
        return s.scalar(stmt)


def reopen(db, db_dir):
    db.close()
    return open_database(db_dir, PASSPHRASE)


# ---- a change to a record recomputes its client ----------------------------------------


def test_a_client_no_longer_a_parent_loses_the_precaf(db, today):
    ada = new_client(db, today)
    parental(db, ada, "all_live_with", today)
    assert due(db, ada) == {DueKind.PRECAF: date(2026, 12, 21), DueKind.RESCREEN: date(2027, 2, 22)}
    edit(db, ada, today + timedelta(days=3), parental_status="not_a_parent")
    assert due(db, ada) == {DueKind.RESCREEN: date(2027, 2, 22)}
    with db.session() as s:
        [gone] = s.scalars(
            select(TrailEvent).where(TrailEvent.entity == "dueitem", TrailEvent.action == "delete")
        )
    assert gone.client_id == ada  # the removal is on the trail, in the edit's transaction


def test_a_negative_parental_screen_ends_the_precaf(db, today):
    ada = new_client(db, today)
    parental(db, ada, "some_live_with", today)
    later = today + timedelta(days=10)
    parental(db, ada, "none_live_with", later)
    assert due(db, ada) == {DueKind.RESCREEN: later + timedelta(days=91)}


def test_an_exit_top_ends_the_top_review(db, today):
    ada = new_client(db, today)

    def top(occasion: str, on: date) -> Screening:
        return Screening(
            client_id=ada,
            instrument="top",
            occasion=occasion,
            status="complete",
            answers={},
            started_on=on,
            completed_on=on,
        )

    with db.session() as s:
        s.add(top("start", today))
    assert due(db, ada) == {DueKind.TOP_REVIEW: date(2027, 5, 23)}  # 6 months from 23/11/2026
    with db.session() as s:
        s.add(top("exit", today + timedelta(days=100)))
    assert due(db, ada) == {}


def test_closing_a_case_clears_its_items_and_reopening_brings_them_back(db, today):
    ada = new_client(db, today)
    parental(db, ada, "all_live_with", today)
    before = due(db, ada)
    edit(db, ada, today, status="closed")
    assert due(db, ada) == {}
    edit(db, ada, today + timedelta(days=40), status="active")
    assert due(db, ada) == before  # from the records, not from a memory of the old rows


def test_a_refused_change_leaves_the_items_as_they_were(db, today):
    ada = new_client(db, today)
    parental(db, ada, "all_live_with", today)
    before = due(db, ada)
    with pytest.raises(RuntimeError), db.session() as s:
        clients.get_client(s, ada).parental_status = "not_a_parent"
        s.flush()
        raise RuntimeError("the save failed half-way")
    assert due(db, ada) == before


# ---- nothing changed, nothing written ---------------------------------------------------


def test_an_unchanged_recompute_writes_nothing(db, today):
    ada = new_client(db, today)
    parental(db, ada, "all_live_with", today)
    before = events(db)
    with db.session() as s:
        agenda.refresh(s, [ada])
    assert events(db) == before
    # An edit that feeds no rule's answer recomputes the client, and writes only itself.
    edit(db, ada, today, phone="01632 960000")
    assert events(db) == before + 1
    assert events(db, "dueitem") == 2  # the two created by the screen, never touched since


def test_reopening_with_the_same_protocol_recomputes_nothing(db, db_dir, today):
    ada = new_client(db, today)
    parental(db, ada, "all_live_with", today)
    with db.engine.begin() as conn:  # a stored row out of step: only a recompute mends it
        conn.execute(text("UPDATE dueitem SET due_on = '2030-01-01' WHERE kind = 'rescreen'"))
    before = events(db, "dueitem")  # (closing adds the anchor's event, not a due item's)
    db = reopen(db, db_dir)
    try:
        assert due(db, ada)[DueKind.RESCREEN] == date(2030, 1, 1)
        assert events(db, "dueitem") == before
    finally:
        db.close()


# ---- the protocol and the rules -------------------------------------------------------


def test_a_changed_protocol_moves_every_rescreen_on_the_next_open(db, db_dir, today, monkeypatch):
    ada, bob = new_client(db, today), new_client(db, today, "Bob")
    parental(db, ada, "not_a_parent", today)
    parental(db, bob, "all_live_with", today - timedelta(days=10))
    assert due(db, ada) == {DueKind.RESCREEN: today + timedelta(days=91)}
    db.close()

    monkeypatch.setattr(
        protocol_file, "load_protocol", lambda: Protocol().with_rules(rescreen="30 days")
    )
    db = open_database(db_dir, PASSPHRASE)
    try:
        assert due(db, ada) == {DueKind.RESCREEN: today + timedelta(days=30)}
        assert due(db, bob) == {
            DueKind.RESCREEN: today + timedelta(days=20),
            DueKind.PRECAF: today + timedelta(days=18),  # precaf_due unchanged
        }
        with db.session() as s:
            assert s.get(Setting, SETTING).value == agenda.fingerprint()
            reasons = [d.reason for d in agenda.due_items(s, ada)]
        assert reasons == ["30 days after the parental screen of 23/11/2026"]
        moved = events(db, "dueitem")
        db = reopen(db, db_dir)  # the same protocol again: nothing more to do
        assert events(db, "dueitem") == moved
    finally:
        db.close()


def test_a_new_rules_version_recomputes_everyone(db, db_dir, today, monkeypatch):
    ada = new_client(db, today)
    parental(db, ada, "not_a_parent", today)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE dueitem SET due_on = '2030-01-01'"))
    db.close()
    monkeypatch.setattr("caseworker.agenda.table.RULES_VERSION", agenda.RULES_VERSION + 1)
    db = open_database(db_dir, PASSPHRASE)
    try:
        assert due(db, ada) == {DueKind.RESCREEN: date(2027, 2, 22)}
    finally:
        db.close()


def test_records_written_without_the_agenda_are_caught_up_on_the_next_open(
    db, db_dir, today, monkeypatch
):
    ada = new_client(db, today)
    with monkeypatch.context() as m:
        m.setattr(derived, "_registry", {})  # a script that never imported caseworker.agenda
        parental(db, ada, "all_live_with", today)
        assert due(db, ada) == {}  # it could not derive them...
        with db.session() as s:
            assert s.get(Setting, SETTING) is None  # ...so it forgot the fingerprint
    db = reopen(db, db_dir)
    try:
        assert set(due(db, ada)) == {DueKind.PRECAF, DueKind.RESCREEN}
    finally:
        db.close()


def test_the_table_is_what_the_rules_say(db, today):
    """Whatever path wrote them, the stored rows equal the rules applied to the records."""
    ada = new_client(db, today)
    parental(db, ada, "all_live_with", today)
    parental(db, ada, "all_live_with", today + timedelta(days=20))
    with db.session() as s:
        client = clients.get_client(s, ada)
        screens = list(s.scalars(select(Screening).where(Screening.client_id == ada)))
        expected = agenda.dues_for(client, [], screens, protocol_file.load_protocol())
        stored = agenda.due_items(s, ada)
        rows = list(s.scalars(select(DueItem).where(DueItem.client_id == ada)))
    assert stored == expected
    assert all(r.reason and r.source_id for r in rows)


def test_opened_before_the_agenda_was_imported_the_first_session_catches_up(
    db, db_dir, today, monkeypatch
):
    """The app may open the caseload before anything imported caseworker.agenda."""
    ada = new_client(db, today)
    parental(db, ada, "not_a_parent", today)
    db.close()
    monkeypatch.setattr(
        protocol_file, "load_protocol", lambda: Protocol().with_rules(rescreen="7 days")
    )
    with monkeypatch.context() as m:
        m.setattr(derived, "_registry", {})
        db = open_database(db_dir, PASSPHRASE)  # nothing registered yet: nothing checked
    try:
        # Registered again (as importing the agenda does): the next session recomputes.
        assert due(db, ada) == {DueKind.RESCREEN: today + timedelta(days=7)}
    finally:
        db.close()


def test_a_local_protocol_file_moves_every_rescreen_on_the_next_open(db, db_dir, today):
    """The service's own protocol.toml (in the config folder), read by a new process as a
    worker would start the app the next morning: every open re-screen date moves."""
    import os
    import subprocess
    import sys

    from caseworker.core.paths import config_dir

    ada, bob = new_client(db, today), new_client(db, today, "Bob")
    parental(db, ada, "not_a_parent", today)
    parental(db, bob, "none_live_with", today - timedelta(days=10))
    db.close()
    (config_dir() / "protocol.toml").write_text("rescreen_interval_days = 30\n", "utf-8")
    code = (
        "import sys, uuid\n"
        "from pathlib import Path\n"
        "from caseworker import agenda\n"
        "from caseworker.store import open_database\n"
        "db = open_database(Path(sys.argv[1]), sys.argv[2])\n"
        "with db.session() as s:\n"
        "    for cid in sys.argv[3:]:\n"
        "        dues = agenda.due_items(s, uuid.UUID(cid))\n"
        "        print([(d.kind.value, d.due_on.isoformat()) for d in dues])\n"
        "db.close()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(db_dir), PASSPHRASE, str(ada), str(bob)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        str([("rescreen", (today + timedelta(days=30)).isoformat())]),
        str([("rescreen", (today + timedelta(days=20)).isoformat())]),
    ]


def test_the_fingerprint_changes_when_any_rule_or_the_contract_changes(monkeypatch):
    """Stored due items are recomputed when the protocol's fingerprint changes: every rule
    and the session contract must be part of it."""
    from caseworker.content import RULES, SessionContract

    def fingerprint_of(p: Protocol) -> str:
        monkeypatch.setattr(protocol_file, "load_protocol", lambda: p)
        return agenda.fingerprint()

    base = Protocol()
    prints = {fingerprint_of(base)}
    for rule_id, spec in RULES.items():
        longer = "49 hours" if spec.default.due.is_clock else "11 days"
        prints.add(fingerprint_of(base.with_rules(**{rule_id: longer})))
    prints.add(fingerprint_of(base.with_rules(family_plan_review="6 weeks")))  # no overdue
    prints.add(fingerprint_of(Protocol(session_contract=SessionContract(block=5))))
    prints.add(fingerprint_of(Protocol(audit_c_cutoff=4)))
    assert len(prints) == 1 + len(RULES) + 3
    assert fingerprint_of(Protocol()) == fingerprint_of(base)  # and stable
