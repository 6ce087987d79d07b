"""SQLite's own integrity check, and SQLCipher's page authentication check."""

from __future__ import annotations

from caseworker.store.database import Database


def integrity_problems(db: Database) -> list[str]:
    """SQLite's own integrity check (and SQLCipher's page HMAC check). Empty means sound."""
    if db.engine.dialect.name != "sqlite":
        return []
    problems: list[str] = []
    with db.engine.connect() as conn:
        for (msg,) in conn.exec_driver_sql("PRAGMA integrity_check"):
            if msg != "ok":
                problems.append(f"integrity: {msg}")
        if db.encrypted:
            for row in conn.exec_driver_sql("PRAGMA cipher_integrity_check"):
                problems.append(f"cipher: {row[0]}")
    return problems
