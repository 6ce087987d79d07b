"""A child process with a pipe back from it, for work that would otherwise hold this
process's interpreter lock (the start-up's key and first page, half of an export).

Forked, so only where a fork is safe: Linux, from a process of one thread (a fork copies
only the thread that makes it, and a lock another held would stay held in the child for
ever). The child never returns into the caller's code: it ends with os._exit."""

from __future__ import annotations

import os
import sys


def may_fork() -> bool:
    import threading

    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


def fork_with_pipe() -> tuple[int, int, int] | None:
    """(pid, the pipe's read end, its write end), as os.fork returns in each process (pid
    0 in the child); None when the system will not make a process now (its limit reached,
    memory short), with nothing left open."""
    try:
        said, tell = os.pipe()
    except OSError:
        return None
    try:
        return os.fork(), said, tell
    except OSError:
        os.close(said)
        os.close(tell)
        return None


def reaped(pid: int) -> int | None:
    """The child's wait status, once it has ended (None: reaped already, as where
    whoever started this process ignores SIGCHLD)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def ended_well(status: int | None) -> bool:
    """It exited with 0 (or was reaped elsewhere, which says nothing against it)."""
    return status is None or (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0)
