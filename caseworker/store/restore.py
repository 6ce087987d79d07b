"""Restoring a caseload from a backup (`caseworker backup DIR` made it).

Copying a backup back by hand leaves the anchor of the caseload it replaced: the trail
then looks cut short, an alarm that never clears. A restore instead builds the restored
caseload in a hidden folder beside the data folder — the backup copied, opened with its
passphrase (which also brings its schema up to date), the restore recorded in its trail,
closed, which seals a new anchor — and only then swaps it with the caseload it replaces,
in one atomic exchange where the system has one. Until that moment the old caseload is
untouched; after it, the old one is removed.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from caseworker.core.errors import AlreadyExists, CaseloadError, CaseworkerError, StorageError
from caseworker.core.files import fsync_folder
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME, missing_caseload_file
from caseworker.store import keyfile
from caseworker.store.anchor import ANCHOR_FILENAME
from caseworker.store.setup import new_sibling_folder

if TYPE_CHECKING:
    from caseworker.store.database import Database
    from caseworker.store.trail import ChainProgress

# What a caseload's folder holds; a restore replaces the folder, so nothing else may be there.
CASELOAD_FILES = {DB_FILENAME, f"{DB_FILENAME}-wal", f"{DB_FILENAME}-shm", KEY_FILENAME,
                  ANCHOR_FILENAME}  # fmt: skip


class NotABackup(CaseloadError):
    """The folder given to restore from does not hold a caseload's database and key file."""


def check_backup(backup_dir: Path) -> None:
    if not backup_dir.is_dir():
        raise NotABackup(f"{backup_dir} is not a folder: give the folder the backup went into.")
    missing = missing_caseload_file(backup_dir)
    if missing is not None:
        raise NotABackup(f"{backup_dir} is not a whole backup. {missing}")
    if not (backup_dir / DB_FILENAME).exists():
        raise NotABackup(
            f"{backup_dir} holds no backup (no {DB_FILENAME} and {KEY_FILENAME} in it)."
        )


def backup_key(backup_dir: Path, passphrase: str) -> bytes:
    """The backup's data key: proves the passphrase opens it, writing nothing there."""
    return backup_unlock(backup_dir, passphrase).data_key


def backup_unlock(backup_dir: Path, passphrase: str) -> keyfile.Unlocked:
    """The backup's data key, and whose slot of its key file the passphrase opened."""
    return keyfile.open_document(keyfile.read(backup_dir / KEY_FILENAME), passphrase)


def has_caseload(data_dir: Path) -> bool:
    return data_dir.is_dir() and any(p.name in CASELOAD_FILES for p in data_dir.iterdir())


def check_replaceable(data_dir: Path) -> None:
    """The data folder holds only a caseload (it is replaced whole) that nobody has open."""
    if data_dir.exists() and not data_dir.is_dir():
        raise AlreadyExists(f"{data_dir} is a file, not a caseload folder. Nothing was changed.")
    if not data_dir.exists():
        return
    others = sorted(p.name for p in data_dir.iterdir() if p.name not in CASELOAD_FILES)
    if others:
        raise AlreadyExists(
            f"{data_dir} holds other files besides the caseload ({', '.join(others[:3])}): "
            "move them elsewhere first. Nothing was changed."
        )
    if in_use(data_dir):
        raise StorageError(
            f"The caseload in {data_dir} is open (caseworker is running on it): quit it "
            "first. Nothing was changed."
        )


def in_use(data_dir: Path) -> bool:
    """Whether another process has the database open. SQLite holds a shared lock on one
    byte of the -shm file (its "DMS" slot, offset 128) for as long as a connection is
    open; if an exclusive lock on it cannot be had, someone has it open."""
    import fcntl

    shm = data_dir / f"{DB_FILENAME}-shm"
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False  # no shared-memory file: nobody has it open
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, 128)
        return False
    finally:
        os.close(fd)


def restore_from(
    backup_dir: Path,
    data_dir: Path,
    data_key: bytes,
    person_id: uuid.UUID | None = None,
    *,
    checking: Callable[[str], None] | None = None,
    trail_progress: ChainProgress | None = None,
) -> None:
    """Replace the caseload in ``data_dir`` with the backup (see the module's words); the
    restore is recorded as ``person_id``'s (whose passphrase opened the backup), or else
    as the caseload's first owner's. A backup that `check` would fail (damaged, its trail
    altered or rolled back) replaces nothing (BackupUnsound); ``checking`` is told what
    is being checked, ``trail_progress`` how far through the trail (seconds at 50,000
    clients)."""
    from caseworker.store.database import open_database
    from caseworker.store.trail import append_event

    check_backup(backup_dir)
    check_replaceable(data_dir)
    try:
        staging = new_sibling_folder(data_dir, "restore")
    except OSError as exc:
        raise StorageError(f"Cannot restore beside {data_dir}: {exc.strerror}.") from None
    try:
        try:
            # The backup's anchor too: where its own trail ended, to check it against.
            for name in (DB_FILENAME, f"{DB_FILENAME}-wal", KEY_FILENAME, ANCHOR_FILENAME):
                if (backup_dir / name).exists():  # a -wal: the backup was opened, not closed
                    shutil.copyfile(backup_dir / name, staging / name)
                    os.chmod(staging / name, 0o600)
        except OSError as exc:
            raise StorageError(
                f"Cannot copy the backup: {exc.strerror}. Nothing was changed."
            ) from None
        try:
            db = open_database(staging, None, data_key=data_key, person_id=person_id)
        except CaseworkerError as exc:
            raise BackupUnsound(f"{backup_dir} cannot be restored: {_plain(exc, staging)} "
                                "Nothing was changed.") from None  # fmt: skip
        try:
            problem = unsound(db, checking, trail_progress)
            if problem:
                raise BackupUnsound(
                    f"{backup_dir} cannot be restored: {problem}. Nothing was changed; "
                    f"`caseworker check --data-dir {backup_dir}` says more. Restore an "
                    "older backup instead."
                )
            with db.session() as s:
                append_event(
                    s, "restore", "database",
                    summary="Caseload restored from a backup; it replaced what was there",
                )  # fmt: skip
            # The backup's trail is the caseload's trail from now on: whatever an anchor
            # said about the trail it replaced (or about none), seal it afresh here.
            db.anchor_problem = None
        finally:
            db.close()  # seals the anchor at the restored trail's new end
        _swap_into_place(staging, data_dir)
    finally:
        # After the swap this holds the replaced caseload; before it, the unfinished copy.
        shutil.rmtree(staging, ignore_errors=True)


class BackupUnsound(StorageError):
    """The backup is damaged, or its trail altered or cut short: it replaces nothing."""


def unsound(
    db: Database,
    checking: Callable[[str], None] | None = None,
    trail_progress: ChainProgress | None = None,
) -> str | None:
    """What is wrong with the backup just opened (None: sound): what `check` would fail it
    for before it replaced a sound caseload, its pages, its trail's chain and the anchor
    it was closed with (a trail rolled back to an older copy)."""
    from sqlalchemy.exc import DatabaseError

    from caseworker.store.integrity import integrity_problems
    from caseworker.store.trail import verify_chain

    try:
        if checking is not None:
            checking("Checking the backup's database (every page)...")
        problems = integrity_problems(db)
        if problems:
            return f"its database file is damaged ({problems[0]})"
        with db.snapshot() as conn:
            chain = verify_chain(conn, trail_progress)
    except DatabaseError:
        return "its database file is damaged"
    if not chain.ok:
        return f"its trail fails its check ({chain.problem})"
    if db.anchor_problem:
        return f"its trail fails its check ({db.anchor_problem})"
    return None


def _plain(exc: Exception, staging: Path) -> str:
    """The open's message, naming the backup rather than the hidden copy of it."""
    return str(exc).replace(f"{staging}/", "its ").replace(str(staging), "the backup")


def _swap_into_place(staging: Path, data_dir: Path) -> None:
    try:
        if not data_dir.exists():
            os.rename(staging, data_dir)
        elif not _exchange(staging, data_dir):
            # No atomic exchange here: the old caseload is moved aside first and put back
            # if the new one cannot take its place.
            aside = staging.with_name(staging.name + "-replaced")
            os.rename(data_dir, aside)
            try:
                os.rename(staging, data_dir)
            except BaseException:
                os.rename(aside, data_dir)
                raise
            os.rename(aside, staging)  # removed by the caller, like an exchanged one
    except OSError as exc:
        raise StorageError(f"Cannot put the restored caseload in place: {exc.strerror}.") from None
    fsync_folder(data_dir.parent)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two folders in one step (Linux 3.15+)."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False  # a C library without it
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    import errno

    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # this file system cannot exchange
    raise OSError(err, os.strerror(err))
