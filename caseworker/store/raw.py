"""The encrypted file through the raw SQLCipher driver: keyed the one way the engine keys
it (database.py builds its connections here), and, for a read before the ORM is loaded,
a read-only connection checked to be at the schema this code knows.

The driver imports in a few milliseconds where SQLAlchemy and the models take a few
hundred: the app reads the caseload's first page this way while the ORM loads behind it
(caseworker.caseload.first_page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from caseworker.core.paths import DB_FILENAME

# Where the migrations are; their newest file is the head revision (store.migrations
# keeps HEAD_REVISION equal to it, and a test checks that), read here without SQLAlchemy.
_VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"


def connect(db_path: Path, data_key: bytes) -> Any:
    """A connection to the file, keyed with the raw data key (SQLCipher's own KDF is not run)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(db_path), check_same_thread=False)
    # Before anything else: SQLCipher's own logging would draw over the TUI.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    return conn


def head_revision() -> str:
    return max(p.name.split("_", 1)[0] for p in _VERSIONS.glob("[0-9]*_*.py"))


def open_for_reading(data_dir: Path, data_key: bytes) -> Any | None:
    """A read-only connection to a caseload at the head revision; None if the file cannot
    be read with this key or needs migrating (the ORM's open then says why, or upgrades)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    path = Path(data_dir) / DB_FILENAME
    if not path.is_file():
        return None
    conn = connect(path, data_key)
    try:
        conn.execute("PRAGMA query_only = ON")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] != head_revision():
            conn.close()
            return None
    except sqlcipher.DatabaseError:
        conn.close()
        return None
    return conn
