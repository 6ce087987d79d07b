"""Faults named rightly at the command line: half a caseload, a damaged key file, a full
or read-only disk, an unreadable worker row (check still runs every check)."""

from __future__ import annotations

import errno
import json

import pytest
from caseloads import PASSPHRASE, TODAY, fail_writes_in, new_caseload
from sqlalchemy import text

from caseworker.cli import commands as cli
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME
from caseworker.people import clients
from caseworker.store import open_database


@pytest.fixture
def caseload(monkeypatch, tmp_path):
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    db = new_caseload(data_dir)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Zebedee", "family_name": "Quuxington"}, TODAY)
    db.close()
    return data_dir


def run(capsys, *argv, run_app=None):
    code = cli.main(list(argv), run_app=run_app)
    out, err = capsys.readouterr()
    return code, out, err


def never(**options):
    raise AssertionError("the app must not be opened")


@pytest.mark.parametrize(
    ("gone", "words"),
    [
        (DB_FILENAME, "The database caseworker.db is missing"),
        (KEY_FILENAME, "The key file caseworker.key is missing"),
    ],
)
def test_half_a_caseload_is_named_and_init_is_never_offered_over_it(caseload, capsys, gone, words):
    (caseload / gone).unlink()
    left = sorted(p.name for p in caseload.iterdir())
    for argv in (["check"], ["export", "--recipient", "self"], []):
        code, _, err = run(capsys, *argv, run_app=never)
        assert code != 0 and words in err, err
        assert "No caseload" not in err and "caseworker init" not in err
    code, _, err = run(capsys, "init", "--name", "S", "--service", "R")
    assert code != 0 and words in err and "not set up over it" in err
    assert sorted(p.name for p in caseload.iterdir()) == left  # nothing was changed
    if gone == DB_FILENAME:
        assert "caseworker restore" in err


def test_a_damaged_key_file_is_not_a_wrong_passphrase_at_the_command_line(caseload, capsys):
    doc = json.loads((caseload / KEY_FILENAME).read_text(encoding="utf-8"))
    slot = doc["slots"][0]
    slot["salt"] = slot["salt"].replace(slot["salt"][3], "A" if slot["salt"][3] != "A" else "B", 1)
    (caseload / KEY_FILENAME).write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run(capsys, "check")
    assert code != 0
    assert "key file caseworker.key is damaged" in err and "not right" not in err


@pytest.mark.parametrize(
    ("err_no", "words"), [(errno.ENOSPC, "is full"), (errno.EROFS, "is read-only")]
)
def test_a_full_or_read_only_disk_is_named_at_the_command_line(
    caseload, capsys, monkeypatch, err_no, words
):
    fail_writes_in(monkeypatch, caseload, err_no)
    code, _, err = run(capsys, "check")
    monkeypatch.undo()
    assert code != 0 and words in err and "another database" not in err


def test_check_runs_every_check_when_the_worker_row_cannot_be_read(caseload, capsys):
    db = open_database(caseload, PASSPHRASE)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM setting WHERE key = 'current_worker_id'"))
        conn.execute(
            text("INSERT INTO setting (key, value) VALUES ('current_worker_id', 'garbage')")
        )
    db.close()  # sealed as the app seals it: only the worker row is wrong
    code, _, err = run(capsys, "export", "--recipient", "self")
    assert code != 0 and "worker record cannot be read" in err and "check" in err
    code, out, err = run(capsys, "check")
    assert code != 0, out
    assert "Database integrity: ok" in out
    assert "Opening: FAILED" in out and "worker record cannot be read" in out
    assert "Trail: ok" in out and "Instruments, checklists and local protocol: ok" in out
    assert "Settings (keymap): ok" in out
    assert "Traceback" not in out + err


def test_init_names_the_exact_command_to_open_what_it_made(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "init", "--data-dir", "my cases", "--name", "S", "--service", "R")
    assert code == 0, err
    command = err.strip().rsplit("Open it with: ", 1)[1]
    assert command == f"caseworker --data-dir '{tmp_path / 'my cases'}'"
    open_database(tmp_path / "my cases", PASSPHRASE).close()


def test_init_refuses_a_folder_that_holds_other_files(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "letter.txt").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "init", "--data-dir", str(folder), "--name", "S", "--service", "R")
    assert code != 0 and "not empty (letter.txt)" in err
    assert [p.name for p in folder.iterdir()] == ["letter.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]  # no build folder left


@pytest.mark.parametrize(
    "argv",
    [
        ("export", "--recipient", "self", "--out", "{dir}/" + DB_FILENAME),
        ("diary", "--format", "json", "--out", "{dir}/../cw/" + KEY_FILENAME),
        ("backup", "{dir}/inside"),
    ],
)
def test_a_file_a_command_writes_never_goes_into_the_caseloads_folder(caseload, capsys, argv):
    # Written there, an export over the database or a diary over the key file destroyed
    # the caseload (and left client data in plain text beside it).
    before = {p.name: p.read_bytes() for p in caseload.iterdir()}
    code, _out, err = run(capsys, *(a.format(dir=caseload) for a in argv))
    assert code == 2
    assert "inside the caseload's own folder" in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in caseload.iterdir()} == before
    db = open_database(caseload, PASSPHRASE)  # still opens, as it was
    db.close()


def test_a_damaged_database_met_mid_command_is_named_not_a_traceback(
    caseload, capsys, monkeypatch, tmp_path
):
    import sqlcipher3

    import caseworker.store.export as export

    def damaged(*args, **kwargs):  # as SQLCipher reports a page that fails its check
        raise sqlcipher3.dbapi2.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(export, "export_to_file", damaged)
    code, _out, err = run(capsys, "export", "--recipient", "self", "--out", str(tmp_path / "x"))
    assert code == 1
    assert "database file is damaged" in err and "caseworker restore" in err
    assert not (tmp_path / "x").exists()
