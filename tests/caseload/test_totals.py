"""The caseload's totals: counted once, kept while nobody has committed (the store's data
version), counted ahead for every filter; a server (no data version) keeps them a minute."""

from __future__ import annotations

from datetime import date

from caseloads import PASSPHRASE
from sqlalchemy import event

from caseworker.caseload import totals as kept
from caseworker.caseload.listing import FILTERS
from caseworker.caseload.page import count_clients
from caseworker.caseload.totals import Totals
from caseworker.core.paths import database_url
from caseworker.people import clients, family
from caseworker.store import open_database


def _add_parent(db, today, name: str) -> None:
    with db.session() as s:
        client = clients.create_client(s, {"given_name": name, "family_name": "Moss"}, today)
        family.add_child(
            s,
            client.id,
            {"client_role": "mother", "given_name": "Ivy", "date_of_birth": "01/02/2019"},
            today,
        )


def _counting(db) -> list[str]:
    seen: list[str] = []

    def listen(conn, cursor, statement, *args) -> None:
        if "count(" in statement.lower():
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    return seen


def test_the_data_version_moves_on_at_anyone_s_commit_and_not_at_a_read(db, db_dir, today):
    if database_url():
        assert db.data_version() is None  # a server has none: totals are kept a while
        return
    before = db.data_version()
    with db.session() as s:
        count_clients(s, today=today)  # a read
    assert db.data_version() == before
    _add_parent(db, today, "Rae")  # a save of this app's own (another pooled connection)
    after_own = db.data_version()
    assert after_own != before
    other = open_database(db_dir, PASSPHRASE)  # another window
    _add_parent(other, today, "Una")
    other.close()
    assert db.data_version() != after_own


def test_a_total_holds_at_its_version_only():
    t = Totals()
    day = date(2026, 12, 1)
    t.keep("", "parents", day, 12, 7)
    assert t.get("", "parents", day, 7) == 12
    assert t.get("", "parents", day, 8) is None  # somebody committed since
    assert t.get("", "open", day, 7) is None  # another list
    assert t.get("sm", "parents", day, 7) is None  # another search
    assert t.get("", "parents", day.replace(day=2), 7) is None  # another day (overdue moves)
    t.forget_unversioned()
    assert t.get("", "parents", day, 7) == 12  # versioned: nothing to forget


def test_without_a_version_a_total_holds_a_minute_and_until_the_worker_comes_back(
    monkeypatch,
):
    clock = [1000.0]
    monkeypatch.setattr(kept.time, "monotonic", lambda: clock[0])
    t = Totals()
    day = date(2026, 12, 1)
    t.keep("", "open", day, 40, None)
    clock[0] += kept.LIFETIME - 1
    assert t.get("", "open", day, None) == 40
    clock[0] += 2
    assert t.get("", "open", day, None) is None  # older than a minute
    t.keep("", "open", day, 41, None)
    t.forget_unversioned()  # back from another screen
    assert t.get("", "open", day, None) is None


def test_only_so_many_totals_are_kept_the_oldest_go_first():
    t = Totals()
    day = date(2026, 12, 1)
    for i in range(kept.KEPT + 5):
        t.keep(f"q{i}", "open", day, i, 1)
    assert t.get("q0", "open", day, 1) is None
    assert t.get(f"q{kept.KEPT + 4}", "open", day, 1) == kept.KEPT + 4


def test_counting_ahead_counts_every_filter_once_and_again_after_a_commit(db, today):
    _add_parent(db, today, "Rae")
    t = Totals()
    counts = _counting(db)
    if database_url():
        assert t.count_ahead(db, today) == 0  # a server's lists are counted as shown
        assert counts == []
        return
    assert t.count_ahead(db, today) == len(FILTERS)
    assert len(counts) == len(FILTERS) + 1  # and the open list searched for "a"
    with db.session() as s:
        searched = count_clients(s, today=today, query=kept.WARM_SEARCH)
    assert t.get(kept.WARM_SEARCH, "open", today, t.version(db)) == searched
    version = t.version(db)
    with db.session() as s:
        for filter_id, _ in FILTERS:  # what was kept is what a count says now
            assert t.get("", filter_id, today, version) == count_clients(
                s, today=today, filter_id=filter_id
            )
    counts.clear()
    assert t.count_ahead(db, today) == 0  # nothing changed: nothing counted
    assert counts == []
    _add_parent(db, today, "Una")
    assert t.count_ahead(db, today) == len(FILTERS)
    assert t.get("", "parents", today, t.version(db)) == 2


def test_a_locked_caseload_has_no_data_version_to_read(db_dir, today):
    import pytest
    from caseloads import new_caseload

    from caseworker.core.errors import StorageError

    if database_url():
        return  # a server has none at all
    other = new_caseload(db_dir.parent / "other")
    assert isinstance(other.data_version(), int)
    other.forget_key()  # locked: its own connection is closed with the key
    with pytest.raises(StorageError, match="locked"):
        other.data_version()


def test_the_lists_version_moves_at_writes_the_lists_count_only(db, db_dir, today):
    from caseworker.people import record_opened
    from caseworker.store import raw

    if database_url():
        assert db.lists_version() is None  # a server has none
        return
    with db.session() as s:
        client_id = clients.create_client(s, {"given_name": "Rae", "family_name": "Moss"}, today).id
    before, data = db.lists_version(), db.data_version()
    with db.session() as s:
        record_opened(s, client_id)  # on the trail: who opened it
    assert db.data_version() != data  # a commit...
    assert db.lists_version() == before  # ...of nothing the lists count
    _add_parent(db, today, "Una")  # a client and a child
    after_save = db.lists_version()
    assert after_save != before
    # Written around the app, with the key: the triggers are in the file, not the app.
    from caseworker.demo.caseload import populate

    populate(db, 5, today=today, seed=1)  # clients with children and due items
    conn = raw.connect(db.path, db.data_key)
    try:
        assert conn.execute("SELECT count(*) FROM dueitem").fetchone()[0] > 0
        for statement in (
            "UPDATE client SET status = status",
            "UPDATE dueitem SET overdue_on = overdue_on",
            "DELETE FROM child",
        ):
            seen = db.lists_version()
            conn.execute(statement)
            conn.commit()
            assert db.lists_version() != seen, statement
    finally:
        conn.close()
