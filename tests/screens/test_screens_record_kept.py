"""The client record's screen is built once and kept (screens.record.kept): each opening
after the first empties it and reads the client into it. Nothing of one client may ever
show on another's record, however the reads race (80x24 and 100x30)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import record_loaded, row_of, screen_text, typed_at_once, wait_for
from textual.widgets import DataTable, Tabs

import screens.record.loading as record_loading
from caseworker.people import clients, family
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.record.screen import ClientScreen

SIZES = [(80, 24), (100, 30)]


@pytest.fixture
def two_clients(tmp_path):
    """Abbott (first in the list, two household members) and Quigley (none)."""
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        ann = clients.create_client(s, {"given_name": "Ann", "family_name": "Abbott"}, TODAY)
        for name in ("Bea Abbott", "Cal Abbott"):
            family.add_household_member(s, ann.id, {"name": name, "relationship": "sibling"}, TODAY)
        clients.create_client(s, {"given_name": "Joanne", "family_name": "Quigley"}, TODAY)
    db.close()
    return d


async def caseload(pilot) -> CaseloadScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen)
                   and app.screen.page is not None and not app.screen.reading)  # fmt: skip
    return app.screen


async def open_row(pilot, row: int) -> ClientScreen:
    """The caseload's ``row``-th client (0: the first) opened, its summary read."""
    await caseload(pilot)
    await pilot.press(*["down"] * row, "enter")
    await wait_for(pilot, lambda: record_loaded(pilot.app.screen))
    await pilot.pause()
    return pilot.app.screen


def held_reads(monkeypatch, holds: Callable[[uuid.UUID, str], bool]) -> threading.Event:
    """The record's reads, each read for which ``holds(client_id, part)`` kept back (in
    its thread) until the event returned is set."""
    real = record_loading.read_part
    released = threading.Event()

    def read(db, client_id, part, **options):
        if holds(client_id, part):
            released.wait(10)
        return real(db, client_id, part, **options)

    monkeypatch.setattr("screens.record.screen.read_part", read)
    return released


def summary_of(record: ClientScreen) -> str:
    return str(record.query_one("#client-summary").render())


@pytest.mark.parametrize("size", SIZES)
async def test_the_next_client_opens_on_the_same_screen_with_only_its_own_rows(two_clients, size):
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        first = await open_row(pilot, 0)
        assert "Ann Abbott" in summary_of(first)
        await pilot.press("3")
        await wait_for(pilot, lambda: record_loaded(first, "household"))
        assert [row_of(first.query_one("#household-table", DataTable), i)[0]
                for i in range(2)] == ["Bea Abbott", "Cal Abbott"]  # fmt: skip
        await pilot.press("escape")

        second = await open_row(pilot, 1)
        assert second is first  # kept: not built again
        shown = screen_text(app)
        assert "Joanne Quigley" in shown and "Abbott" not in shown
        # Back on the profile, focus on the tabs, as a new record opens.
        assert "Ann" not in str(second.query_one("#profile-text").render())
        assert isinstance(app.focused, Tabs)
        # The household list is still mounted but empty until read; then Quigley's (none).
        assert second.query_one("#household-table", DataTable).row_count == 0
        await pilot.press("3")
        await wait_for(pilot, lambda: record_loaded(second, "household"))
        assert second.query_one("#household-table", DataTable).row_count == 0
        assert "Abbott" not in screen_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_a_read_for_the_last_client_that_comes_back_late_is_never_shown(
    two_clients, size, monkeypatch
):
    hold: dict[str, object] = {}  # Abbott's household, once his record is open
    held = held_reads(monkeypatch, lambda c, part: hold.get("client") == c and part == "household")
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        record = await open_row(pilot, 0)
        hold["client"] = record.client_id
        await pilot.press("3")  # Abbott's household asked for, and held
        await pilot.pause(0.1)
        await pilot.press("escape")
        again = await open_row(pilot, 1)
        assert again is record and "Joanne Quigley" in summary_of(again)
        held.set()  # Abbott's rows arrive now, on Quigley's record
        await pilot.pause(0.3)
        assert again.query_one("#household-table", DataTable).row_count == 0
        assert not again.loaded("household")  # not taken for Quigley's: read when shown
        await pilot.press("3")
        await wait_for(pilot, lambda: record_loaded(again, "household"))
        assert again.query_one("#household-table", DataTable).row_count == 0
        assert "Abbott" not in screen_text(app)


@pytest.mark.parametrize("size", SIZES)
async def test_a_slow_summary_still_shows_the_record_coming_then_fills_it(
    two_clients, size, monkeypatch
):
    slow = threading.Event()  # every summary read from then on
    held = held_reads(monkeypatch, lambda c, part: slow.is_set() and part == "profile")
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        record = await open_row(pilot, 0)
        await pilot.press("escape")
        await caseload(pilot)
        slow.set()
        await pilot.press("down", "enter")
        # Shown before its read is back (after SHOW_BEFORE_READ), emptied of Abbott.
        await wait_for(pilot, lambda: app.screen is record)
        assert not record.loaded() and "Abbott" not in screen_text(app)
        held.set()
        await wait_for(pilot, lambda: record_loaded(record))
        assert "Joanne Quigley" in summary_of(record)


@pytest.mark.parametrize("size", SIZES)
async def test_a_resized_terminal_gets_a_record_built_at_its_size(two_clients, size):
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        first = await open_row(pilot, 0)
        await pilot.press("escape")
        await pilot.resize_terminal(size[0] + 20, size[1])
        await pilot.pause()
        second = await open_row(pilot, 0)
        assert second is not first and "Ann Abbott" in summary_of(second)
        await pilot.press("escape")
        assert await open_row(pilot, 1) is second  # and that one is kept in turn


async def test_a_record_opened_over_the_kept_one_is_a_screen_of_its_own(two_clients):
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        first = await open_row(pilot, 0)
        quigley = next(c.client_id for c in (await caseload_rows(app)) if "Quigley" in c.name)
        app.open_client(quigley)  # as the diary or the palette does, from within the record
        await wait_for(pilot, lambda: app.screen is not first and record_loaded(app.screen))
        assert "Joanne Quigley" in summary_of(app.screen)
        assert "Ann Abbott" in summary_of(first)  # the one under it is untouched
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is first)
        assert "Ann Abbott" in summary_of(first)


async def caseload_rows(app):
    caseload = next(s for s in app.screen_stack if isinstance(s, CaseloadScreen))
    return caseload.page.rows


async def test_each_opening_of_the_kept_record_is_on_the_trail(two_clients):
    from sqlmodel import col, select

    from caseworker.store.database import open_database
    from caseworker.store.models import TrailEvent

    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_row(pilot, 0)
        abbott = first.client_id
        await pilot.press("escape")
        assert await open_row(pilot, 0) is first
        await pilot.press("escape")
        await open_row(pilot, 1)
    db = open_database(two_clients, PASSPHRASE)
    try:
        with db.session() as s:
            opened = s.scalars(select(TrailEvent).where(col(TrailEvent.action) == "open"))
            records = [e.entity_id for e in opened]
    finally:
        db.close()
    assert len(records) == 3 and records[:2] == [str(abbott)] * 2 != records[2:]


@pytest.mark.parametrize("size", SIZES)
async def test_keys_typed_straight_after_enter_go_to_the_kept_record(two_clients, size):
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        record = await open_row(pilot, 1)  # Quigley, then back to Abbott with his household
        await pilot.press("escape")
        await caseload(pilot)
        await typed_at_once(pilot, ["up", "enter", "3"])
        await wait_for(pilot, lambda: record_loaded(app.screen, "household"))
        assert app.screen is record and "Ann Abbott" in summary_of(record)
        assert record.query_one("#household-table", DataTable).row_count == 2
        # And "e" at once after Enter is the record's Edit, not lost on the caseload.
        await pilot.press("escape")
        await caseload(pilot)
        await typed_at_once(pilot, ["enter", "e"])
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ClientForm")
        assert app.screen_stack[-2] is record


async def test_a_record_opened_at_once_and_left_at_once_stays_closed(two_clients):
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        record = await open_row(pilot, 0)
        await pilot.press("escape")
        caseload_screen = await caseload(pilot)
        app.open_client(record.client_id, at_once=True)  # as a draft reopened over it
        assert app.screen is record
        app.pop_screen()
        await pilot.pause(0.5)  # past SHOW_BEFORE_READ, and the summary read back
        assert app.screen is caseload_screen and record not in app.screen_stack


def openings_of(data_dir) -> list[str]:
    """The clients whose record was opened, in order, from the trail."""
    from sqlmodel import col, select

    from caseworker.store.database import open_database
    from caseworker.store.models import TrailEvent

    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            opened = s.scalars(select(TrailEvent).where(col(TrailEvent.action) == "open"))
            return [e.entity_id for e in opened]
    finally:
        db.close()


async def first_sight_of_the_record(pilot) -> ClientScreen:
    """The record the moment it is up (mounted), polled far more often than a frame."""
    import asyncio

    for _ in range(2000):
        screen = pilot.app.screen
        if isinstance(screen, ClientScreen) and screen.is_mounted:
            return screen
        await asyncio.sleep(0.005)
    raise AssertionError("the record never came up")


@pytest.mark.parametrize("size", SIZES)
async def test_the_first_opening_brings_the_record_up_with_its_summary_in(
    two_clients, size, monkeypatch
):
    import time

    real = record_loading.read_part

    def a_little_slow(db, client_id, part, **options):
        time.sleep(0.3)  # a read that takes many frames, but less than SHOW_BEFORE_READ
        return real(db, client_id, part, **options)

    monkeypatch.setattr("screens.record.screen.read_part", a_little_slow)
    monkeypatch.setattr("screens.record.kept.SHOW_BEFORE_READ", 2.0)
    monkeypatch.setattr("screens.record.kept.BUILD_AHEAD_WHEN_QUIET", None)  # built now
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await caseload(pilot)
        await typed_at_once(pilot, ["enter"])
        record = await first_sight_of_the_record(pilot)
        # Not drawn empty first and filled a frame later: the summary is in at once.
        assert "Ann Abbott" in summary_of(record) and record.loaded()
    assert len(openings_of(two_clients)) == 1


@pytest.mark.parametrize("size", SIZES)
async def test_a_slow_first_opening_shows_the_record_coming_and_is_opened_once(
    two_clients, size, monkeypatch
):
    held = held_reads(monkeypatch, lambda c, part: part == "profile")
    monkeypatch.setattr("screens.record.kept.BUILD_AHEAD_WHEN_QUIET", None)  # built now
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await caseload(pilot)
        await typed_at_once(pilot, ["enter"])
        record = await first_sight_of_the_record(pilot)  # after SHOW_BEFORE_READ
        assert not record.loaded()
        held.set()
        await wait_for(pilot, lambda: record_loaded(record))
        assert "Ann Abbott" in summary_of(record)
    assert len(openings_of(two_clients)) == 1  # the read ahead put it on the trail, once
