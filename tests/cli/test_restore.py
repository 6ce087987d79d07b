"""`caseworker restore BACKUP_DIR`: a backup put back as the caseload, after asking; the
trail records it and its anchor is sealed again, so check passes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from sqlalchemy import select

from caseworker.cli import commands as cli
from caseworker.cli import restore as restore_cli
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME
from caseworker.people import clients
from caseworker.store import open_database
from caseworker.store import restore as store_restore
from caseworker.store.anchor import ANCHOR_FILENAME
from caseworker.store.models import Client, TrailEvent

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def caseload(monkeypatch, tmp_path) -> Path:
    """A caseload with one client, backed up, then a second client added after it."""
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    db = new_caseload(data_dir)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Ann", "family_name": "Before"}, TODAY)
    db.close()
    assert cli.main(["backup", str(tmp_path / "backup")]) == 0
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Bo", "family_name": "After"}, TODAY)
    db.close()
    return data_dir


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _families(data_dir: Path) -> list[str]:
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            return sorted(s.scalars(select(Client.family_name)))
    finally:
        db.close()


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _no_staging_left(tmp_path: Path) -> bool:
    return not [p for p in tmp_path.iterdir() if ".restore-" in p.name]


def test_restore_replaces_the_caseload_and_check_passes(caseload, capsys, tmp_path):
    assert _families(caseload) == ["After", "Before"]
    code, _, err = run(capsys, "restore", str(tmp_path / "backup"), "--yes")
    assert code == 0, err
    assert "Restored the caseload" in err and f"--data-dir {caseload}" in err
    assert _families(caseload) == ["Before"]
    code, out, err = run(capsys, "check")
    assert code == 0, out + err
    db = open_database(caseload, PASSPHRASE)
    with db.session() as s:
        last = s.scalars(select(TrailEvent).order_by(TrailEvent.seq.desc())).first()
    db.close()
    assert last is not None and last.action == "restore"
    assert _no_staging_left(tmp_path)
    assert sorted(p.name for p in (tmp_path / "backup").iterdir()) == sorted(
        [ANCHOR_FILENAME, DB_FILENAME, KEY_FILENAME]
    )


def test_a_backup_copied_back_by_hand_alarms_and_restore_clears_it(caseload, capsys, tmp_path):
    import shutil

    backup = tmp_path / "backup"
    for name in (DB_FILENAME, KEY_FILENAME):
        shutil.copyfile(backup / name, caseload / name)
    code, out, _ = run(capsys, "check")
    assert code != 0 and "were deleted since the caseload was last closed" in out
    code, _, err = run(capsys, "restore", str(backup), "--yes")
    assert code == 0, err
    for _ in range(2):  # and it stays clear
        code, out, err = run(capsys, "check")
        assert code == 0, out + err


def test_without_a_terminal_and_without_yes_nothing_is_changed(caseload, capsys, tmp_path):
    before = _fingerprint(caseload)
    code, _, err = run(capsys, "restore", str(tmp_path / "backup"))
    assert code == 2 and "--yes" in err and "Nothing was changed" in err
    assert _fingerprint(caseload) == before


@pytest.mark.parametrize("answer", [False, True])
def test_at_a_terminal_it_asks_first(caseload, capsys, tmp_path, monkeypatch, answer):
    import questionary

    asked = []

    class Answer:
        def __init__(self, message, **kw):
            asked.append(message)

        def unsafe_ask(self):
            return answer

    monkeypatch.setattr(restore_cli, "interactive", lambda: True)
    monkeypatch.setattr(questionary, "confirm", Answer)
    before = _fingerprint(caseload)
    code, _, err = run(capsys, "restore", str(tmp_path / "backup"))
    assert code == 0 and asked == ["Replace it?"]
    assert "Anything recorded since that backup was made will be gone" in err
    if answer:
        assert _families(caseload) == ["Before"]
    else:
        assert "Nothing was changed" in err and _fingerprint(caseload) == before


def test_a_wrong_passphrase_for_the_backup_changes_nothing(caseload, capsys, tmp_path, monkeypatch):
    before = _fingerprint(caseload)
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", "not the backup's")
    code, _, err = run(capsys, "restore", str(tmp_path / "backup"), "--yes")
    assert code != 0 and "does not open the backup" in err
    assert _fingerprint(caseload) == before and _no_staging_left(tmp_path)


def test_a_folder_that_is_not_a_backup_is_named(caseload, capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "restore", str(tmp_path / "empty"), "--yes")
    assert code != 0 and "holds no backup" in err
    (tmp_path / "backup" / KEY_FILENAME).unlink()
    code, _, err = run(capsys, "restore", str(tmp_path / "backup"), "--yes")
    assert code != 0 and "not a whole backup" in err and "key file caseworker.key is missing" in err
    code, _, err = run(capsys, "restore", str(caseload), "--yes")
    assert code != 0 and "not a backup" in err


def test_an_interrupted_restore_leaves_the_caseload_as_it_was(
    caseload, capsys, tmp_path, monkeypatch
):
    def cut(staging, data_dir):
        raise KeyboardInterrupt

    before = _fingerprint(caseload)
    monkeypatch.setattr(store_restore, "_swap_into_place", cut)
    code, _, _ = run(capsys, "restore", str(tmp_path / "backup"), "--yes")
    assert code == 130
    assert _fingerprint(caseload) == before and _no_staging_left(tmp_path)
    assert _families(caseload) == ["After", "Before"]


def test_without_an_atomic_exchange_the_old_one_is_moved_aside(
    caseload, capsys, tmp_path, monkeypatch
):
    monkeypatch.setattr(store_restore, "_exchange", lambda a, b: False)
    code, _, err = run(capsys, "restore", str(tmp_path / "backup"), "--yes")
    assert code == 0, err
    assert _families(caseload) == ["Before"] and _no_staging_left(tmp_path)


def test_onto_a_new_laptop_it_needs_no_confirmation(caseload, capsys, tmp_path, monkeypatch):
    fresh = tmp_path / "new-laptop"
    code, _, err = run(capsys, "--data-dir", str(fresh), "restore", str(tmp_path / "backup"))
    assert code == 0, err
    assert _families(fresh) == ["Before"]
    code, out, err = run(capsys, "--data-dir", str(fresh), "check")
    assert code == 0, out + err


def test_a_caseload_open_elsewhere_is_not_replaced(caseload, capsys, tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time\n"
            "from caseworker.store import open_database\n"
            f"db = open_database({str(caseload)!r}, {PASSPHRASE!r})\n"
            "with db.session() as s: s.connection()\n"
            "print('open', flush=True)\n"
            "time.sleep(60)\n"
        )],
        cwd=REPO, stdout=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        code, _, err = run(capsys, "restore", str(tmp_path / "backup"), "--yes")
        assert code != 0 and "is open" in err
    finally:
        holder.kill()
        holder.wait()
    assert _families(caseload) == ["After", "Before"]


def test_restore_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "restore" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["restore", "--help"])
    out = capsys.readouterr().out
    assert "BACKUP_DIR" in out and "--yes" in out and "recorded in the trail" in out


def test_a_damaged_backup_replaces_nothing(caseload, capsys, tmp_path):
    import shutil

    damaged = tmp_path / "damaged"
    shutil.copytree(tmp_path / "backup", damaged)
    size = (damaged / DB_FILENAME).stat().st_size
    with open(damaged / DB_FILENAME, "r+b") as fh:  # a page's bytes changed: its HMAC fails
        fh.seek(size // 2)
        fh.write(os.urandom(64))
    before = _fingerprint(caseload)
    code, _, err = run(capsys, "restore", str(damaged), "--yes")
    assert code == 1
    assert f"{damaged} cannot be restored" in err and "damaged" in err
    assert "Nothing was changed" in err and ".restore-" not in err  # no hidden folder named
    assert _fingerprint(caseload) == before and _no_staging_left(tmp_path)


def test_a_backup_whose_trail_was_rolled_back_replaces_nothing(caseload, capsys, tmp_path):
    # The older backup's database under the newer one's anchor: its trail ends before the
    # anchor's event, as a copy rolled back to hide what was recorded after it would.
    import shutil

    assert run(capsys, "backup", str(tmp_path / "newer"))[0] == 0
    rolled = tmp_path / "rolled"
    shutil.copytree(tmp_path / "backup", rolled)
    shutil.copyfile(tmp_path / "newer" / ANCHOR_FILENAME, rolled / ANCHOR_FILENAME)
    before = _fingerprint(caseload)
    code, _, err = run(capsys, "restore", str(rolled), "--yes")
    assert code == 1
    assert "its trail fails its check" in err and "were deleted" in err
    assert _fingerprint(caseload) == before and _no_staging_left(tmp_path)
    assert _families(caseload) == ["After", "Before"]
