"""Database faults in plain words: what happened and that nothing was saved.

The driver's own message can carry the statement's values (client data), so it is
never shown; this says what kind of fault it was instead.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TYPE_CHECKING

from caseworker.core.errors import DiskFull, FolderNotWritable, StorageError
from caseworker.store.sealed import SEALED_MESSAGE

if TYPE_CHECKING:
    from sqlalchemy import Engine


def plain_reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return ("The caseload is busy (another caseworker window or a backup is using it). "
                "Nothing was saved; try again in a moment.")  # fmt: skip
    if "disk" in text and ("full" in text or "i/o" in text):
        return "The disk is full or failing. Nothing was saved."
    if getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501":
        # A server refusing a person's own login what only the owner login may do.
        return ("Your database login may not change that (only the caseload's owner login "
                "can). Nothing was saved.")  # fmt: skip
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "The caseload is read-only here (check the folder's permissions). Nothing was saved."
    if "could not connect" in text or "connection" in text:
        return "The database server cannot be reached. Nothing was saved."
    if "malformed" in text or "not a database" in text:
        return ("The caseload's database file is damaged. `caseworker check` says where; "
                "`caseworker restore` brings back the latest backup.")  # fmt: skip
    if SEALED_MESSAGE in text:
        return ("That record is signed and sealed: it cannot be changed or removed (a later "
                "record supersedes or adds to it). Nothing was saved.")  # fmt: skip
    return f"The database refused the change ({type(exc).__name__}). Nothing was saved."


# ---- opening: which fault it really is -------------------------------------------------

# What SQLite needs beside the database before it can open it in WAL mode: the write-ahead
# log and a 32 KiB shared-memory index, both created in the same folder.
_PROBE_BYTES = 32 * 1024


def folder_fault(folder: Path) -> StorageError | None:
    """Can the caseload's folder take what SQLite will write there? Tried for real (32
    KiB written and removed, as a nameless file where the system allows), so a
    read-only folder or a full disk is named as such, before SQLite meets it and reports
    something that looks like a wrong key. ``os.access`` cannot tell: it is always yes
    for root, and says nothing about free space."""
    flag = getattr(os, "O_TMPFILE", None)
    probe: Path | None = None
    try:
        try:
            if flag is None:
                raise IsADirectoryError  # no nameless files here: use a named one
            fd = os.open(folder, flag | os.O_WRONLY, 0o600)
        except OSError as exc:
            if flag is not None and exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR,
                                                      errno.EINVAL):  # fmt: skip
                raise
            probe = folder / f".caseworker-probe-{os.getpid()}"
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            # No fsync: a local disk refuses the write itself when it is full, and an
            # fsync at every open would cost start-up more than the rest of the probe.
            os.write(fd, bytes(_PROBE_BYTES))
        finally:
            os.close(fd)
    except OSError as exc:
        return _os_fault(exc, folder)
    finally:
        if probe is not None:
            probe.unlink(missing_ok=True)
    return None


def _os_fault(exc: OSError, folder: Path) -> StorageError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(
            f"The disk holding {folder} is full, so the caseload cannot be opened (SQLite "
            "needs room for its journal). Free some space and try again. Nothing was changed."
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return FolderNotWritable(
            f"The folder {folder} is read-only here ({exc.strerror}), so the caseload cannot "
            "be opened: it needs to write its journal beside the database. Check the "
            "folder's permissions (or the disk's write protection). Nothing was changed."
        )
    return StorageError(f"The folder {folder} cannot be written ({exc.strerror}).")


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 3, 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26


def open_fault(exc: Exception, db_path: Path) -> StorageError:
    """The database would not open with this key: say why, from SQLite's own code (never
    its message, which could quote a statement). Only "not a database" means the key and
    the file do not belong together; a file-system fault is looked at again first."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN):
        fault = folder_fault(db_path.parent)
        if fault is not None:
            return fault
        if primary == _SQLITE_FULL:
            return _os_fault(OSError(errno.ENOSPC, "No space left on device"), db_path.parent)
        return StorageError(
            f"The database file {db_path} could not be opened "
            f"({getattr(orig, 'sqlite_errorname', type(orig).__name__)}). Nothing was changed."
        )
    if primary == _SQLITE_CORRUPT:
        return StorageError(
            f"The database file {db_path} is damaged: restore it from your latest backup "
            "(caseworker restore BACKUP_DIR)."
        )
    return StorageError(
        "The database file could not be read with this key file. It may be damaged, "
        "or the key file may belong to another database."
    )


def probe_file(engine: Engine, db_path: Path) -> None:
    """Touch the file so a damaged or foreign database fails here, with a clear message."""
    from sqlalchemy.exc import DatabaseError

    if not os.access(db_path, os.R_OK | os.W_OK):
        raise StorageError(f"No permission to read and write {db_path}.")
    if db_path.stat().st_size == 0:
        raise StorageError(f"{db_path} is empty: restore it from your latest backup.")
    # A read-only folder or a full disk fails inside SQLite much like a wrong key does:
    # name it first.
    fault = folder_fault(db_path.parent)
    if fault is not None:
        raise fault
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except DatabaseError as exc:
        raise open_fault(exc, db_path) from None
