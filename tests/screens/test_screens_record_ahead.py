"""The client record's screen is built ahead, unseen, while the caseload is quiet
(screens.record.kept): the first client opened shows on it as on a kept one, and nothing
typed or clicked meanwhile goes astray (80x24 and 100x30)."""

from __future__ import annotations

import asyncio
import gc

import pytest
from caseloads import PASSPHRASE, TODAY
from pilot import record_loaded, screen_text, wait_for
from test_screens_record_kept import caseload, openings_of, summary_of, two_clients
from textual.widgets import DataTable, Input

import screens.record.kept as kept
from screens.app import CaseworkerApp
from screens.record.screen import NO_CLIENT, ClientScreen
from screens.widgets import long_lived

__all__ = ["two_clients"]  # the fixture, shared with the kept screen's tests

SIZES = [(80, 24), (100, 30)]


async def record_built_ahead(pilot) -> ClientScreen:
    """Once the record is built ahead, and the caseload has taken its return to the top."""
    await wait_for(pilot, lambda: built_ahead(pilot.app) is not None)
    await pilot.pause()
    screen = built_ahead(pilot.app)
    assert screen is not None
    return screen


def built_ahead(app) -> ClientScreen | None:
    """The record's screen kept and not on the stack (built, and popped again)."""
    if not app.is_screen_installed(kept.NAME):
        return None
    screen = app.get_screen(kept.NAME)
    return screen if screen not in app.screen_stack and screen.is_mounted else None


def held_build(monkeypatch) -> tuple[asyncio.Event, asyncio.Event]:
    """The build ahead, held with its blank record on top (as for the 40-100 ms it takes)
    until the second event returned is set; the first is set once it is held."""
    real = kept._push_and_lay_out
    started, go = asyncio.Event(), asyncio.Event()

    async def held(app, screen):
        await real(app, screen)
        started.set()
        await go.wait()

    monkeypatch.setattr(kept, "_push_and_lay_out", held)
    return started, go


@pytest.mark.parametrize("size", SIZES)
async def test_the_first_client_opens_on_the_screen_built_ahead(two_clients, size):
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        listed = await caseload(pilot)
        ahead = await record_built_ahead(pilot)
        assert ahead.blank and ahead.client_id == NO_CLIENT
        assert app.screen is listed and "Abbott" in screen_text(app)
        assert ahead.widths == {size[0]}
        await pilot.press("enter")
        await wait_for(pilot, lambda: record_loaded(app.screen))
        assert app.screen is ahead and not ahead.blank
        assert "Ann Abbott" in summary_of(ahead)
    # Building it opened no one's record: only the worker's opening is on the trail.
    assert len(openings_of(two_clients)) == 1


@pytest.mark.parametrize("size", SIZES)
async def test_keys_typed_during_the_build_go_to_the_caseload_in_order(
    two_clients, size, monkeypatch
):
    started, go = held_build(monkeypatch)
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        listed = await caseload(pilot)
        await asyncio.wait_for(started.wait(), 10)
        assert isinstance(app.screen, ClientScreen) and app.screen.blank  # unseen: a batch
        sent_at_once(app, [("slash", "/"), ("q", "q"), ("u", "u")])
        await asyncio.sleep(0.2)  # not pilot.pause: that waits for the keys, held here
        assert listed.query_one("#search", Input).value == ""  # held
        go.set()
        box = listed.query_one("#search", Input)
        await wait_for(pilot, lambda: box.value == "qu" and not listed.reading)
        assert app.screen is listed
        assert "Quigley" in screen_text(app) and "Abbott" not in screen_text(app)
        assert built_ahead(app) is not None


async def test_the_caseload_does_not_read_again_when_the_build_is_done(two_clients, monkeypatch):
    started, go = held_build(monkeypatch)
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        listed = await caseload(pilot)
        await asyncio.wait_for(started.wait(), 10)
        reads = listed._seq  # each read of the list asked for is numbered
        go.set()
        await record_built_ahead(pilot)
        await pilot.pause(0.3)
        assert listed._seq == reads, "the list was read again"
        assert app.screen is listed


def test_the_warm_up_read_puts_nothing_on_the_trail(two_clients):
    from caseworker.store.database import open_database
    from screens.record.loading import warm_up

    db = open_database(two_clients, PASSPHRASE)
    try:
        warm_up(db, TODAY)
    finally:
        db.close()
    assert openings_of(two_clients) == []


def sent_at_once(app, keys: list[tuple[str, str]]) -> None:
    """Keys (name, character) as the terminal's driver sends a burst."""
    from textual import events

    for name, char in keys:
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)


def clicked_at(app, x: int, y: int) -> None:
    """A click as the terminal's driver sends one: a press and a release, to the app (not,
    as Pilot's click does, to the screen on top when it is called)."""
    from textual import events

    for kind in (events.MouseDown, events.MouseUp):
        event = kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_a_click_during_the_build_goes_to_the_caseload(two_clients, monkeypatch):
    started, go = held_build(monkeypatch)
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        listed = await caseload(pilot)
        table = listed.query_one(DataTable)
        assert table.cursor_row == 0
        x, y = table.region.x + 2, table.region.y + 2  # header, then Abbott, then Quigley
        await asyncio.wait_for(started.wait(), 10)
        clicked_at(app, x, y)  # on the caseload's row, under the blank record on top
        await asyncio.sleep(0.2)
        assert table.cursor_row == 0  # held, not lost or sent to the record
        go.set()
        await wait_for(pilot, lambda: app.screen is listed and table.cursor_row == 1)
        assert built_ahead(app) is not None


async def test_a_look_ahead_while_the_app_closes_does_nothing(two_clients):
    # Its timer can fire once more after the screens are gone (it did, in CI: a crash
    # report from ScreenStackError at the end of a test).
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload(pilot)
    assert not app.screen_stack
    kept._look(app)
    assert not app.is_screen_installed(kept.NAME) or built_ahead(app) is not None


async def test_a_key_bound_on_both_screens_does_what_the_caseload_does(two_clients, monkeypatch):
    started, go = held_build(monkeypatch)
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload(pilot)
        await asyncio.wait_for(started.wait(), 10)
        sent_at_once(app, [("n", "n")])  # the record's "n" adds a contact
        await asyncio.sleep(0.2)
        go.set()
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ClientForm")
        assert type(app.screen_stack[-2]).__name__ == "CaseloadScreen"


async def test_a_client_opened_by_a_call_during_the_build_opens_once_it_is_built(
    two_clients, monkeypatch
):
    started, go = held_build(monkeypatch)
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        listed = await caseload(pilot)
        quigley = next(r.client_id for r in listed.page.rows if "Quigley" in r.name)
        await asyncio.wait_for(started.wait(), 10)
        app.open_client(quigley)  # as the diary or the palette would, by a call
        await asyncio.sleep(0.2)
        go.set()
        await wait_for(pilot, lambda: record_loaded(app.screen))
        record = app.screen
        assert record.client_id == quigley and app.screen_stack[-2] is listed
        assert record is app.get_screen(kept.NAME)  # on the screen built ahead
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is listed)


@pytest.mark.parametrize("size", SIZES)
async def test_a_new_width_gets_a_record_built_ahead_at_it(two_clients, size):
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await caseload(pilot)
        first = await record_built_ahead(pilot)
        await pilot.resize_terminal(size[0] + 20, size[1])
        await wait_for(pilot, lambda: built_ahead(app) not in (None, first))
        again = built_ahead(app)
        assert again is not None and again.widths == {size[0] + 20}
        assert not first.is_attached  # let go
        await pilot.press("enter")
        await wait_for(pilot, lambda: record_loaded(app.screen))
        assert app.screen is again


async def test_nothing_is_built_while_building_ahead_is_off(two_clients, monkeypatch):
    monkeypatch.setattr(kept, "BUILD_AHEAD_WHEN_QUIET", None)
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload(pilot)
        await pilot.pause(1.0)  # two quiet periods and more
        assert not app.is_screen_installed(kept.NAME)


async def test_the_idle_lock_waits_while_keys_are_held(two_clients, monkeypatch):
    monkeypatch.setattr(kept, "BUILD_AHEAD_WHEN_QUIET", None)
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await caseload(pilot)
        app.idle.minutes = 0.0  # idle long enough at every tick
        app.hold_keys()  # a screen opening (or built ahead, unseen)
        app.idle._tick()
        assert not app.idle.locked
        app.release_keys()
        app.idle._tick()
        assert app.idle.locked


def test_settling_collects_once_then_freezes_what_lives(monkeypatch):
    collections: list[int] = []
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: collections.append(1) or real_collect(*a))
    gc.unfreeze()
    try:
        long_lived.settle()
        assert collections == [1] and gc.get_freeze_count() > 0
        long_lived.settle()  # settled already
        assert collections == [1]
    finally:
        gc.unfreeze()
