"""Whether anyone has committed to the caseload file since a moment: SQLite's PRAGMA
data_version, which moves on with every commit of any other connection (a session of
this process, another window, a command line), read on a connection of its own that
never writes. On it, too, the caseload lists' own count of writes (``lists``: what a
list's total is kept with, caseworker.caseload.totals), read again only once the data
version has moved: nothing is counted twice, nothing kept stale."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from caseworker.core.errors import CaseloadLocked, StorageError


class DataVersion:
    def __init__(self, db_path: Path, key: Callable[[], bytes | None]) -> None:
        self._path = db_path
        self._key = key  # the engine's key while the caseload is open; None once locked
        self._conn: Any = None
        self._lock = threading.Lock()
        # The lists' change count as last read, and the data version it was read at.
        self._lists = 0
        self._lists_at: int | None = None

    def read(self) -> int:
        """The file's data version now (StorageError, in plain words, if it cannot be read)."""
        with self._lock:
            return self._read(lambda conn: conn.execute("PRAGMA data_version").fetchone()[0])

    def lists(self) -> int:
        """How many writes the caseload's lists count have had: caseload_change.n, moved on
        by triggers at every write of a client, a child or a due item (migration 0019),
        and not by anything else (a record opened, a note, the trail). Read again only
        once the data version has moved."""

        def changes(conn: Any) -> int:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            if version != self._lists_at:
                self._lists = conn.execute("SELECT n FROM caseload_change").fetchone()[0]
                self._lists_at = version
            return self._lists

        with self._lock:
            return self._read(changes)

    def _read(self, query: Callable[[Any], Any]) -> int:
        from caseworker.store import raw
        from caseworker.store.faults import plain_reason

        try:
            if self._conn is None:
                key = self._key()
                if key is None:
                    raise CaseloadLocked()
                self._conn = raw.connect(self._path, key)
            return int(query(self._conn))
        except StorageError:
            raise
        except Exception as exc:  # the driver's own message: plain words, as a session's
            raise StorageError(plain_reason(exc)) from None

    def close(self) -> None:
        """Close its connection (SQLCipher wipes its copy of the key as it closes)."""
        with self._lock:
            conn, self._conn = self._conn, None
            self._lists_at = None  # a connection opened next starts its own count of versions
        if conn is not None:
            conn.close()
