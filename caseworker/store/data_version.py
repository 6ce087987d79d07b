"""Whether anyone has committed to the caseload file since a moment: SQLite's PRAGMA
data_version, which moves on with every commit of any other connection (a session of
this process, another window, a command line), read on a connection of its own that
never writes. What a reader worked out (a list's total) is kept with the number, and
holds while the number has not moved: nothing is counted twice, nothing kept stale."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from caseworker.core.errors import StorageError


class DataVersion:
    def __init__(self, db_path: Path, key: Callable[[], bytes | None]) -> None:
        self._path = db_path
        self._key = key  # the engine's key while the caseload is open; None once locked
        self._conn: Any = None
        self._lock = threading.Lock()

    def read(self) -> int:
        """The file's data version now (StorageError, in plain words, if it cannot be read)."""
        from caseworker.store import raw
        from caseworker.store.faults import plain_reason

        with self._lock:
            try:
                if self._conn is None:
                    key = self._key()
                    if key is None:
                        raise StorageError("The caseload is locked: unlock it to go on.")
                    self._conn = raw.connect(self._path, key)
                return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except StorageError:
                raise
            except Exception as exc:  # the driver's own message: plain words, as a session's
                raise StorageError(plain_reason(exc)) from None

    def close(self) -> None:
        """Close its connection (SQLCipher wipes its copy of the key as it closes)."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
