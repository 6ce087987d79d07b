"""Opening a caseload for the app: unlock it (with a passphrase, or with the key the
command line is already unwrapping) and read what the app shows about it. The screens
call these rather than the store.

The store is imported inside each function: the app imports this module before its
first frame, and the database layer (SQLAlchemy, the models) loads after it."""

from __future__ import annotations

import uuid
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from caseworker.core.paths import KEY_FILENAME

if TYPE_CHECKING:
    from caseworker.caseload.first_page import FirstPage
    from caseworker.store import Database, Unlocked


def open_caseload(
    data_dir: Path,
    passphrase: str | None,
    *,
    data_key: bytes | None = None,
    person_id: uuid.UUID | None = None,
) -> Database:
    """Unlock and open (a server database needs no passphrase) as whoever's passphrase it
    is (``person_id``, with a ``data_key`` already unwrapped). Raises CaseworkerError."""
    import caseworker.agenda  # noqa: F401 - registers the due items, brought up to date at open
    from caseworker.store import open_database

    return open_database(data_dir, passphrase, data_key=data_key, person_id=person_id)


def load_database_layer() -> None:
    """Import what open_caseload and the caseload's pages need (SQLAlchemy, the models,
    the due items): run on a thread while the worker types the passphrase."""
    import caseworker.caseload.page  # noqa: F401


def unwrap_key(data_dir: Path, passphrase: str, threads: int | None = None) -> Future[Unlocked]:
    """Start deriving the data key on a thread (Argon2 is slow on purpose); its result
    says whose passphrase it was too (``.data_key``, ``.person_id``). ``threads``: how
    many share the derivation (None: one for each of the key file's lanes)."""
    from caseworker.store.keyfile import unwrap_in_background

    return unwrap_in_background(data_dir / KEY_FILENAME, passphrase, threads)


def open_ahead(
    data_dir: Path, passphrase: str, today: date
) -> tuple[Future[Unlocked], Future[FirstPage | None]]:
    """Before the app has drawn anything (the command line, passphrase given up front):
    unwrap the data key, then read the caseload's first page with it (the raw driver: no
    ORM), while the app's own modules import; by the time its caseload screen is up, its
    rows are usually waiting for it.

    In a child process where the command line is still one thread (Linux): the key file,
    the cipher and the driver import and run there, on the other core, with an interpreter
    of their own. On a thread of this process they held this one's interpreter lock for
    about a tenth of a second of the app's start-up, Argon2 and SQLite aside (side by side
    here: a bare Textual app started 120 ms later with them on a thread, 30 ms with them in
    a child). Elsewhere, and if the child does not answer, on a thread."""
    from caseworker.core.forking import may_fork

    if may_fork():
        return _ahead_in_child(data_dir, passphrase, today)
    return _ahead_on_thread(data_dir, passphrase, today)


def _ahead_on_thread(
    data_dir: Path, passphrase: str, today: date
) -> tuple[Future[Unlocked], Future[FirstPage | None]]:
    from concurrent.futures import ThreadPoolExecutor

    # On one thread: a thread a lane (four) would take the core the app is starting on,
    # on a two-core laptop for some 60 ms of its start-up. One thread takes ~95 ms
    # against four threads' ~80, long before the caseload screen asks for the rows.
    key = unwrap_key(data_dir, passphrase, threads=1)

    def first_page() -> FirstPage | None:
        from caseworker.caseload.first_page import read_first_page

        return read_first_page(data_dir, key.result().data_key, today)

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="first-page")
    page = pool.submit(first_page)  # waits for the key, then reads at once
    pool.shutdown(wait=False)
    return key, page


def _ahead_in_child(
    data_dir: Path, passphrase: str, today: date
) -> tuple[Future[Unlocked], Future[FirstPage | None]]:
    """The child sends back, pickled on a pipe (memory only, never a file), the unwrapped
    key and the page, or that the passphrase is wrong, and exits. Anything else (a damaged
    key file, a folder that cannot be read) sends nothing: this process then does the same
    work on a thread, which raises what it raises there, so the app says what is wrong as
    it always has. A child that is killed (Ctrl+C as the app starts) is an error, not
    another try; so is a system that will not make a process now (then: on a thread)."""
    import os
    import threading

    from caseworker.core.forking import ended_well, fork_with_pipe, reaped

    forked = fork_with_pipe()
    if forked is None:  # the process limit reached, memory short: on a thread instead
        return _ahead_on_thread(data_dir, passphrase, today)
    pid, said, tell = forked
    if pid == 0:
        _child(said, tell, data_dir, passphrase, today)  # never returns
    os.close(tell)
    key: Future[Unlocked] = Future()
    page: Future[FirstPage | None] = Future()

    def collect() -> None:
        import pickle

        from caseworker.core.errors import StorageError, WrongPassphrase

        try:
            with os.fdopen(said, "rb") as pipe:
                message = pipe.read()
            status = reaped(pid)
            if message:
                answer = pickle.loads(message)  # from our own child: trusted
                if answer == _WRONG:
                    raise WrongPassphrase("That passphrase is not right.")
                key.set_result(answer[0])
                page.set_result(answer[1])
            elif ended_well(status):
                # It could not say: the same work here, failing here if it fails.
                again_key, again_page = _ahead_on_thread(data_dir, passphrase, today)
                _chain(again_key, key)
                _chain(again_page, page)
            else:
                raise StorageError("The caseload's key could not be unwrapped: try again.")
        except Exception as error:  # each waiting future says it, never a stray traceback
            for future in (key, page):
                if not future.done():
                    future.set_exception(error)

    threading.Thread(target=collect, name="first-page", daemon=True).start()
    return key, page


# What the child sends for a passphrase that opens no slot of the key file.
_WRONG = ("wrong passphrase",)


def _child(said: int, tell: int, data_dir: Path, passphrase: str, today: date) -> None:
    import os

    status = 1
    try:
        os.close(said)
        message = b""
        try:
            import pickle

            from caseworker.caseload.first_page import read_first_page
            from caseworker.core.errors import WrongPassphrase
            from caseworker.store.keyfile import unlock

            try:
                unlocked = unlock(data_dir / KEY_FILENAME, passphrase, threads=1)
            except WrongPassphrase:
                message = pickle.dumps(_WRONG)
            else:
                first = read_first_page(data_dir, unlocked.data_key, today)
                message = pickle.dumps((unlocked, first))
        except Exception:  # said by sending nothing (see _ahead_in_child)
            message = b""
        with os.fdopen(tell, "wb") as pipe:
            pipe.write(message)
        status = 0
    finally:  # never back into the command line's code, its clean-up or its buffers
        os._exit(status)


def _chain(source: Future, target: Future) -> None:
    def done(f: Future) -> None:
        error = f.exception()
        if error is None:
            target.set_result(f.result())
        else:
            target.set_exception(error)

    source.add_done_callback(done)


def service_name(db: Database) -> str:
    from caseworker.store import setting

    with db.session() as s:
        return setting(s, "service_name")


def person_at_keyboard(db: Database) -> str:
    """The name of whoever unlocked the caseload ("" if nobody is recorded)."""
    from caseworker.store.models import Worker

    if db.worker_id is None:
        return ""
    with db.session() as s:
        worker = s.get(Worker, db.worker_id)
        return worker.name if worker is not None else ""
