"""Alembic migrations, run programmatically when a database is opened.

Start-up stays lean: the stored revision is compared with HEAD_REVISION by a
single query, and Alembic itself is imported only when an upgrade is needed.
Keep HEAD_REVISION equal to the newest file in versions/ (a test checks it).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

HEAD_REVISION = "0020"
MIGRATIONS_DIR = Path(__file__).resolve().parent


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DatabaseError:
        # OperationalError (no such table) on a brand-new database.
        return None


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    if revision == "head" and current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.util import CommandError

    try:
        command.upgrade(alembic_config(engine), revision)
    except CommandError:
        # An unknown stored revision: most likely a caseload written by a newer release.
        # Users can cause this (a backup opened on an older install), so no traceback.
        from caseworker.store.database import StorageError

        raise StorageError(
            f"This caseload's database is at schema version {current_revision(engine)!r}, "
            "which this version of caseworker does not know (was it made by a newer "
            "version?). Nothing was changed."
        ) from None
