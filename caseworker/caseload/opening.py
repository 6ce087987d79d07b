"""Opening a caseload for the app: unlock it (with a passphrase, or with the key the
command line is already unwrapping) and read what the app shows about it. The screens
call these rather than the store."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from caseworker.core.paths import KEY_FILENAME
from caseworker.store import Database, open_database, setting, unwrap_in_background


def open_caseload(
    data_dir: Path, passphrase: str | None, *, data_key: bytes | None = None
) -> Database:
    """Unlock and open (a server database needs no passphrase). Raises CaseworkerError."""
    return open_database(data_dir, passphrase, data_key=data_key)


def unwrap_key(data_dir: Path, passphrase: str) -> Future[bytes]:
    """Start deriving the data key on a thread (Argon2 is slow on purpose)."""
    return unwrap_in_background(data_dir / KEY_FILENAME, passphrase)


def service_name(db: Database) -> str:
    with db.session() as s:
        return setting(s, "service_name")
