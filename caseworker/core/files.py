"""Atomic file writes: a crash, a full disk or a kill never leaves half a file in place.

Every file the app writes outside the database (the key file, the trail's anchor, an
export the user asked for) goes through ``atomic_file``. On Linux the file is written
with no name at all (``O_TMPFILE``): until it is complete and fsynced it exists only as
an open descriptor, so a process killed part-way, even by SIGKILL, leaves nothing on
disk — an export holds client names in plain text, and half of one must never be found
later. Only then is it linked into place (or, if the target exists, linked under a
hidden name and renamed over it). Where the folder's file system has no ``O_TMPFILE``
(macOS, some network shares) it falls back to a hidden temporary file beside the target
(mode 0600), removed on any error; the CLI turns SIGTERM and SIGHUP into an exception so
that this cleanup runs then too (only SIGKILL can leave that file behind there).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from caseworker.core.errors import DiskFull, FolderNotWritable, StorageError


def temporary_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def _link_by_proc(fd: int, name: Path) -> None:
    os.link(f"/proc/self/fd/{fd}", name, follow_symlinks=True)


def _link_by_descriptor(fd: int, name: Path) -> None:
    # linkat(fd, "", AT_FDCWD, name, AT_EMPTY_PATH): where /proc's links cannot be
    # followed across (some sandboxes); needs CAP_DAC_READ_SEARCH on older kernels.
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.linkat(fd, b"", -100, os.fsencode(name), 0x1000) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(name))


_LINKERS = (_link_by_proc, _link_by_descriptor)
# Per file system (st_dev): how a nameless file is given its name there, or None if it
# cannot be (tried once, on an empty file, which is harmless if a kill interrupts it).
_linker_for: dict[int, Callable[[int, Path], None] | None] = {}


def _linker(folder: Path, flag: int) -> Callable[[int, Path], None] | None:
    device = os.stat(folder).st_dev
    if device not in _linker_for:
        found = None
        for link in _LINKERS:
            try:
                fd = os.open(folder, flag | os.O_WRONLY, 0o600)
            except OSError:
                break
            probe = temporary_path(folder / "probe")
            try:
                link(fd, probe)
                found = link
            except OSError:
                continue
            finally:
                os.close(fd)
                probe.unlink(missing_ok=True)
            break
        _linker_for[device] = found
    return _linker_for[device]


def _open_unnamed(folder: Path) -> tuple[int, Callable[[int, Path], None]] | None:
    """A descriptor of a new, nameless file in ``folder`` and how to name it later; None
    where this system or file system cannot."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None:
        return None  # not Linux
    try:
        link = _linker(folder, flag)
        if link is None:
            return None
        return os.open(folder, flag | os.O_WRONLY, 0o600), link
    except OSError as exc:
        import errno

        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None  # this file system cannot: use a named temporary file
        raise


def _link_into_place(fd: int, link: Callable[[int, Path], None], path: Path) -> None:
    try:
        link(fd, path)
        return
    except FileExistsError:
        pass
    # A link cannot replace a file: link under a hidden name (the file is complete by
    # now) and rename that over the target, which is atomic.
    hidden = temporary_path(path)
    link(fd, hidden)
    try:
        os.replace(hidden, path)
    except BaseException:
        hidden.unlink(missing_ok=True)
        raise


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new name in ``folder`` survive a power cut (POSIX only)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename itself is done
    finally:
        os.close(fd)


def write_fault(path: Path, exc: OSError) -> StorageError:
    """The plain error for a file that cannot be written: a full disk and a read-only
    folder are their own kinds, so a caller can say what to do about each."""
    import errno

    message = f"Cannot write {path}: {exc.strerror}."
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(message)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return FolderNotWritable(message)
    return StorageError(message)


@contextmanager
def _atomic(path: Path, mode: str) -> Iterator[IO[Any]]:
    tmp: Path | None = None
    try:
        unnamed = _open_unnamed(path.parent)
        if unnamed is not None:
            fd, link = unnamed
        else:
            tmp = temporary_path(path)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        # A read-only or missing folder, a full disk: said plainly, naming the place.
        raise write_fault(path, exc) from None
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
            try:
                fh.flush()
                os.fsync(fh.fileno())
                if tmp is None:
                    _link_into_place(fh.fileno(), link, path)
                else:
                    os.replace(tmp, path)
            except OSError as exc:
                raise write_fault(path, exc) from None
        fsync_folder(path.parent)
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_file(path: Path | str) -> Iterator[IO[str]]:
    """Open a text file to write; it replaces ``path`` only if the block succeeds."""
    with _atomic(Path(path), "w") as fh:
        yield fh


@contextmanager
def atomic_binary_file(path: Path | str) -> Iterator[IO[bytes]]:
    """As atomic_file, for bytes (a Word document, say)."""
    with _atomic(Path(path), "wb") as fh:
        yield fh


def atomic_write_bytes(
    path: Path | str, data: bytes, *, before_in_place: Callable[[], None] | None = None
) -> None:
    """Write ``data`` to ``path`` atomically: the whole file or none of it. A full disk or
    a read-only folder met while writing is a StorageError too. ``before_in_place`` runs
    once the data is written and before the file takes its name (to record it in the
    trail first, say); if it raises, the file is not put in place."""
    path = Path(path)
    with atomic_binary_file(path) as fh:
        try:
            fh.write(data)
        except OSError as exc:
            raise write_fault(path, exc) from None
        if before_in_place is not None:
            before_in_place()
