"""The engine on the encrypted caseload file: its connections keyed with the raw data
key (SQLCipher's own KDF not run), pooled and tuned; and the key each such engine holds,
which closing or locking the caseload forgets (caseworker.store.database)."""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.pool import QueuePool

from caseworker.core.errors import CaseloadLocked


class HeldKey:
    """An engine's data key, as its connections are opened with it, until forgotten.
    Forgetting it and giving a connection back to the pool are kept apart (``guard``), so
    a connection given back as the caseload locks is either in the pool when the pool's
    connections are closed, or closed on the way in: never kept open with the key."""

    def __init__(self, key: bytes) -> None:
        self.key: bytes | None = key
        self.guard = threading.Lock()

    def forget(self) -> None:
        with self.guard:
            self.key = None


# Each SQLCipher engine's key.
_KEYS: weakref.WeakKeyDictionary[Engine, HeldKey] = weakref.WeakKeyDictionary()


def sqlcipher_engine(db_path: Path, data_key: bytes) -> Engine:
    """An engine on the encrypted file, its connections keyed with ``data_key`` (the open
    caseload's, and a forked export child's own: export_halves)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    from caseworker.store import raw

    # Held where the engine's Database can forget it (forget_key): after that no connection
    # can be made with this engine, nor taken from its pool, even by code that holds it.
    held = HeldKey(data_key)

    def connect() -> sqlcipher.Connection:
        key = held.key
        if key is None:
            raise CaseloadLocked()
        return raw.connect(db_path, key)

    class KeyedPool(QueuePool):
        def _do_return_conn(self, record: Any) -> None:
            # A worker's read that had a connection out when the caseload was locked gives
            # it back after the pool's were closed: it is closed now, its key with it.
            with held.guard:
                if held.key is None:
                    record.invalidate()
                super()._do_return_conn(record)

    # hide_parameters: an error message must never carry a record's values. A QueuePool,
    # not the SingletonThreadPool SQLAlchemy picks for a "sqlite://" URL: that one keeps a
    # connection per thread, closes other threads' connections when more threads than its
    # size have one (the app's worker threads do) and at dispose (closing or locking the
    # caseload) - under a query still running there, which crashes the process.
    # LIFO: the connection used last, whose page cache is warm, is the one used next.
    engine = create_engine("sqlite://", creator=connect, module=sqlcipher, hide_parameters=True,
                           poolclass=KeyedPool, pool_use_lifo=True)  # fmt: skip
    _KEYS[engine] = held

    @event.listens_for(engine, "checkout")
    def _none_once_locked(_dbapi_conn, _record, _proxy) -> None:
        # Forgotten, and the pool not yet emptied: a connection idle in it is not handed out
        # (the pool closes it and tries a new one, which connect refuses: CaseloadLocked).
        if held.key is None:
            raise exc.DisconnectionError("the caseload is locked")

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


def engine_key(engine: Engine) -> bytes | None:
    """The data key an engine opens its connections with (None: not one of these, or
    its key let go of)."""
    held = _KEYS.get(engine)
    return held.key if held is not None else None


def forget_engine_key(engine: Engine) -> None:
    """The engine opens no new connection from now on, nor hands out one it has."""
    held = _KEYS.pop(engine, None)
    if held is not None:
        held.forget()
