"""The unlock screen names each fault rightly: a damaged key file is not a wrong
passphrase, a full or read-only disk is not a foreign key file, half a caseload is half a
caseload. At 80x24 and 100x30, typed as a worker would."""

from __future__ import annotations

import errno
import json

import pytest
from caseloads import PASSPHRASE, TODAY, fail_writes_in, new_caseload
from pilot import screen_up, wait_for
from sqlalchemy import text

from caseworker.core.paths import DB_FILENAME, KEY_FILENAME
from caseworker.store import open_database
from screens.app import CaseworkerApp
from screens.unlock.screen import UnlockScreen

SIZES = [(80, 24), (100, 30)]


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "cw"
    new_caseload(d).close()
    return d


def _damage_key_file(data_dir) -> None:
    path = data_dir / KEY_FILENAME
    doc = json.loads(path.read_text(encoding="utf-8"))
    nonce = doc["slots"][0]["nonce"]
    doc["slots"][0]["nonce"] = ("B" if nonce[0] == "A" else "A") + nonce[1:]
    path.write_text(json.dumps(doc), encoding="utf-8")


def _spoil_worker(data_dir) -> None:
    db = open_database(data_dir, PASSPHRASE)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE setting SET value = 'x' WHERE key = 'current_worker_id'"))
    db.engine.dispose()


async def _typed(app, size, passphrase=PASSPHRASE) -> str:
    async with app.run_test(size=size) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        message = app.screen.query_one("#unlock-message")
        await pilot.press(*passphrase, "enter")
        await wait_for(pilot, lambda: str(message.render()) not in ("", "Unlocking…"), 200)
        assert isinstance(app.screen, UnlockScreen)  # still here: nothing opened
        assert not app.screen.query_one("#passphrase").disabled  # and it can be tried again
        return " ".join(str(message.render()).split())


@pytest.mark.parametrize("size", SIZES)
async def test_a_damaged_key_file_is_named_not_taken_for_a_wrong_passphrase(data_dir, size):
    _damage_key_file(data_dir)
    shown = await _typed(CaseworkerApp(data_dir=data_dir, today=TODAY), size)
    assert "key file caseworker.key is damaged" in shown and "not right" not in shown


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("err", "words"), [(errno.ENOSPC, "is full"),
                                            (errno.EACCES, "is read-only")])  # fmt: skip
async def test_a_full_or_read_only_disk_is_named(data_dir, monkeypatch, size, err, words):
    fail_writes_in(monkeypatch, data_dir, err)
    shown = await _typed(CaseworkerApp(data_dir=data_dir, today=TODAY), size)
    assert words in shown and "another database" not in shown


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("gone", "words"),
    [(DB_FILENAME, "database caseworker.db is missing"),
     (KEY_FILENAME, "key file caseworker.key is missing")],
)  # fmt: skip
async def test_half_a_caseload_is_named(data_dir, size, gone, words):
    (data_dir / gone).unlink()
    shown = await _typed(CaseworkerApp(data_dir=data_dir, today=TODAY), size)
    assert words in shown


@pytest.mark.parametrize("size", SIZES)
async def test_an_unreadable_worker_row_is_named(data_dir, size):
    _spoil_worker(data_dir)
    shown = await _typed(CaseworkerApp(data_dir=data_dir, today=TODAY), size)
    assert "worker record cannot be read" in shown and "caseworker check" in shown


async def test_the_passphrase_from_the_environment_meets_the_same_diagnosis(data_dir):
    _damage_key_file(data_dir)
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_up(app, UnlockScreen))
        shown = " ".join(str(app.screen.query_one("#unlock-message").render()).split())
        assert "key file caseworker.key is damaged" in shown and "not right" not in shown
