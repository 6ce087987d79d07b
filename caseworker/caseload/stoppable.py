"""A read of the caseload that another thread can stop while it runs.

Typing a search asks for a new page at each pause; the read for the text before it is
then no longer wanted. Textual can cancel the worker, but not the query it is running:
on the local file SQLite's own interrupt (sqlite3_interrupt, made to be called from
another thread) stops that query where it is, so a burst of typing costs the last query,
not every one before it as well. (On a server the read just runs to its end: its rows are
not shown.)

The connection is known to the stopper only while this read holds it: it is forgotten
before the session gives it back to the pool, so a stop can never reach a query of
whoever uses that connection next.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from caseworker.core.errors import CaseworkerError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from caseworker.store import Database


class ReadStopped(CaseworkerError):
    """The read was stopped (a newer one was asked for): it has no rows to show."""


class StoppableRead:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: Any = None
        self.stopped = False

    @contextmanager
    def session(self, db: Database) -> Iterator[Session]:
        """A session whose queries ``stop`` interrupts. Raises ReadStopped if the read was
        stopped, whether before it began or while a query ran."""
        try:
            with db.session() as s:
                connection = s.connection().connection.dbapi_connection
                with self._lock:
                    if self.stopped:
                        raise ReadStopped("stopped before it began")
                    self._connection = connection
                try:
                    yield s
                finally:
                    with self._lock:
                        self._connection = None
        except CaseworkerError:
            # The interrupted query surfaces as the store's plain StorageError.
            if self.stopped:
                raise ReadStopped("stopped") from None
            raise

    def stop(self) -> None:
        """Stop the read: its running query at once (SQLite), any later one before it starts."""
        with self._lock:
            self.stopped = True
            interrupt = getattr(self._connection, "interrupt", None)
            if interrupt is not None:
                interrupt()
