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
