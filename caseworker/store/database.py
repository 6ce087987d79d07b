"""The engine factory: the only module that knows which database is underneath.

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

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from caseworker.core.errors import AlreadyExists, NotInitialised, StorageError
from caseworker.core.paths import DB_FILENAME, KEY_FILENAME, caseload_files_exist, database_url
from caseworker.store import derived, keyfile
from caseworker.store import trail as _trail  # noqa: F401 - registers the trail hook on every Session
from caseworker.store.faults import plain_reason
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
        from sqlalchemy.exc import SQLAlchemyError

        engine = create_engine(url, hide_parameters=True)
        try:
            with engine.connect() as conn:
                row = conn.exec_driver_sql(
                    "SELECT value FROM setting WHERE key = 'current_worker_id'"
                ).first()
            return row is not None
        except SQLAlchemyError:
            return False
        finally:
            engine.dispose()
    return caseload_files_exist(data_dir)


def _sqlcipher_engine(db_path: Path, data_key: bytes) -> Engine:
    from sqlcipher3 import dbapi2 as sqlcipher

    from caseworker.store import raw

    def connect() -> sqlcipher.Connection:
        return raw.connect(db_path, data_key)

    # hide_parameters: an error message must never carry a record's values.
    engine = create_engine("sqlite://", creator=connect, module=sqlcipher, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        # WAL + synchronous=FULL: a committed note survives a crash or flat battery.
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA temp_store = MEMORY")
        # 16 MB of decrypted pages: repeated caseload scans stay off the decryptor.
        cur.execute("PRAGMA cache_size = -16384")
        cur.close()

    return engine


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

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error.

        Before the first one after a derived table is registered, that table is brought up
        to date (recomputed for everyone if the protocol or its rules changed), whatever
        order the app, the CLI or a test imported things in."""
        from sqlalchemy.exc import DBAPIError

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
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

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
        if self.encrypted and self.data_key is not None and self.anchor_problem is None:
            from caseworker.store.anchor import write_anchor

            try:
                with self.session() as s:
                    write_anchor(s, self.data_dir, self.data_key)
            except (OSError, StorageError):
                pass  # a read-only or damaged caseload: `check` reports that on its own
        self.engine.dispose()


def _engine_for(data_dir: Path, data_key: bytes | None) -> tuple[Engine, bool]:
    url = database_url()
    if url:
        return create_engine(url, hide_parameters=True), False
    assert data_key is not None
    return _sqlcipher_engine(data_dir / DB_FILENAME, data_key), True


def _probe(engine: Engine, db_path: Path) -> None:
    """Touch the file so a damaged or foreign database fails here, with a clear message."""
    from sqlalchemy.exc import DatabaseError

    if not os.access(db_path, os.R_OK | os.W_OK):
        raise StorageError(f"No permission to read and write {db_path}.")
    if db_path.stat().st_size == 0:
        raise StorageError(f"{db_path} is empty: restore it from your latest backup.")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except DatabaseError:
        raise StorageError(
            "The database file could not be read with this key file. It may be damaged, "
            "or the key file may belong to another database."
        ) from None


def _load_current_worker(db: Database) -> None:
    from caseworker.store.settings import setting

    with db.session() as s:
        worker = setting(s, "current_worker_id")
        db.worker_id = uuid.UUID(worker) if worker else None


def open_database(
    data_dir: Path, passphrase: str | None, *, data_key: bytes | None = None
) -> Database:
    """Unlock and open an existing caseload, bringing its schema up to date.

    ``data_key`` may be given when it was already unwrapped (keyfile.unwrap_in_background).
    """
    from caseworker.store.migrations import upgrade

    data_dir = Path(data_dir)
    if not database_url() and (data_dir / DB_FILENAME).exists():
        if not (data_dir / KEY_FILENAME).exists():
            raise KeyFileError(
                f"The key file {KEY_FILENAME} is missing from {data_dir}. The caseload cannot "
                "be opened without it: copy it back from your latest backup."
            )
    if not is_initialised(data_dir):
        raise NotInitialised(f"No caseload in {data_dir} yet. Run: caseworker init")
    if not database_url() and data_key is None:
        data_key = keyfile.unwrap(keyfile.read(data_dir / KEY_FILENAME), passphrase or "")
    engine, encrypted = _engine_for(data_dir, data_key)
    try:
        if encrypted:
            _probe(engine, data_dir / DB_FILENAME)
        from caseworker.store.migrations import current_revision

        if current_revision(engine) is None:
            # Only create_database builds a schema: an empty or foreign file is not a caseload.
            raise StorageError(
                "This is not a caseworker database (it has no schema version). "
                "Restore it from your latest backup."
            )
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    db = Database(engine, data_dir, encrypted, data_key=data_key)
    # Read the worker and check the anchor before any derived row is recomputed: the
    # anchor compares the trail as it was at the last close, and the recomputation's
    # events carry the worker's id.
    db._derived_held = True
    _load_current_worker(db)
    if encrypted and data_key is not None:
        from caseworker.store.anchor import anchor_problem

        with db.session() as s:
            db.anchor_problem = anchor_problem(s, data_dir, data_key)
    db._derived_held = False
    try:
        db.bring_derived_up_to_date()
    except BaseException:
        engine.dispose()
        raise
    return db


def create_database(
    data_dir: Path,
    passphrase: str,
    *,
    kdf: KdfParams | None = None,
) -> Database:
    """Create a new, empty, encrypted caseload (schema at head). Refuses to overwrite."""
    from caseworker.store.migrations import upgrade

    data_dir = Path(data_dir)
    if (data_dir / DB_FILENAME).exists() or (data_dir / KEY_FILENAME).exists():
        raise AlreadyExists(f"A caseload already exists in {data_dir}. Nothing was changed.")
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    data_key = None
    if not database_url():
        data_key = keyfile.new_data_key()
        keyfile.write_atomic(data_dir / KEY_FILENAME, keyfile.wrap(data_key, passphrase, kdf))
    engine, encrypted = _engine_for(data_dir, data_key)
    upgrade(engine)
    if encrypted:
        os.chmod(data_dir / DB_FILENAME, 0o600)
    return Database(engine, data_dir, encrypted, data_key=data_key)
