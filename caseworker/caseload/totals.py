"""The caseload's totals: how many clients each list (a filter, a search, a day) has,
counted once and kept. A count reads the whole filter where a page reads only its rows,
so a list already counted is not counted again while nothing has changed.

Each total is kept with the store's count of writes to what the lists count when it was
counted (Database.lists_version: it moves on at anyone's write of a client, a child or a
due item, whether this app's own saves, another window's or a command line's, and not at
a record opened or a note written), and holds while that number has not moved. A server
has no such number: there a total holds for a minute, and is forgotten when the worker
comes back from another screen (where records change), as before.

``count_ahead`` counts every filter's total in the background once the caseload is open
(and again once something has changed), so the filter key finds its total there already
(on the local file; a server's lists are counted as they are shown).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from datetime import date
from typing import TYPE_CHECKING

from caseworker.caseload.listing import FILTERS

if TYPE_CHECKING:
    from caseworker.store import Database

# A total kept without a lists version (a server has none) holds this long.
LIFETIME = 60.0
# Totals kept at most (a search typed letter by letter keeps one per text).
KEPT = 256
# The search counted ahead with the filters (see count_ahead).
WARM_SEARCH = "a"


class Totals:
    """Thread-safe: the caseload's reads keep and find totals on their worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (query, filter, day) -> (total, lists version or None, when counted)
        self._kept: OrderedDict[tuple[str, str, date], tuple[int, int | None, float]] = (
            OrderedDict()
        )

    @staticmethod
    def version(db: Database) -> int | None:
        """The version to read and keep a total with: taken before the count, so a write
        committed while counting moves it on and the total is counted again next time."""
        return db.lists_version()

    def get(self, query: str, filter_id: str, today: date, version: int | None) -> int | None:
        """The list's total if kept and still true (None: count it)."""
        with self._lock:
            kept = self._kept.get((query, filter_id, today))
        if kept is None:
            return None
        total, counted_at, when = kept
        if version is None or counted_at is None:
            fresh = version is None and counted_at is None
            return total if fresh and time.monotonic() - when <= LIFETIME else None
        return total if counted_at == version else None

    def keep(
        self, query: str, filter_id: str, today: date, total: int, version: int | None
    ) -> None:
        with self._lock:
            key = (query, filter_id, today)
            self._kept[key] = (total, version, time.monotonic())
            self._kept.move_to_end(key)
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)

    def forget_unversioned(self) -> None:
        """Back from another screen: totals kept without a data version may be out of date."""
        with self._lock:
            for key in [k for k, (_, v, _w) in self._kept.items() if v is None]:
                del self._kept[key]

    def count_ahead(self, db: Database, today: date) -> int:
        """Count every filter's total (no search) not kept at the current version; how many
        were counted. For a worker thread: a few tens of milliseconds at 50,000 clients.
        Not on a server (no data version): there each worker's every return to the list
        would count every filter again, for everyone's records."""
        from caseworker.caseload.page import count_clients

        counted = 0
        for filter_id, _label in FILTERS:
            version = self.version(db)
            if version is None:
                return counted
            if self.get("", filter_id, today, version) is not None:
                continue
            with db.session() as s:
                total = count_clients(s, today=today, filter_id=filter_id)
            self.keep("", filter_id, today, total, version)
            counted += 1
        # And the open list searched for its commonest letter: a real total, kept like the
        # others, whose count reads the whole name index (ix_client_search) once, so the
        # first search typed finds its pages already decrypted in this connection's cache
        # (read cold, that first count took several times as long as the page).
        version = self.version(db)
        if counted and self.get(WARM_SEARCH, "open", today, version) is None:
            with db.session() as s:
                total = count_clients(s, today=today, query=WARM_SEARCH, filter_id="open")
            self.keep(WARM_SEARCH, "open", today, total, version)
        return counted
