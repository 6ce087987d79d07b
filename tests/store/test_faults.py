"""Faults named rightly: each way a caseload can fail to open gets its own diagnosis.

A read-only folder or a full disk cannot be made real in a test that may run as root
(chmod does not stop root, and mounting a small disk needs privileges): the OSError the
kernel would give is injected at the one call that meets it first, the folder probe's
os.open in the data folder. Everything else here is real: real files, real damage.
"""

from __future__ import annotations

import errno
import json
import os
import stat

import pytest
from caseloads import PASSPHRASE, fail_writes_in, new_caseload
from sqlalchemy import text

from caseworker.core import files
from caseworker.core.errors import (
    DatabaseMissing,
    DiskFull,
    FolderNotWritable,
    KeyFileDamaged,
    KeyFileMissing,
    StorageError,
    WrongPassphrase,
)
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME
from caseworker.store import create_database, faults, open_database
from caseworker.store.keyfile import KdfParams

# The faults of the local caseload: its files, its folder, its key file. A server has
# its own (and the PostgreSQL run of the other store tests covers opening one).
pytestmark = pytest.mark.sqlcipher


@pytest.fixture
def closed(db, db_dir):
    db.close()
    return db_dir


def test_a_damaged_key_file_is_not_a_wrong_passphrase(closed):
    path = closed / KEY_FILENAME
    doc = json.loads(path.read_text(encoding="utf-8"))
    wrapped = doc["slots"][0]["wrapped_key"]
    doc["slots"][0]["wrapped_key"] = ("B" if wrapped[5] == "A" else "A").join(
        (wrapped[:5], wrapped[6:])
    )
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(KeyFileDamaged) as caught:
        open_database(closed, PASSPHRASE)
    assert "damaged" in str(caught.value) and "not right" not in str(caught.value)
    # ... while a wrong passphrase on a sound key file is still just that.
    doc["slots"][0]["wrapped_key"] = wrapped
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(WrongPassphrase):
        open_database(closed, "not the passphrase")


@pytest.mark.parametrize(
    ("err", "fault", "words"),
    [
        (errno.ENOSPC, DiskFull, "is full"),
        (errno.EDQUOT, DiskFull, "is full"),
        (errno.EROFS, FolderNotWritable, "read-only"),
        (errno.EACCES, FolderNotWritable, "read-only"),
    ],
)
def test_a_full_disk_or_read_only_folder_at_open_is_named_as_such(
    closed, monkeypatch, err, fault, words
):
    before = sorted(p.name for p in closed.iterdir())
    fail_writes_in(monkeypatch, closed, err)
    with pytest.raises(fault) as caught:
        open_database(closed, PASSPHRASE)
    message = str(caught.value)
    assert words in message and str(closed) in message
    assert "another database" not in message and "not right" not in message
    monkeypatch.undo()
    assert sorted(p.name for p in closed.iterdir()) == before  # the probe left nothing
    open_database(closed, PASSPHRASE).close()  # space freed: it opens


def test_the_folder_probe_leaves_nothing_without_nameless_files(closed, monkeypatch):
    """Where O_TMPFILE is not there, the probe's named file is removed again."""
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    before = sorted(p.name for p in closed.iterdir())
    assert faults.folder_fault(closed) is None
    assert sorted(p.name for p in closed.iterdir()) == before
    fail_writes_in(monkeypatch, closed, errno.ENOSPC)
    assert isinstance(faults.folder_fault(closed), DiskFull)


class _SqliteError(Exception):
    def __init__(self, code: int, name: str) -> None:
        super().__init__("a message that might quote a statement")
        self.sqlite_errorcode, self.sqlite_errorname = code, name


def test_sqlite_s_own_code_decides_what_a_failed_open_was(closed, monkeypatch):
    db_path = closed / DB_FILENAME
    foreign = faults.open_fault(_SqliteError(26, "SQLITE_NOTADB"), db_path)
    assert "another database" in str(foreign)
    damaged = faults.open_fault(_SqliteError(11, "SQLITE_CORRUPT"), db_path)
    assert "is damaged" in str(damaged) and "another database" not in str(damaged)
    full = faults.open_fault(_SqliteError(13, "SQLITE_FULL"), db_path)
    assert isinstance(full, DiskFull)
    cant = faults.open_fault(_SqliteError(14, "SQLITE_CANTOPEN"), db_path)
    assert "SQLITE_CANTOPEN" in str(cant) and "another database" not in str(cant)
    # An I/O error (SQLite cannot map its shared memory) on a disk that is in fact full.
    fail_writes_in(monkeypatch, closed, errno.ENOSPC)
    assert isinstance(faults.open_fault(_SqliteError(4874, "SQLITE_IOERR_SHMSIZE"), db_path),
                      DiskFull)  # fmt: skip
    for fault in (foreign, damaged, full, cant):
        assert "might quote" not in str(fault)


def test_a_missing_database_beside_its_key_file_is_named(closed):
    (closed / DB_FILENAME).unlink()
    with pytest.raises(DatabaseMissing, match=r"database caseworker\.db is missing"):
        open_database(closed, PASSPHRASE)


def test_a_missing_key_file_beside_its_database_is_named(closed):
    (closed / KEY_FILENAME).unlink()
    with pytest.raises(KeyFileMissing, match=r"key file caseworker\.key is missing"):
        open_database(closed, PASSPHRASE)


def _spoil_the_worker(data_dir, value: str) -> None:
    db = open_database(data_dir, PASSPHRASE)
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE setting SET value = :v WHERE key = 'current_worker_id'"), {"v": value}
        )
    db.close()


@pytest.mark.parametrize("value", ["not a uuid", "00000000000000000000000000000000"])
def test_an_unreadable_worker_row_is_named_and_check_can_still_open(closed, value):
    _spoil_the_worker(closed, value)
    with pytest.raises(StorageError, match="worker record cannot be read"):
        open_database(closed, PASSPHRASE)
    db = open_database(closed, PASSPHRASE, for_check=True)
    try:
        assert len(db.open_problems) == 1 and "worker record" in db.open_problems[0]
    finally:
        db.close()


def test_wal_and_shm_files_are_private_from_the_start(tmp_path):
    """The demo keeps its caseload open for the whole session: its journal files must be
    0600 while it runs, not only the database once it is made."""
    old = os.umask(0o022)
    try:
        db = create_database(tmp_path / "cw", PASSPHRASE, kdf=KdfParams.fast_for_tests())
        try:
            with db.engine.begin() as conn:
                conn.execute(text("CREATE TABLE probe (x)"))
            made = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "cw").iterdir()}
        finally:
            db.close()
    finally:
        os.umask(old)
    assert {f"{DB_FILENAME}-wal", f"{DB_FILENAME}-shm", DB_FILENAME} <= set(made)
    assert set(made.values()) == {0o600}, made


@pytest.mark.parametrize("nameless", [True, False])
def test_a_failed_atomic_write_leaves_nothing(tmp_path, monkeypatch, nameless):
    if not nameless:
        monkeypatch.setattr(files, "_open_unnamed", lambda folder: None)
    target = tmp_path / "out.json"
    target.write_text("the good one", encoding="utf-8")

    with pytest.raises(RuntimeError), files.atomic_file(target) as fh:
        fh.write("Zebedee Quuxington")
        raise RuntimeError("stopped half-way")
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.read_text(encoding="utf-8") == "the good one"

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(StorageError, match="No space left"), files.atomic_file(target) as fh:
        fh.write("Zebedee Quuxington")
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    monkeypatch.undo()
    with files.atomic_file(target) as fh:
        fh.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_atomic_writes_are_nameless_until_complete_where_the_system_allows(tmp_path):
    """On Linux the file being written has no name at all, so a kill leaves nothing."""
    target = tmp_path / "out.json"
    with files.atomic_file(target) as fh:
        fh.write("Zebedee")
        fh.flush()
        during = sorted(p.name for p in tmp_path.iterdir())
    assert during == [] and target.read_text(encoding="utf-8") == "Zebedee"


def test_new_caseload_refuses_a_folder_with_something_in_it(tmp_path):
    from caseworker.core.errors import AlreadyExists

    folder = tmp_path / "cw"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(AlreadyExists, match="not empty"):
        new_caseload(folder)
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    (folder / "notes.txt").unlink()
    new_caseload(folder).close()  # an empty folder is fine
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
