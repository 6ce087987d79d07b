"""The engine on the encrypted caseload file: its connections keyed with the raw data
key (SQLCipher's own KDF not run), pooled and tuned; and the key each such engine holds,
which closing or locking the caseload empties (caseworker.store.database)."""

from __future__ import annotations

import weakref
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from caseworker.core.errors import CaseloadLocked

# Each SQLCipher engine's key, as the PRAGMA its connections are opened with.
_KEYS: weakref.WeakKeyDictionary[Engine, list[bytes]] = weakref.WeakKeyDictionary()


def sqlcipher_engine(db_path: Path, data_key: bytes) -> Engine:
    """An engine on the encrypted file, its connections keyed with ``data_key`` (the open
    caseload's, and a forked export child's own: export_halves)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from caseworker.store import raw

    # In a list the engine's Database can empty (forget_key): after that no connection can
    # be made with this engine, even by code that still holds it.
    held = [data_key]

    def connect() -> sqlcipher.Connection:
        if not held:
            raise CaseloadLocked()
        return raw.connect(db_path, held[0])

    # hide_parameters: an error message must never carry a record's values. QueuePool, not
    # the SingletonThreadPool SQLAlchemy picks for a "sqlite://" URL: that one keeps a
    # connection per thread, closes other threads' connections when more threads than its
    # size have one (the app's worker threads do) and at dispose (closing or locking the
    # caseload) - under a query still running there, which crashes the process.
    # LIFO: the connection used last, whose page cache is warm, is the one used next.
    engine = create_engine("sqlite://", creator=connect, module=sqlcipher, hide_parameters=True,
                           poolclass=QueuePool, pool_use_lifo=True)  # fmt: skip
    _KEYS[engine] = held

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

    @event.listens_for(engine, "checkin")
    def _closed_once_locked(dbapi_conn, record) -> None:
        # A connection a worker's read had out when the caseload was locked comes back
        # after the pool was emptied: it is closed now, its key with it, not kept.
        if not held and dbapi_conn is not None:
            record.invalidate()

    return engine


def engine_key(engine: Engine) -> bytes | None:
    """The data key an engine opens its connections with (None: not one of these, or
    its key let go of)."""
    return next(iter(_KEYS.get(engine, ())), None)


def forget_engine_key(engine: Engine) -> None:
    """The engine opens no new connection from now on."""
    held = _KEYS.pop(engine, None)
    if held is not None:
        held.clear()
