"""Atomic file writes: a crash, a full disk or a kill never leaves half a file in place.

Every file the app writes outside the database (the key file, the trail's anchor, an
export the user asked for) goes through ``atomic_file``: written to a hidden temporary
file beside the target (mode 0600: it may hold client data), fsynced, then renamed
over the target. On any error the temporary file is removed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from caseworker.core.errors import StorageError


def temporary_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


@contextmanager
def atomic_file(path: Path | str) -> Iterator[IO[str]]:
    """Open a text file to write; it replaces ``path`` only if the block succeeds."""
    path = Path(path)
    tmp = temporary_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        # A read-only or missing folder, a full disk: said plainly, naming the place.
        raise StorageError(f"Cannot write {path}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
