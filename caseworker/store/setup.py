"""First run: create the encrypted caseload and the worker who owns this installation."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from caseworker.core import vocab
from caseworker.core.errors import AlreadyExists, SetupError, StorageError
from caseworker.core.files import fsync_folder
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME, database_url
from caseworker.core.validation import LINE, NAME, text_problem
from caseworker.store.database import Database, create_database, open_database
from caseworker.store.keyfile import KdfParams
from caseworker.store.models import Setting, Worker

MIN_PASSPHRASE = 8


@dataclass
class SetupAnswers:
    worker_name: str
    role: str
    service_name: str
    passphrase: str
    team: str = ""


def check_answers(a: SetupAnswers) -> None:
    if not a.worker_name.strip():
        raise SetupError("Worker name is required.")
    if a.role not in vocab.values(vocab.WORKER_ROLES):
        raise SetupError("Role must be 'worker' or 'supervisor'.")
    if not a.service_name.strip():
        raise SetupError("Service name is required.")
    for label, value, limit in (("Worker name", a.worker_name, NAME),
                                ("Service name", a.service_name, NAME),
                                ("Team", a.team, LINE)):  # fmt: skip
        problem = text_problem(value.strip(), max_len=limit)
        if problem:
            raise SetupError(f"{label} {problem}.")
    check_passphrase(a.passphrase)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise SetupError(f"The passphrase must be at least {MIN_PASSPHRASE} characters.")
    # Lone surrogates cannot be encoded, so could never be typed again to unlock.
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in passphrase):
        raise SetupError("The passphrase holds a broken character (from a paste?): retype it.")


def initialise(data_dir: Path, answers: SetupAnswers, *, kdf: KdfParams | None = None) -> Database:
    """Set up a new caseload in ``data_dir`` (new, or an empty folder) and open it.

    The whole caseload (key file, database, the worker, the anchor) is built in a hidden
    folder beside ``data_dir`` and renamed into place only once complete: the rename is
    atomic, so an init killed at any point leaves either no caseload or one that opens,
    never half of one that can neither be opened nor set up again. A build folder left
    by a killed init is removed by the next one."""
    check_answers(answers)
    data_dir = Path(data_dir)
    if database_url():
        return _initialise_server(data_dir, answers)
    check_new_caseload_folder(data_dir)
    build = _new_build_folder(data_dir)
    try:
        first = uuid.uuid4()  # the first person: their slot of the key file, their Worker row
        db = create_database(build, answers.passphrase, kdf=kdf, person_id=first)
        data_key = db.data_key  # close() forgets it (the lock's rule): keep it to reopen
        try:
            _record_worker(db, answers)
        finally:
            db.close()  # checkpoints the journal into the file and seals the anchor
        _move_into_place(build, data_dir)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return open_database(data_dir, None, data_key=data_key, person_id=first)


def _record_worker(
    db: Database, answers: SetupAnswers, *, server_passphrase: str | None = None
) -> None:
    worker = Worker(name=answers.worker_name.strip(), role=answers.role, team=answers.team.strip())
    if db.worker_id is not None:  # the id the key file's first slot was made for
        worker.id = db.worker_id
    db.worker_id = worker.id
    with db.session() as s:
        s.add(worker)
        s.add(Setting(key="current_worker_id", value=str(worker.id)))
        s.add(Setting(key="service_name", value=answers.service_name.strip()))
        if server_passphrase is not None:
            from caseworker.store import logins

            s.flush()
            s.add(Setting(key="owner_login", value=logins.connected_login(s)))
            logins.create_login(s, worker.id, worker.id, server_passphrase)


def _initialise_server(data_dir: Path, answers: SetupAnswers) -> Database:
    """A server database (CASEWORKER_DATABASE_URL): no files here; the rows and the first
    person's own login (store/logins.py; the passphrase is its password) are made in one
    transaction, so an interrupted init records no worker and can be run again. The login
    init runs with is the caseload's owner from then on (it owns the tables)."""
    db = create_database(data_dir, answers.passphrase)
    try:
        _record_worker(db, answers, server_passphrase=answers.passphrase)
    except BaseException:
        db.close()
        raise
    return db


def check_new_caseload_folder(data_dir: Path) -> None:
    """A new caseload goes into a new or empty folder, never over anything (AlreadyExists)."""
    if data_dir.exists() and not data_dir.is_dir():
        raise AlreadyExists(f"{data_dir} is a file, not a folder. Nothing was changed.")
    if not data_dir.exists():
        return
    names = sorted(p.name for p in data_dir.iterdir())
    if DB_FILENAME in names or KEY_FILENAME in names:
        raise AlreadyExists(f"A caseload already exists in {data_dir}. Nothing was changed.")
    if names:
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        raise AlreadyExists(
            f"{data_dir} is not empty ({shown}): set up the caseload in a new or empty "
            "folder (--data-dir). Nothing was changed."
        )


def _new_build_folder(data_dir: Path) -> Path:
    try:
        return new_sibling_folder(data_dir, "init")
    except OSError as exc:
        msg = f"Cannot set up a caseload in {data_dir.parent}: {exc.strerror}."
        raise StorageError(msg) from None


def new_sibling_folder(data_dir: Path, purpose: str) -> Path:
    """A new private folder beside ``data_dir`` to build a caseload in (``purpose``: init
    or restore), named after this process; those left by a killed one are removed."""
    parent = data_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{data_dir.name}.{purpose}-"
    for stale in parent.glob(prefix + "*"):
        if not _alive(stale.name.removeprefix(prefix).split("-")[0]):
            shutil.rmtree(stale, ignore_errors=True)  # an encrypted copy nobody will finish
    folder = parent / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir(mode=0o700)
    return folder


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except ValueError:
        return False
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: theirs to clean up
    return True


def _move_into_place(build: Path, data_dir: Path) -> None:
    """One rename: the new folder appears whole (over an empty folder, if one is there)."""
    try:
        os.rename(build, data_dir)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
            raise AlreadyExists(
                f"Something was put in {data_dir} while the caseload was being set up. "
                "Nothing was changed."
            ) from None
        raise StorageError(f"Cannot set up a caseload in {data_dir}: {exc.strerror}.") from None
    fsync_folder(data_dir.parent)
