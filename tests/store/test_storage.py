"""Storage: SQLCipher encryption at rest, the wrapped data key, passphrase change, backups."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat

import pytest
from caseloads import PASSPHRASE, new_caseload
from sqlalchemy import func, select

from caseworker.core.errors import AlreadyExists, NotInitialised, StorageError, WrongPassphrase
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME
from caseworker.people import clients
from caseworker.store import (
    backup_to,
    change_passphrase,
    create_database,
    integrity_problems,
    is_initialised,
    open_database,
)
from caseworker.store.anchor import ANCHOR_FILENAME
from caseworker.store.keyfile import KdfParams
from caseworker.store.models import Client
from caseworker.store.trail import verify_chain

SECRET_GIVEN, SECRET_FAMILY = "Zebedee", "Quuxington"


def _add_secret_client(db, today):
    with db.session() as s:
        return clients.create_client(
            s,
            {
                "given_name": SECRET_GIVEN,
                "family_name": SECRET_FAMILY,
                "aliases": "Zeb Quux",
                "address": "17 Xylophone Terrace",
            },
            today,
        )


def _db_files(data_dir):
    return [p for p in data_dir.iterdir() if p.name.startswith(DB_FILENAME)]


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _client_names(db):
    with db.session() as s:
        return [c.family_name for c in s.scalars(select(Client))]


@pytest.mark.sqlcipher
def test_client_data_is_not_in_the_files_on_disk(db, db_dir, today):
    _add_secret_client(db, today)
    # While open (the change may still be in the -wal file) ...
    files = _db_files(db_dir)
    assert any(p.name == DB_FILENAME + "-wal" for p in files), "expected WAL mode"
    for needle in (b"Quuxington", b"quuxington", b"Xylophone", b"Zeb Quux", b"SQLite format 3"):
        for p in files:
            assert needle not in p.read_bytes(), f"{needle!r} readable in {p.name}"
    # ... and after close, when it has been checkpointed into the main file.
    db.close()
    for p in _db_files(db_dir):
        assert b"Quuxington" not in p.read_bytes()
        assert b"quuxington" not in p.read_bytes()
    assert b"Quuxington" not in (db_dir / KEY_FILENAME).read_bytes()
    # The data really is there: it reads back with the passphrase.
    again = open_database(db_dir, PASSPHRASE)
    try:
        assert _client_names(again) == [SECRET_FAMILY]
    finally:
        again.close()


@pytest.mark.sqlcipher
def test_plain_sqlite_cannot_read_the_database(db, db_dir, today):
    _add_secret_client(db, today)
    db.close()
    conn = sqlite3.connect(db_dir / DB_FILENAME)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("select * from sqlite_master").fetchall()
    finally:
        conn.close()


@pytest.mark.sqlcipher
def test_files_are_private(db, db_dir):
    assert stat.S_IMODE(os.stat(db_dir / DB_FILENAME).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(db_dir / KEY_FILENAME).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(db_dir).st_mode) & 0o077 == 0


@pytest.mark.sqlcipher
def test_crash_safety_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.sqlcipher
def test_wrong_passphrase_raises(db, db_dir):
    db.close()
    with pytest.raises(WrongPassphrase):
        open_database(db_dir, "not the passphrase")
    with pytest.raises(WrongPassphrase):
        open_database(db_dir, None)


def test_not_initialised(tmp_path):
    assert not is_initialised(tmp_path)
    with pytest.raises(NotInitialised, match="caseworker init"):
        open_database(tmp_path, PASSPHRASE)


@pytest.mark.sqlcipher
def test_create_refuses_to_overwrite(db, db_dir, today):
    _add_secret_client(db, today)
    db.close()
    before = _sha(db_dir / DB_FILENAME), _sha(db_dir / KEY_FILENAME)
    with pytest.raises(AlreadyExists):
        create_database(db_dir, "another passphrase", kdf=KdfParams.fast_for_tests())
    with pytest.raises(AlreadyExists):
        new_caseload(db_dir)
    assert (_sha(db_dir / DB_FILENAME), _sha(db_dir / KEY_FILENAME)) == before


@pytest.mark.sqlcipher
def test_key_file_from_another_database_is_a_clear_storage_error(db, db_dir, tmp_path):
    db.close()
    other_dir = tmp_path / "other"
    new_caseload(other_dir, "other passphrase").close()
    shutil.copy(other_dir / KEY_FILENAME, db_dir / KEY_FILENAME)
    with pytest.raises(StorageError, match="could not be read"):
        open_database(db_dir, "other passphrase")


@pytest.mark.sqlcipher
def test_change_passphrase_rewraps_key_only(db, db_dir, today):
    _add_secret_client(db, today)
    db.close()
    db_path = db_dir / DB_FILENAME
    assert not (db_dir / (DB_FILENAME + "-wal")).exists()  # checkpointed on close
    before_hash, before_mtime = _sha(db_path), os.stat(db_path).st_mtime_ns
    key_before = (db_dir / KEY_FILENAME).read_bytes()

    change_passphrase(db_dir, PASSPHRASE, "a brand new passphrase", kdf=KdfParams.fast_for_tests())

    assert (db_dir / KEY_FILENAME).read_bytes() != key_before
    assert _sha(db_path) == before_hash
    assert os.stat(db_path).st_mtime_ns == before_mtime
    with pytest.raises(WrongPassphrase):
        open_database(db_dir, PASSPHRASE)
    again = open_database(db_dir, "a brand new passphrase")
    try:
        assert _client_names(again) == [SECRET_FAMILY]
    finally:
        again.close()


@pytest.mark.sqlcipher
def test_change_passphrase_with_wrong_old_one_changes_nothing(db, db_dir):
    db.close()
    key_before = (db_dir / KEY_FILENAME).read_bytes()
    with pytest.raises(WrongPassphrase):
        change_passphrase(db_dir, "wrong old passphrase", "whatever new one")
    assert (db_dir / KEY_FILENAME).read_bytes() == key_before
    open_database(db_dir, PASSPHRASE).close()


def test_worker_is_remembered_across_opens(db, db_dir):
    worker_id = db.worker_id
    assert worker_id is not None
    db.close()
    again = open_database(db_dir, PASSPHRASE)
    try:
        assert again.worker_id == worker_id
    finally:
        again.close()


def test_integrity_check_of_a_sound_database(db, today):
    _add_secret_client(db, today)
    assert integrity_problems(db) == []


@pytest.mark.sqlcipher
def test_backup_opens_on_its_own(db, today, tmp_path):
    _add_secret_client(db, today)
    target = tmp_path / "backup"
    backup_to(db, target)
    # With its own anchor: where the copy's trail ends, sealed with the same key.
    assert sorted(p.name for p in target.iterdir()) == [ANCHOR_FILENAME, DB_FILENAME, KEY_FILENAME]
    assert stat.S_IMODE(os.stat(target / DB_FILENAME).st_mode) == 0o600
    assert b"Quuxington" not in (target / DB_FILENAME).read_bytes()
    copy = open_database(target, PASSPHRASE)
    try:
        assert copy.anchor_problem is None
        assert _client_names(copy) == [SECRET_FAMILY]
        assert integrity_problems(copy) == []
        with copy.session() as s:
            assert verify_chain(s).ok
            assert s.scalar(select(func.count()).select_from(Client)) == 1
        # The lists' change count came too, triggers and all (migration 0019).
        counted = copy.lists_version()
        _add_secret_client(copy, today)
        assert copy.lists_version() != counted
    finally:
        copy.close()


@pytest.mark.sqlcipher
def test_backup_refuses_a_non_empty_folder(db, tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "something.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(AlreadyExists, match="not empty"):
        backup_to(db, target)
    assert sorted(p.name for p in target.iterdir()) == ["something.txt"]


@pytest.mark.sqlcipher
def test_an_emptied_database_file_is_refused_not_rebuilt(db, db_dir):
    from caseworker.core.errors import StorageError
    from caseworker.store.database import open_database

    db.close()
    for name in ("caseworker.db-wal", "caseworker.db-shm"):
        (db_dir / name).unlink(missing_ok=True)
    (db_dir / "caseworker.db").write_bytes(b"")
    with pytest.raises(StorageError, match="empty"):
        open_database(db_dir, PASSPHRASE)
    assert (db_dir / "caseworker.db").stat().st_size == 0  # left for the worker to restore


@pytest.mark.sqlcipher
def test_a_missing_key_file_is_named(db, db_dir):
    from caseworker.store.database import open_database
    from caseworker.store.keyfile import KeyFileError

    db.close()
    (db_dir / "caseworker.key").unlink()
    with pytest.raises(KeyFileError, match=r"key file caseworker\.key is missing"):
        open_database(db_dir, PASSPHRASE)


@pytest.mark.sqlcipher  # the caseload's folder on this laptop
def test_interrupted_init_leaves_nothing_behind(tmp_path, monkeypatch):
    import caseworker.store.setup as firstrun
    from caseworker.store.keyfile import KdfParams
    from caseworker.store.setup import SetupAnswers, initialise

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(firstrun, "Setting", interrupted)
    target = tmp_path / "cw"
    with pytest.raises(KeyboardInterrupt):
        initialise(
            target, SetupAnswers("W", "worker", "S", PASSPHRASE), kdf=KdfParams.fast_for_tests()
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no caseload, no build folder
    monkeypatch.undo()
    initialise(
        target, SetupAnswers("W", "worker", "S", PASSPHRASE), kdf=KdfParams.fast_for_tests()
    ).close()


@pytest.mark.sqlcipher
def test_a_connection_out_in_a_read_when_the_caseload_locks_is_closed_as_it_comes_back(db):
    """Locking drops the key first, then closes every connection holding it: one a
    worker's read still has out finishes its read, then is closed as it is given back,
    not kept in the pool with the key in it."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from caseworker.store.encrypted_engine import engine_key, forget_engine_key

    out = db.engine.raw_connection()  # a worker's read, in flight
    idle = db.engine.raw_connection()
    idle_driver = idle.dbapi_connection
    idle.close()  # back in the pool, open, keyed
    driver = out.dbapi_connection
    forget_engine_key(db.engine)  # the lock's first step: the pool is not yet emptied
    with pytest.raises(StorageError, match="locked"):
        db.engine.connect()  # the idle connection is not handed out, but closed
    with pytest.raises(sqlcipher.ProgrammingError, match="closed"):
        idle_driver.execute("SELECT 1")
    db.close()  # the rest of the lock
    assert engine_key(db.engine) is None
    assert driver.execute("SELECT count(*) FROM client").fetchone() == (0,)  # read finishes
    out.close()  # given back
    with pytest.raises(sqlcipher.ProgrammingError, match="closed"):
        driver.execute("SELECT 1")
    with pytest.raises(StorageError, match="locked"):
        db.engine.connect()
