"""A whole export on two cores: the later tables of the file are written by a second
process while this one writes the earlier ones, then copied in after them.

Turning each raw value into the export's form is Python work, held to one core by the
interpreter (threads would only take turns), and the trail alone is about half of it.
So, on Linux, where a process can be forked with the models already imported, a
child reads the later tables on a connection of its own and writes them, exactly as
this process would, into a nameless file beside the export (O_TMPFILE: it never has a
name, and is gone when closed, whatever happens to either process); this process writes
the earlier tables into the export, then waits for the child and copies its part in.
The file is the same byte for byte as one process writes (a test compares them).

The child says how it ended on a pipe: the row counts of its tables, or nothing. A
child that fails or is killed makes the export fail (StorageError) before the file is
given its name, as any other failure does. Elsewhere (no fork, no nameless file, a
server database), and for a caseload too small to be worth a process, one process
writes everything.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from select import select as ready_to_read
from typing import IO

from sqlalchemy import Table, func, select

from caseworker.core.errors import StorageError
from caseworker.core.forking import ended_well, fork_with_pipe, may_fork, reaped

# Below this many rows in all, one process writes it all: the fork costs more than it saves.
WORTH_IT = 20_000
_CHUNK = 1 << 20

# Writes one table's part of the document (its index in the file, so its comma) and
# returns its row count: export._write_table with the rows bound.
TableWriter = Callable[[IO[str], int, Table], int]


def available(folder: Path) -> bool:
    """Whether an export into ``folder`` can be written by two processes: on Linux, by a
    process of one thread (a fork copies only the thread that makes it, and a lock another
    held would stay held in the child for ever)."""
    if not may_fork():
        return False
    fd = _nameless(folder)
    if fd is None:
        return False
    os.close(fd)
    return True


def _nameless(folder: Path) -> int | None:
    if not hasattr(os, "O_TMPFILE"):
        return None
    try:
        return os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o600)
    except OSError:
        return None  # this file system cannot: one process writes it all


def split_at(weights: Sequence[int]) -> int:
    """Where the later part starts: the split whose two parts are nearest in rows."""
    total = sum(weights)
    best, best_gap, later = len(weights), total, 0
    for at in range(len(weights) - 1, 0, -1):
        later += weights[at]
        gap = abs(total - 2 * later)
        if gap < best_gap:
            best, best_gap = at, gap
    return best


def row_counts(conn, tables: Sequence[Table]) -> list[int]:
    return [conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables]


class LaterTables:
    """The later tables of an export, written by a child process (see the module)."""

    def __init__(self, pid: int, part: int, said: int) -> None:
        self.pid, self.part, self.said = pid, part, said

    def copy_into(self, out: IO[str], waiting: Callable[[], None] | None = None) -> dict[str, int]:
        """Wait for the child (telling ``waiting`` every tenth of a second meanwhile), then
        copy its part into ``out``; its tables' row counts."""
        said, self.said = self.said, -1  # the pipe is this block's to close, whatever comes
        message = b""
        with os.fdopen(said, "rb", buffering=0) as pipe:
            while True:
                if waiting is not None and not ready_to_read([pipe], [], [], 0.1)[0]:
                    waiting()
                    continue
                chunk = pipe.read(_CHUNK)  # what is there; nothing once the child has ended
                if not chunk:
                    break
                message += chunk
        pid, self.pid = self.pid, 0
        if not (ended_well(reaped(pid)) and message):
            raise StorageError(
                "The export stopped: its second process, writing the trail and the tables "
                "after it, did not finish. Nothing was written; try again."
            )
        out.flush()
        os.lseek(self.part, 0, os.SEEK_SET)
        while chunk := os.read(self.part, _CHUNK):
            out.buffer.write(chunk)  # type: ignore[attr-defined]
        return json.loads(message)

    def abandon(self) -> None:
        """Stop the child, if it is still there, and close the pipe from it."""
        pid, self.pid = self.pid, 0
        if pid:
            import signal

            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            reaped(pid)
        said, self.said = self.said, -1
        if said >= 0:
            os.close(said)


@contextmanager
def later_tables(
    folder: Path,
    tables: Sequence[Table],
    first: int,
    write_table: Callable[[], TableWriter],
) -> Iterator[LaterTables | None]:
    """Fork a child that writes ``tables[first:]`` (index ``first`` on) with the writer
    ``write_table()`` makes in the child (its own connection), into a nameless file in
    ``folder``; None (one process writes everything) where the system will not make a
    process now (its limit reached, memory short). Leaving the block without copy_into
    stops the child."""
    part = _nameless(folder)
    if part is None:
        raise StorageError(f"Cannot write in {folder}.")
    forked = fork_with_pipe()
    if forked is None:
        os.close(part)
        yield None
        return
    pid, said, tell = forked
    if pid == 0:  # the child: never back into the caller's code, never its clean-up
        status = 1
        try:
            os.close(said)
            writer = write_table()
            with os.fdopen(part, "w", encoding="utf-8", closefd=False) as fh:
                counts = {t.name: writer(fh, i, t) for i, t in enumerate(tables) if i >= first}
            os.write(tell, json.dumps(counts).encode())
            status = 0
        finally:  # a failure is said by the exit status, never by its text
            os._exit(status)
    os.close(tell)
    later = LaterTables(pid, part, said)
    try:
        yield later
    finally:
        try:
            later.abandon()
        finally:
            os.close(part)
