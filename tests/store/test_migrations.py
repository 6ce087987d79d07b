"""Alembic migrations: head builds exactly the models' schema, and old databases open."""

from __future__ import annotations

import ast
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from caseloads import PASSPHRASE, TODAY
from sqlalchemy import inspect, select, text
from sqlmodel import SQLModel

import caseworker.store.models  # noqa: F401 - registers every table on SQLModel.metadata
from caseworker.people import clients
from caseworker.store.database import StorageError, open_database
from caseworker.store.migrations import (
    HEAD_REVISION,
    MIGRATIONS_DIR,
    alembic_config,
    current_revision,
    upgrade,
)
from caseworker.store.models import Client

# The store's own bookkeeping, not a model: the lists' change count (migration 0019).
BOOKKEEPING = {"caseload_change"}


def _schema_diff(engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_name": lambda name, kind, _parent: name not in BOOKKEEPING,
            },
        )
        return compare_metadata(ctx, SQLModel.metadata)


def _app_tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"} - BOOKKEEPING


def test_head_schema_equals_the_models(db):
    assert current_revision(db.engine) == HEAD_REVISION
    assert _app_tables(db.engine) == set(SQLModel.metadata.tables)
    assert _schema_diff(db.engine) == []
    tables = set(inspect(db.engine).get_table_names())
    assert ("caseload_change" in tables) == (db.engine.dialect.name == "sqlite")
    if db.engine.dialect.name == "sqlite":
        # Every trigger of migration 0019 is there (a table rebuilt later drops its own).
        with db.engine.connect() as conn:
            triggers = set(conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())  # fmt: skip
        assert triggers >= {
            f"caseload_change_{table}_{write}"
            for table in ("client", "child", "dueitem")
            for write in ("insert", "update", "delete")
        }


def test_schema_comparison_would_notice_a_difference(db):
    # Guards the test above against comparing nothing: a missing index must show up.
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_client_sort_key")
    diff = _schema_diff(db.engine)
    assert any(d[0] == "add_index" and d[1].name == "ix_client_sort_key" for d in diff)


def _newest_revision_in_files() -> str:
    """The revision no other migration file names as its down_revision."""
    revisions, downs = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                name = node.targets[0].id  # type: ignore[attr-defined]
                if name == "revision":
                    revisions.add(node.value.value)
                elif name == "down_revision" and node.value.value:
                    downs.add(node.value.value)
    heads = revisions - downs
    assert len(heads) == 1, f"migrations must form one line, heads: {heads}"
    return heads.pop()


def test_head_revision_constant_is_the_newest_migration(db):
    assert HEAD_REVISION == _newest_revision_in_files()
    script = ScriptDirectory.from_config(alembic_config(db.engine))
    assert script.get_heads() == [HEAD_REVISION]


def test_older_database_is_upgraded_when_opened(db, db_dir):
    # A caseload written by the first release (schema 0001) opens in this one.
    command.downgrade(alembic_config(db.engine), "0001")
    assert current_revision(db.engine) == "0001"
    assert "screening" not in _app_tables(db.engine)
    db.close()

    again = open_database(db_dir, PASSPHRASE)
    try:
        assert current_revision(again.engine) == HEAD_REVISION
        assert _schema_diff(again.engine) == []
        with again.session() as s:
            clients.create_client(s, {"given_name": "After", "family_name": "Upgrade"}, TODAY)
        with again.session() as s:
            assert s.scalars(select(Client.family_name)).all() == ["Upgrade"]
    finally:
        again.close()


def test_a_0005_database_gains_the_caseload_count_indexes(db, db_dir):
    command.downgrade(alembic_config(db.engine), "0005")
    names = {i["name"] for i in inspect(db.engine).get_indexes("client")}
    assert "ix_client_parental_caseload" not in names
    db.close()

    again = open_database(db_dir, PASSPHRASE)
    try:
        assert current_revision(again.engine) == HEAD_REVISION
        assert _schema_diff(again.engine) == []
        index = {i["name"]: i["column_names"] for i in inspect(again.engine).get_indexes("client")}
        assert "pregnant" in index["ix_client_caseload"]
        assert index["ix_client_parental_caseload"] == [
            "parental_status",
            "sort_key",
            "id",
            "status",
        ]
        assert index["ix_client_status_caseload"] == ["status", "sort_key", "id"]
        child = {i["name"]: i["column_names"] for i in inspect(again.engine).get_indexes("child")}
        assert child["ix_child_help_client"] == ["current_help", "client_id"]
    finally:
        again.close()


def test_a_0019_database_has_its_search_text_folded(db, db_dir):
    # Written lower-cased, accents and all, before 0020: made again from the names.
    with db.session() as s:
        clients.create_client(
            s, {"given_name": "Siobhán", "family_name": "Zoë", "aliases": "Łucja"}, TODAY
        )
    command.downgrade(alembic_config(db.engine), "0019")
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT search_text FROM client")).scalar() == (
            "siobhán | zoë | łucja"
        )
    db.close()
    again = open_database(db_dir, PASSPHRASE)
    try:
        with again.engine.connect() as conn:
            got = conn.execute(text("SELECT search_text FROM client")).scalar()
        assert got == "siobhan | zoe | lucja"
    finally:
        again.close()


def test_upgrade_at_head_is_a_no_op(db):
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE marker (x INTEGER)"))
    upgrade(db.engine)  # must not touch a database already at head
    assert "marker" in inspect(db.engine).get_table_names()
    assert current_revision(db.engine) == HEAD_REVISION


def test_database_from_a_newer_release_is_a_clear_error(db, db_dir):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    with pytest.raises(StorageError, match="newer version"):
        open_database(db_dir, PASSPHRASE)


def test_opening_a_current_database_does_not_import_alembic(db, db_dir):
    db.close()
    code = (
        "import sys; from pathlib import Path\n"
        "from caseworker.store import open_database\n"
        f"db = open_database(Path({str(db_dir)!r}), {PASSPHRASE!r})\n"
        "db.close()\n"
        "assert 'alembic' not in sys.modules, 'alembic imported at start-up'\n"
        "print('lean')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "lean"


@pytest.mark.sqlcipher
def test_a_database_without_a_schema_is_refused_not_rebuilt(db, db_dir):
    from caseworker.core.errors import StorageError

    command.downgrade(alembic_config(db.engine), "base")
    db.close()
    with pytest.raises(StorageError, match="not a caseworker database"):
        open_database(db_dir, PASSPHRASE)


def test_a_0003_database_opens_with_its_hand_made_due_items_replaced(db, db_dir):
    """The release before derived due items wrote them by hand (with a title, some closed,
    kinds no rule makes): on first open they are recomputed from the records, each
    change on the trail, and the chain holds."""
    import caseworker.agenda  # noqa: F401 - as the app does
    from caseworker.screening import complete_parental
    from caseworker.store.models import DueItem, Setting, TrailEvent
    from caseworker.store.trail import verify_chain

    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        complete_parental(s, ada.id, {"parental_status": "all_live_with"}, TODAY)
    command.downgrade(alembic_config(db.engine), "0003")
    assert current_revision(db.engine) == "0003"
    with db.engine.begin() as conn:
        titles = conn.execute(text("SELECT kind, title FROM dueitem ORDER BY kind")).all()
        assert titles == [
            ("precaf", "Pre-CAF assessment"),
            ("rescreen", "Re-screen parental status"),
        ]
        conn.execute(text("DELETE FROM dueitem"))  # as the old release left them:
        for kind, title, due_on, completed in (
            ("rescreen", "Re-screen parental status", "2026-01-01", "2026-02-01"),  # closed
            ("rescreen", "Re-screen parental status", "2026-12-01", None),  # another date
            ("review", "Treatment review", "2026-12-05", None),  # no rule makes these
        ):
            conn.execute(
                text(
                    "INSERT INTO dueitem (id, created_at, updated_at, client_id, kind, title, "
                    "due_on, completed_on) VALUES (:id, :at, :at, :client, :kind, :title, "
                    ":due_on, :completed)"
                ),
                {"id": uuid.uuid4().hex, "at": "2026-11-01 00:00:00", "client": ada.id.hex,
                 "kind": kind, "title": title, "due_on": due_on, "completed": completed},
            )  # fmt: skip
    db.close()

    again = open_database(db_dir, PASSPHRASE)
    try:
        assert current_revision(again.engine) == HEAD_REVISION
        assert _schema_diff(again.engine) == []
        with again.session() as s:
            rows = sorted(s.scalars(select(DueItem)), key=lambda r: r.kind)
            assert [(r.kind, r.due_on.isoformat()) for r in rows] == [
                ("precaf", "2026-12-21"),
                ("rescreen", "2027-02-22"),
            ]
            assert all(r.reason and r.source_id for r in rows)
            assert s.get(Setting, "derived.due_items") is not None
            actions = [
                e.action
                for e in s.scalars(select(TrailEvent).where(TrailEvent.entity == "dueitem"))
            ][-4:]
            assert sorted(actions) == ["create", "delete", "delete", "update"]
            assert verify_chain(s).ok
    finally:
        again.close()
