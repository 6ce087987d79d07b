"""How far a whole export has got, in rows, across both of its processes (export_halves).

The second process adds the rows it has written to a counter in memory it shares with
this one (an anonymous shared mapping made before the fork stays shared after it), so
this process can say the sum: between its own batches, and while it waits for the
second process to finish. Reports are at most every tenth of a second: a progress line
on a terminal, not a flood of them.
"""

from __future__ import annotations

import mmap
import struct
import time
from collections.abc import Callable

# Told (rows written so far, rows in all): caseworker.cli's progress line.
Report = Callable[[int, int], None]

_COUNTER = struct.Struct("q")


class ExportProgress:
    EVERY = 0.1  # seconds between reports

    def __init__(self, total: int, report: Report) -> None:
        self.total = total
        self._report = report
        self._mine = 0
        # MAP_SHARED (the default) and anonymous: the child's writes are seen here.
        self._theirs = mmap.mmap(-1, _COUNTER.size)
        self._said_at = 0.0

    @property
    def done(self) -> int:
        return self._mine + _COUNTER.unpack_from(self._theirs)[0]

    def wrote(self, rows: int) -> None:
        """This process wrote ``rows`` more rows."""
        self._mine += rows
        self.waiting()

    def child_wrote(self, rows: int) -> None:
        """In the second process: it wrote ``rows`` more rows (it says nothing itself)."""
        _COUNTER.pack_into(self._theirs, 0, _COUNTER.unpack_from(self._theirs)[0] + rows)

    def waiting(self) -> None:
        """Say how far it has got, if a report is due."""
        now = time.monotonic()
        if now - self._said_at >= self.EVERY:
            self._said_at = now
            self._report(self.done, self.total)

    def finished(self) -> None:
        """The last report, whenever the one before was."""
        self._report(self.done, self.total)

    def close(self) -> None:
        self._theirs.close()
