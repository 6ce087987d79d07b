"""The crash report: where an unexpected error happened, never what it held."""

from __future__ import annotations

import os
import traceback
from pathlib import Path


def write_crash_report(name: str, frames: list[traceback.FrameSummary]) -> Path | None:
    """Where the error happened, frame by frame: file, line, function and the line of code.
    Never the exception's message or any variable (either may hold client data)."""
    from datetime import UTC, datetime

    from caseworker import __version__
    from caseworker.core.paths import report_dir

    lines = [f"caseworker {__version__}, {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC", name]
    lines += [f"  {f.filename}:{f.lineno} in {f.name}: {(f.line or '').strip()}" for f in frames]
    folder = report_dir()
    path = folder / f"crash-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}.txt"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    except OSError:
        return None  # a read-only home: the message on screen still says where
    return path
