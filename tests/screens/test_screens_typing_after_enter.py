"""Keys typed straight after an Enter that opens a screen by a message (a table's row
chosen: DataTable.RowSelected, handled by the screen) go to the screen it opens, once it
is built: not to the screen it came from, and not to a screen still being built.

Sent as a terminal's driver sends a burst (tests/pilot.py: typed_at_once).
"""

from __future__ import annotations

import pytest
from caseloads import PASSPHRASE, TODAY
from pilot import record_loaded, typed_at_once, wait_for
from test_screens_record_kept import caseload, open_row, two_clients
from test_screens_screening import data_dir
from textual.widgets import Input

import screens.record.kept as kept
from screens.app import CaseworkerApp
from screens.record.screen import ClientScreen

# The fixtures: Abbott and Quigley (the kept record's tests); Joanne Quigley, mother of Kai
# (the screening tests).
__all__ = ["data_dir", "two_clients"]

SIZES = [(80, 24), (100, 30)]


async def children_shown(pilot) -> ClientScreen:
    record = await open_row(pilot, 0)
    await pilot.press("2")
    await wait_for(pilot, lambda: record_loaded(pilot.app.screen, "children"))
    await pilot.pause()
    return record


@pytest.mark.parametrize("size", SIZES)
async def test_escape_straight_after_enter_on_a_child_closes_the_childs_form(data_dir, size):
    # It closed the form before the form was built (AttributeError: no _baseline), which
    # stopped the app; before that, it closed the record and left the form open.
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        record = await children_shown(pilot)
        await typed_at_once(pilot, ["enter", "escape"])
        await wait_for(pilot, lambda: app.screen is record and len(app.screen_stack) == 2)
        assert app.is_running and record_loaded(app.screen, "children")


@pytest.mark.parametrize("size", SIZES)
async def test_tab_and_letters_straight_after_enter_on_a_child_land_in_its_form(data_dir, size):
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        record = await children_shown(pilot)
        await typed_at_once(pilot, ["enter", "tab", "Z", "q"])
        await wait_for(pilot, lambda: app.screen is not record and isinstance(app.focused, Input)
                       and app.focused.value.endswith("Zq"))  # fmt: skip
        form = app.screen
        assert app.focused.id == f"f-{form.FIELDS[1].name}"  # the Tab moved on from the first


async def test_escape_straight_after_enter_on_the_caseload_closes_the_record(two_clients):
    # The Escape went to the caseload (it closed the search) and the record stayed open.
    app = CaseworkerApp(data_dir=two_clients, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        listed = await caseload(pilot)
        await typed_at_once(pilot, ["enter", "escape"])
        # Opened (the record's screen has shown a client) and closed again.
        await wait_for(pilot, lambda: app.screen is listed and opened_once(app))
        await pilot.pause(0.3)
        assert app.screen is listed and len(app.screen_stack) == 1


def opened_once(app) -> bool:
    if not app.is_screen_installed(kept.NAME):
        return False
    return not app.get_screen(kept.NAME).blank
