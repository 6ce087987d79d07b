"""Who is at the keyboard: each person unlocks the caseload with their own passphrase,
and the header says who that is, whether the passphrase is typed, given up front, or
typed after a lock by someone else."""

from __future__ import annotations

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import screen_text, screen_up, wait_for

from caseworker.store import KdfParams, add_person
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.unlock.screen import UnlockScreen

KIM = "kim's own passphrase"
SIZES = [(80, 24), (100, 30)]


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    try:
        add_person(db, "Kim Lowe", "supervisor", KIM, kdf=KdfParams.fast_for_tests())
    finally:
        db.close()
    return d


async def _open(pilot) -> CaseloadScreen:
    await wait_for(pilot, lambda: screen_up(pilot.app, CaseloadScreen), tries=200)
    await wait_for(pilot, lambda: pilot.app.db is not None, tries=200)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: "·" in screen.sub_title, tries=100)
    return screen


@pytest.mark.parametrize("size", SIZES)
async def test_typing_a_persons_passphrase_opens_it_as_them(data_dir, size):
    app = CaseworkerApp(data_dir=data_dir, today=TODAY)
    async with app.run_test(size=size) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*KIM, "enter")
        screen = await _open(pilot)
        assert screen.sub_title == "Riverside DAS · Kim Lowe"
        await pilot.pause()
        assert "Kim Lowe" in screen_text(app)  # visible in the header at this size


async def test_the_passphrase_given_up_front_opens_it_as_its_owner(data_dir):
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert screen.sub_title == "Riverside DAS · Sam Worker"


async def test_someone_else_unlocking_after_a_lock_is_shown_as_at_the_keyboard(data_dir):
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        sam = app.db.worker_id
        # Locked once its reads are back, as the idle lock's own tests do (a lock closes the
        # database under a read still in flight: seen once on a loaded machine).
        await wait_for(pilot, lambda: not screen.reading, tries=200)
        app.action_lock()
        await wait_for(pilot, lambda: screen_up(app, UnlockScreen), tries=100)
        await pilot.press(*KIM, "enter")
        await wait_for(pilot, lambda: app.db is not None and not app.idle.locked, tries=200)
        assert app.db.worker_id != sam
        await wait_for(pilot, lambda: screen.sub_title == "Riverside DAS · Kim Lowe", tries=100)
