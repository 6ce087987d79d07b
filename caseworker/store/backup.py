"""Encrypted backups: a consistent snapshot that opens as a data directory itself."""

from __future__ import annotations

import os
from pathlib import Path

from caseworker.core.errors import AlreadyExists, StorageError
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME
from caseworker.store.anchor import ANCHOR_FILENAME, seal_anchor
from caseworker.store.database import Database


def check_target(target_dir: Path) -> None:
    """A backup goes into a new or empty folder, never over anything (AlreadyExists)."""
    if target_dir.exists() and (not target_dir.is_dir() or any(target_dir.iterdir())):
        raise AlreadyExists(f"{target_dir} already exists and is not empty")


def backup_to(db: Database, target_dir: Path) -> Path:
    """Write an encrypted copy (database + key file) that opens as a data directory itself."""
    import shutil

    if not db.encrypted or db.data_key is None:
        raise StorageError("Backups of a server database are made with the server's own tools.")
    target_dir = Path(target_dir)
    check_target(target_dir)
    created = not target_dir.exists()
    try:
        target_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StorageError(f"Cannot make {target_dir}: {exc.strerror}.") from None
    partial = target_dir / (DB_FILENAME + ".partial")
    sql_path = str(partial).replace("'", "''")
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"ATTACH DATABASE '{sql_path}' AS backup KEY \"x'{db.data_key.hex()}'\"")
        # One read transaction: the copy is a consistent snapshot even while the app writes.
        cur.execute("BEGIN")
        cur.execute("SELECT sqlcipher_export('backup')")
        # Where the copy's trail ends, for the copy's own anchor (same snapshot).
        head = cur.execute("SELECT seq, hash FROM trail_event ORDER BY seq DESC LIMIT 1").fetchone()
        cur.execute("COMMIT")
        cur.execute("DETACH DATABASE backup")
        cur.close()
        os.chmod(partial, 0o600)
        os.replace(partial, target_dir / DB_FILENAME)
        shutil.copy2(db.key_path, target_dir / KEY_FILENAME)
        if head is not None:
            # A copy with no anchor would fail `check` (its trail says one is kept).
            seal_anchor(target_dir, db.data_key, head[0], head[1])
    except BaseException as exc:
        # Leave nothing half-made: a retry into the same folder must be possible.
        for name in (partial.name, DB_FILENAME, KEY_FILENAME, ANCHOR_FILENAME):
            (target_dir / name).unlink(missing_ok=True)
        if created:
            shutil.rmtree(target_dir, ignore_errors=True)
        if isinstance(exc, Exception) and type(exc).__module__.startswith("sqlcipher3"):
            raise StorageError(f"The backup could not be written ({type(exc).__name__}).") from None
        raise
    finally:
        raw.close()
    return target_dir
