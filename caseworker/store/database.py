"""The engine factory: the only module that knows which database is underneath (with
caseworker.store.encrypted_engine, the engine it makes on the encrypted file).

Default: one SQLCipher-encrypted SQLite file in the data directory, keyed by
the raw data key from the key file. CASEWORKER_DATABASE_URL points the same
models at another database (PostgreSQL) instead; nothing outside this module
may depend on SQLite.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from caseworker.core.errors import (
    AlreadyExists,
    CaseworkerError,
    ChangedElsewhere,
    DatabaseMissing,
    NotInitialised,
    StorageError,
)
from caseworker.core.paths import (
    DB_FILENAME,
    KEY_FILENAME,
    caseload_files_exist,
    database_url,
    missing_caseload_file,
)
from caseworker.store import derived, keyfile
from caseworker.store import trail as _trail  # noqa: F401 - registers the trail hook on every Session
from caseworker.store.data_version import DataVersion
from caseworker.store.encrypted_engine import engine_key, forget_engine_key, sqlcipher_engine
from caseworker.store.faults import plain_reason, probe_file
from caseworker.store.keyfile import KdfParams, KeyFileError, WrongPassphrase

__all__ = [
    "Database",
    "KeyFileError",
    "NotInitialised",
    "WrongPassphrase",
    "create_database",
    "is_initialised",
    "open_database",
]


def is_initialised(data_dir: Path) -> bool:
    url = database_url()
    if url:
        # A server database counts as set up once `init` has recorded its worker.
        from caseworker.store.server import server_has_caseload

        return server_has_caseload(url)
    return caseload_files_exist(data_dir)


@dataclass
class Database:
    engine: Engine
    data_dir: Path
    encrypted: bool
    worker_id: uuid.UUID | None = None
    # Held in memory only, for backups (sqlcipher_export needs the raw key).
    data_key: bytes | None = field(default=None, repr=False)
    # Set at open when the trail ends short of where it ended at the last close.
    # The anchor is then left alone, so the finding persists until someone restores.
    anchor_problem: str | None = None
    # What could not be read at open, when opened for `check` (which reports it and goes
    # on with its own checks rather than stopping at the first).
    open_problems: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def key_path(self) -> Path:
        return self.data_dir / KEY_FILENAME

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Derived tables (caseworker.store.derived) this Database has brought up to date;
        # whether that is held back (while open_database is still reading); and the thread
        # doing it (whose own session must not start it again; others wait for it).
        self._derived_checked: frozenset[str] = frozenset()
        self._derived_held = False
        self._derived_lock = threading.Lock()
        self._derived_owner: int | None = None
        self._version = DataVersion(self.path, self._held_key) if self.encrypted else None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error.

        Before the first one after a derived table is registered, that table is brought up
        to date (recomputed for everyone if the protocol or its rules changed), whatever
        order the app, the CLI or a test imported things in."""
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.orm.exc import StaleDataError

        if (
            not self._derived_held
            and self._derived_owner != threading.get_ident()
            and derived.registered() - self._derived_checked
        ):
            self.bring_derived_up_to_date()
        s = self._sessions()
        s.info["worker_id"] = self.worker_id
        try:
            yield s
            s.commit()
        except DBAPIError as exc:
            s.rollback()
            # The driver's own message can carry the statement's values (client data):
            # say what happened in plain words instead, and keep nothing half-saved.
            raise StorageError(plain_reason(exc)) from None
        except StaleDataError:
            # A record's version moved on between this session's read and its write
            # (models/base.py): someone else's change is kept, this one refused. (The
            # people functions refuse sooner, showing theirs; this is for every other.)
            s.rollback()
            raise ChangedElsewhere("record") from None
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def data_version(self) -> int | None:
        """Moves on whenever anyone commits to the caseload (data_version.py); None on a server."""
        return None if self._version is None else self._version.read()

    def lists_version(self) -> int | None:
        """Moves on whenever anyone writes what the caseload's lists count (a client, a
        child, a due item: data_version.py), and at nothing else; None on a server."""
        return None if self._version is None else self._version.lists()

    def _held_key(self) -> bytes | None:
        return engine_key(self.engine)

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """One connection that reads one state of the whole database, however long the
        reading takes and whoever writes meanwhile (`check` compares the trail with the
        rows: both must be of the same moment)."""
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN")  # the driver itself begins only to write
            else:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            yield conn

    def bring_derived_up_to_date(self) -> list[str]:
        """Check the fingerprint of each derived table registered since this Database last
        did; recompute everyone's rows where it differs. Returns the names recomputed."""
        with self._derived_lock:
            names = derived.registered()
            if not names - self._derived_checked:
                return []
            self._derived_owner = threading.get_ident()
            try:
                with self.session() as s:
                    recomputed = derived.bring_up_to_date(s)
                self._derived_checked = names
            finally:
                self._derived_owner = None
        return recomputed

    def close(self) -> None:
        # Not over a finding (the anchor is evidence until someone restores) nor from a
        # caseload that did not open cleanly (opened only to be checked).
        if (self.encrypted and self.data_key is not None and self.anchor_problem is None
                and not self.open_problems):  # fmt: skip
            from caseworker.store.anchor import announce_anchor, write_anchor

            try:
                with self.session() as s:
                    announce_anchor(s)
                with self.session() as s:
                    write_anchor(s, self.data_dir, self.data_key)
            except (OSError, StorageError):
                pass  # a read-only or damaged caseload: `check` reports that on its own
        self.forget_key()

    def forget_key(self) -> None:
        """Drop the data key (the caseload is closed, or locked), as far as Python allows.

        The key goes first, so nothing can open a connection with it, nor take one from
        the pool, while the rest is closed: then the data version's own connection, then
        the pool's (SQLCipher wipes its own copy of the key as a connection closes; one a
        worker's read has out is closed as it is given back: encrypted_engine). On a
        server there is no key: its connections are closed as on the file. Python cannot
        promise more: ``bytes`` and ``str`` cannot be overwritten in place, so the freed
        memory of the key (and of its hex PRAGMA, and the Argon2 result it came from) keeps
        its bytes until reused, and a swapped-out page or a core dump may hold it."""
        forget_engine_key(self.engine)
        self.data_key = None
        if self._version is not None:
            self._version.close()
        self.engine.dispose()


def _engine_for(
    data_dir: Path, data_key: bytes | None, passphrase: str | None = None
) -> tuple[Engine, bool]:
    url = database_url()
    if url:
        from caseworker.store.logins import with_password

        # A person's login: their passphrase is its password (store/logins.py).
        return create_engine(with_password(url, passphrase), hide_parameters=True), False
    assert data_key is not None
    return sqlcipher_engine(data_dir / DB_FILENAME, data_key), True


def open_database(
    data_dir: Path,
    passphrase: str | None,
    *,
    data_key: bytes | None = None,
    person_id: uuid.UUID | None = None,
    for_check: bool = False,
) -> Database:
    """Unlock and open an existing caseload, bringing its schema up to date.

    ``data_key`` may be given when it was already unwrapped (keyfile.unwrap_in_background),
    with ``person_id``, whose slot it came from (None: the caseload's first owner).
    ``db.worker_id`` is then the person at the keyboard: every change is recorded as theirs.
    ``for_check``: what cannot be read once the file is open (the worker, the anchor, the
    derived tables) goes into ``open_problems`` instead of stopping the open, so that
    `caseworker check` still runs every check it can.
    """
    from caseworker.store.persons import load_person_at_keyboard

    data_dir = Path(data_dir)
    if not database_url():
        missing = missing_caseload_file(data_dir)
        if missing is not None:
            if (data_dir / DB_FILENAME).exists():
                raise keyfile.KeyFileMissing(missing)
            raise DatabaseMissing(missing)
    if not is_initialised(data_dir):
        raise NotInitialised(f"No caseload in {data_dir} yet. Run: caseworker init")
    if not database_url() and data_key is None:
        unlocked = keyfile.unlock(data_dir / KEY_FILENAME, passphrase or "")
        data_key, person_id = unlocked.data_key, unlocked.person_id
    engine, encrypted = _engine_for(data_dir, data_key, passphrase)
    try:
        if encrypted:
            probe_file(engine, data_dir / DB_FILENAME)
        else:
            from caseworker.store.server import probe_server

            probe_server(engine)
        from caseworker.store.migrations import current_revision

        if current_revision(engine) is None:
            # Only create_database builds a schema: an empty or foreign file is not a caseload.
            raise StorageError(
                "This is not a caseworker database (it has no schema version). "
                "Restore it from your latest backup."
            )
        _upgrade(engine, encrypted)
    except BaseException:
        engine.dispose()
        raise
    db = Database(engine, data_dir, encrypted, data_key=data_key)
    # Read the worker and check the anchor before any derived row is recomputed: the
    # anchor compares the trail as it was at the last close, and the recomputation's
    # events carry the worker's id.
    db._derived_held = True
    try:
        _opening_step(db, for_check, lambda db: load_person_at_keyboard(db, person_id, passphrase))
        if encrypted and data_key is not None:
            _opening_step(db, for_check, _check_anchor)
        if not db.open_problems:  # nothing derived is recomputed on a caseload in doubt
            db._derived_held = False
            _opening_step(db, for_check, lambda db: db.bring_derived_up_to_date())
    except BaseException:
        engine.dispose()
        raise
    return db


def _upgrade(engine: Engine, encrypted: bool) -> None:
    """Bring the schema up to date. On a server only the owner login may (a person's own
    login cannot change the schema): said so, not a crash."""
    from sqlalchemy.exc import DBAPIError

    from caseworker.store.migrations import upgrade

    try:
        upgrade(engine)
    except DBAPIError as exc:
        if encrypted or getattr(exc.orig, "sqlstate", None) != "42501":
            raise
        raise StorageError(
            "This caseload's database needs upgrading for this version of caseworker, which "
            "only its owner login can do: ask whoever set it up to open it once."
        ) from None


def _check_anchor(db: Database) -> None:
    from caseworker.store.anchor import anchor_problem

    assert db.data_key is not None
    with db.session() as s:
        db.anchor_problem = anchor_problem(s, db.data_dir, db.data_key)


def _opening_step(db: Database, for_check: bool, step) -> None:
    from sqlalchemy.exc import DatabaseError

    try:
        step(db)
    except WrongPassphrase:
        raise  # nobody was identified: not something `check` can look past
    except (CaseworkerError, DatabaseError) as exc:
        if not for_check:
            raise
        damaged = f"the file is damaged ({type(getattr(exc, 'orig', None) or exc).__name__})"
        db.open_problems.append(str(exc) if isinstance(exc, CaseworkerError) else damaged)
        db._derived_held = True


def create_database(
    data_dir: Path,
    passphrase: str,
    *,
    kdf: KdfParams | None = None,
    person_id: uuid.UUID | None = None,
) -> Database:
    """Create a new, empty, encrypted caseload (schema at head). Refuses to overwrite.
    ``person_id``: the first person, whose slot of the key file the passphrase is (their
    Worker row is the caller's to add; a new id if not given)."""
    from caseworker.store.migrations import upgrade

    data_dir = Path(data_dir)
    if (data_dir / DB_FILENAME).exists() or (data_dir / KEY_FILENAME).exists():
        raise AlreadyExists(f"A caseload already exists in {data_dir}. Nothing was changed.")
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    data_key = None
    if not database_url():
        data_key = keyfile.new_data_key()
        first = person_id or uuid.uuid4()
        doc = keyfile.new_key_file(data_key, passphrase, first, kdf)
        keyfile.write_atomic(data_dir / KEY_FILENAME, doc)
        # Made empty and private before SQLite opens it: SQLite gives its -wal and -shm
        # files the database's own mode, so they are 0600 from the start too.
        os.close(os.open(data_dir / DB_FILENAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    engine, encrypted = _engine_for(data_dir, data_key)
    upgrade(engine)
    return Database(engine, data_dir, encrypted, worker_id=person_id, data_key=data_key)
