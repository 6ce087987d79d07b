"""Pilot tests: opening a record is on the trail, once per opening (80x24 and 100x30)."""

from __future__ import annotations

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import row_of, wait_for
from sqlmodel import col, select

from caseworker.people import clients
from caseworker.store.database import open_database
from caseworker.store.models import TrailEvent
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.record.screen import ClientScreen
from screens.widgets.form import FormScreen

SIZES = [(80, 24), (100, 30)]


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Joanne", "family_name": "Quigley"}, TODAY)
    db.close()
    return d


def openings(data_dir) -> list[TrailEvent]:
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            stmt = select(TrailEvent).where(col(TrailEvent.action) == "open")
            return list(s.scalars(stmt.order_by(col(TrailEvent.seq))))
    finally:
        db.close()


async def open_the_client(pilot) -> ClientScreen:
    def caseload_ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, CaseloadScreen) and screen.page is not None

    await wait_for(pilot, caseload_ready)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClientScreen))
    await pilot.pause()
    return pilot.app.screen


@pytest.mark.parametrize("size", SIZES)
async def test_opening_a_record_is_on_the_trail_once_per_opening(data_dir, size):
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        record = await open_the_client(pilot)
        # Sections redrawn, a form opened and left, the record reloaded: still one opening.
        await pilot.press("2", "3", "6", "1")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is record)
        await pilot.press("6")
        table = record.query_one("#history-table")
        await wait_for(pilot, lambda: table.row_count > 0)
        top = row_of(table, 0)
        assert top[1:] == ["Sam Worker", "Opened the record"]
        # Back to the caseload and in again: a second opening, folded into one line.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseloadScreen))
        record = await open_the_client(pilot)
        await pilot.press("6")
        table = record.query_one("#history-table")
        await wait_for(pilot, lambda: table.row_count > 0)
        assert row_of(table, 0)[2].startswith("Opened the record (2 times since ")
    events = openings(data_dir)
    assert len(events) == 2
    db = open_database(data_dir, PASSPHRASE)
    try:
        assert {ev.worker_id for ev in events} == {db.worker_id}
        assert all(ev.entity == "client" and ev.client_id for ev in events)
    finally:
        db.close()


# ---- the idle lock ------------------------------------------------------------------------


def lock_after(config_dir, minutes: float) -> None:
    (config_dir / "settings.toml").write_text(f"[lock]\nidle_minutes = {minutes}\n")


def is_shown(screen, kind) -> bool:
    """On top and composed (a timer pushes the lock screen: it may not be drawn yet)."""
    return isinstance(screen, kind) and screen.is_mounted and bool(screen.query("#passphrase"))


def key_is_gone(db) -> bool:
    """The closed caseload's engine can open no connection: its key is forgotten."""
    from sqlalchemy import text

    from caseworker.core.errors import StorageError

    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except StorageError:
        return db.data_key is None
    return False


class Clock:
    """The idle lock's clock, moved on by the test: a loaded machine's pauses between the
    test's steps are not idleness, and the test does not wait three real seconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def looked_twice(pilot, app) -> None:
    """The idle lock has looked at the clock twice more since now."""
    start = app.idle.ticks
    await wait_for(pilot, lambda: app.idle.ticks >= start + 2, tries=400)


@pytest.mark.parametrize("size", SIZES)
async def test_idle_minutes_lock_and_the_passphrase_returns_to_the_open_form(
    data_dir, size, monkeypatch
):
    import os
    from pathlib import Path

    from textual.widgets import Input

    import screens.unlock.lock
    from screens.unlock.screen import UnlockScreen

    clock = Clock()
    monkeypatch.setattr(screens.unlock.lock, "monotonic", clock)
    lock_after(Path(os.environ["CASEWORKER_CONFIG_DIR"]), 0.05)  # three seconds
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        assert app.idle.minutes == 0.05
        record = await open_the_client(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FormScreen))
        form = pilot.app.screen
        await pilot.press("end", *" Mae")
        field = form.query_one("#f-given_name", Input)
        await wait_for(pilot, lambda: field.value == "Joanne Mae")
        clock.now += 2.5  # not yet three seconds: still open
        await looked_twice(pilot, app)
        assert app.screen is form and app.db is not None
        await pilot.press("left")  # a key: the three seconds start again
        clock.now += 2.5
        await looked_twice(pilot, app)
        assert app.screen is form
        db = app.db
        clock.now += 1  # three seconds since the last key: the app locks itself
        await wait_for(pilot, lambda: is_shown(app.screen, UnlockScreen), tries=400)
        assert app.db is None and key_is_gone(db)
        assert "Locked after 3 seconds" in str(app.screen.query_one("#unlock-message").render())
        assert app.screen_stack[-2] is form and field.value == "Joanne Mae"  # kept, hidden
        await pilot.press(*"not the passphrase", "enter")
        message = app.screen.query_one("#unlock-message")
        await wait_for(pilot, lambda: "not right" in str(message.render()), tries=200)
        assert isinstance(app.screen, UnlockScreen) and app.db is None
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: app.screen is form, tries=200)
        assert app.db is not None and field.value == "Joanne Mae"
        await pilot.press("ctrl+s")  # and the form saves into the caseload opened again
        await wait_for(pilot, lambda: app.screen is record, tries=200)
        summary = record.query_one("#client-summary")
        await wait_for(pilot, lambda: "Joanne Mae" in str(summary.render()))
    # The record was opened once: the unlock did not count as another opening.
    assert len(openings(data_dir)) == 1


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_l_locks_at_once_and_is_in_the_help_and_the_palette(data_dir, size):
    from screens.modals.help import HelpScreen
    from screens.unlock.screen import UnlockScreen

    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await open_the_client(pilot)
        caseload = app.screen_stack[-2]
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert any(t.startswith("Lock now") for t in titles)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "app.lock" in help_text and "Ctrl+L" in help_text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        record = app.screen
        db = app.db
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: is_shown(app.screen, UnlockScreen))
        assert app.db is None and key_is_gone(db)
        # Locked: nothing to lock, and the palette offers no client (no caseload is open).
        assert not any(t.startswith("Lock now") for t in {
            c.title for c in app.get_system_commands(app.screen)
        })  # fmt: skip
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: app.screen is record, tries=200)
        assert app.screen_stack[-2] is caseload
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is caseload)


async def test_the_first_unlock_screen_offers_no_lock(data_dir):
    from screens.unlock.screen import UnlockScreen

    app = CaseworkerApp(data_dir=data_dir, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert not any(t.startswith("Lock now") for t in titles)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert len(app.screen_stack) == 2 and isinstance(app.screen, UnlockScreen)


# ---- a lock under a read still running ------------------------------------------------------


def held_until_locked(original, db=None):
    """``original``, run in its worker thread only once the caseload it is given (or
    ``db``) is closed (its key forgotten): the lock comes while the read is on its way."""
    import threading

    from caseworker.store.database import Database

    started, closed_under = threading.Event(), threading.Event()

    def held(*args, **kwargs):
        started.set()
        caseload = db or next(a for a in args if isinstance(a, Database))
        for _ in range(1000):  # up to 10 s
            if caseload.data_key is None:
                closed_under.set()  # the test asserts this: the lock came during the read
                break
            threading.Event().wait(0.01)
        return original(*args, **kwargs)

    held.closed_under = closed_under  # type: ignore[attr-defined]

    return held, started


def told(app) -> list[str]:
    """Every message the app notifies from now on (its own list forgets them after their
    timeout)."""
    messages: list[str] = []
    real = app.notify

    def notify(message, *args, **kwargs):
        messages.append(str(message))
        return real(message, *args, **kwargs)

    app.notify = notify
    return messages


async def test_a_lock_under_the_caseloads_count_stops_nothing(data_dir, monkeypatch):
    from caseworker.caseload import Totals
    from screens.unlock.screen import UnlockScreen

    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    held, started = held_until_locked(Totals.count_ahead)
    monkeypatch.setattr(Totals, "count_ahead", held)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: started.is_set(), tries=400)
        caseload = app.screen
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: is_shown(app.screen, UnlockScreen))
        await pilot.pause(0.1)  # the count's worker has failed (the caseload closed)
        assert held.closed_under.is_set()
        assert app.is_running and app.return_code is None
        monkeypatch.undo()  # the count after the unlock is not held
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: app.screen is caseload and not caseload.reading, tries=300)
        assert caseload.query_one("DataTable").row_count == 1


async def test_a_lock_under_a_sections_read_shows_it_once_unlocked(data_dir, monkeypatch):
    from screens.record import screen as record_module
    from screens.unlock.screen import UnlockScreen

    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    messages = told(app)
    async with app.run_test(size=(80, 24)) as pilot:
        record = await open_the_client(pilot)
        await wait_for(pilot, lambda: record.loaded())
        held, started = held_until_locked(record_module.read_part)
        monkeypatch.setattr(record_module, "read_part", held)
        await pilot.press("6")  # the history: its read held until the lock
        await wait_for(pilot, lambda: started.is_set(), tries=400)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: is_shown(app.screen, UnlockScreen))
        await pilot.pause(0.1)
        assert held.closed_under.is_set()
        monkeypatch.undo()
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: app.screen is record, tries=200)
        await wait_for(pilot, lambda: record.loaded("history"), tries=300)
        assert record.query_one("#history-table").row_count > 0
        # The read the lock cut short was not an error to tell the worker of.
        assert not [m for m in messages if "locked" in m]


async def test_an_opening_the_lock_cut_short_goes_on_the_trail_at_the_unlock(data_dir, monkeypatch):
    from screens.record import screen as record_module
    from screens.unlock.screen import UnlockScreen

    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    messages = told(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "page", None) is not None)
        held, started = held_until_locked(record_module.read_part)
        monkeypatch.setattr(record_module, "read_part", held)
        await pilot.press("enter")  # the summary's read held: the record comes without it
        await wait_for(pilot, lambda: started.is_set(), tries=400)
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen), tries=400)
        record = app.screen
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: is_shown(app.screen, UnlockScreen))
        await pilot.pause(0.1)
        assert held.closed_under.is_set()
        assert not record._opening.recorded_for and not record.loaded()  # cut short
        monkeypatch.undo()
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: app.screen is record and record.loaded(), tries=300)
        assert "Quigley" in str(record.query_one("#client-summary").render())
        assert not [m for m in messages if "locked" in m]
    # Cut short, the opening went on the trail with the read again at the unlock: once.
    assert len(openings(data_dir)) == 1


def test_two_reads_of_one_opening_at_once_put_it_on_the_trail_once(data_dir, monkeypatch):
    """The opening's summary read beside the record's own (the first slow to come): the
    second waits for the first's commit and does not record the opening again."""
    import threading
    from types import SimpleNamespace

    from caseworker.store.models import Client
    from screens.record import loading

    monkeypatch.setattr(loading, "get_current_worker", lambda: SimpleNamespace(is_cancelled=False))
    gate, real_read, entered = threading.Event(), loading._read, []

    def held_read(*args):
        entered.append(args)
        gate.wait(5)
        return real_read(*args)

    monkeypatch.setattr(loading, "_read", held_read)
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            client_id = s.scalars(select(Client.id)).one()
        opening, results, arrived = loading.Opening(), [], threading.Event()

        def read() -> None:
            arrived.set()
            results.append(loading.read_part(db, client_id, loading.SUMMARY, opening=opening))

        first, second = threading.Thread(target=read), threading.Thread(target=read)
        first.start()
        for _ in range(500):
            if entered:
                break
            threading.Event().wait(0.01)
        assert entered and opening._lock.locked()  # the first is inside its session
        arrived.clear()
        second.start()
        assert arrived.wait(5)
        threading.Event().wait(0.1)
        assert len(entered) == 1  # the second waits for the first's commit
        gate.set()
        for reader in (first, second):
            reader.join(10)
        assert [type(r) for r in results] == [loading.Summary, loading.Summary]
        assert opening.recorded_for
    finally:
        db.close()
    assert len(openings(data_dir)) == 1


async def test_a_lock_under_the_diarys_read_is_not_told_and_the_diary_comes_back(
    data_dir, monkeypatch
):
    from screens.diary import screen as diary_module
    from screens.unlock.screen import UnlockScreen

    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    messages = told(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "page", None) is not None)
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: getattr(app.screen, "loads", 0) > 0, tries=200)
        diary, loads = app.screen, app.screen.loads
        # The next view's read waits, its session not yet connected, until the lock.
        held, started = held_until_locked(diary_module.diary_page, db=app.db)
        monkeypatch.setattr(diary_module, "diary_page", held)
        diary.load()
        await wait_for(pilot, lambda: started.is_set(), tries=400)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: is_shown(app.screen, UnlockScreen))
        await pilot.pause(0.1)
        assert held.closed_under.is_set()
        assert diary.loads == loads  # cut short: nothing was shown
        monkeypatch.undo()
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: app.screen is diary and diary.loads > loads, tries=300)
        assert app.is_running
    # Cut short by the lock, not failed: nothing to tell the worker.
    assert not [m for m in messages if "locked" in m]


async def test_a_slow_summary_read_is_made_once_and_the_record_takes_it(data_dir, monkeypatch):
    """The summary not back within SHOW_BEFORE_READ (a server far away): the record is
    shown at once and takes that read when it is back, not reading it again."""
    import threading

    from screens.record import screen as record_module
    from screens.record.loading import SUMMARY

    real, parts = record_module.read_part, []
    back = threading.Event()  # the far-away server answers when the test says so

    def slow(db, client_id, part, **kwargs):
        parts.append(part)
        if part == SUMMARY:
            back.wait(timeout=30)
        return real(db, client_id, part, **kwargs)

    monkeypatch.setattr(record_module, "read_part", slow)
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: getattr(app.screen, "page", None) is not None)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen), tries=400)
        record = app.screen
        assert not record.loaded()  # shown before its summary came
        back.set()
        await wait_for(pilot, lambda: record.loaded(), tries=300)
        assert "Quigley" in str(record.query_one("#client-summary").render())
    assert parts.count(SUMMARY) == 1
    assert len(openings(data_dir)) == 1


async def test_someone_else_unlocking_over_a_record_is_on_the_trail_as_opening_it(data_dir):
    """A record left on screen under the lock, unlocked by another person: they see it,
    so the trail says they opened it; the first person's opening is not repeated."""
    from caseworker.store import KdfParams, add_person
    from screens.unlock.screen import UnlockScreen

    kim = "kim's own passphrase"
    db = open_database(data_dir, PASSPHRASE)
    try:
        add_person(db, "Kim Lowe", "supervisor", kim, kdf=KdfParams.fast_for_tests())
        people = {db.worker_id: "Sam"}
    finally:
        db.close()
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        record = await open_the_client(pilot)
        await wait_for(pilot, lambda: record.loaded())
        for passphrase in (kim, PASSPHRASE):  # Kim unlocks, then Sam again
            await pilot.press("ctrl+l")
            await wait_for(pilot, lambda: is_shown(app.screen, UnlockScreen))
            await pilot.press(*passphrase, "enter")
            await wait_for(pilot, lambda: app.screen is record and record.loaded(), tries=300)
            people.setdefault(app.db.worker_id, "Kim")
    assert [people[e.worker_id] for e in openings(data_dir)] == ["Sam", "Kim"]
