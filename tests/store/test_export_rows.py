"""The export's rows read as the SQLCipher driver returns them (no SQLAlchemy types in the
loop) are written exactly as the typed rows were: the same file, byte for byte.

The typed path (SQLAlchemy Core with the models' column types, each value through
trail.jsonable) is what the export always wrote, and what it still writes on PostgreSQL:
it is the reference here."""

from __future__ import annotations

import io
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from caseloads import TODAY
from sqlalchemy import select
from sqlmodel import SQLModel

from caseworker.demo.caseload import populate
from caseworker.people import clients
from caseworker.store import export, export_rows
from caseworker.store.models import Client, Referral

pytestmark = pytest.mark.sqlcipher  # the raw path is SQLite's; a server run keeps the typed one

TABLES = SQLModel.metadata.sorted_tables
TABLES_BY = {t.name: t for t in TABLES}
NON_ASCII = "Zoë Ñúñez-Łukasiewicz 🙂"


@pytest.fixture
def caseload(db):
    """The demo caseload (dates, moments, UUIDs, JSON, booleans, NULLs), a client with
    non-ASCII names, a referral's call in another time zone, and some values in forms the
    app does not write but SQLite holds (written around the app): the raw path must turn
    each as the column types would."""
    populate(db, 60, today=TODAY, seed=3)
    with db.session() as s:
        c = clients.create_client(s, {"given_name": NON_ASCII, "family_name": "Ærøskøbing"}, TODAY)
        c.substances = ["alcool — vin", "ß"]
        referral = s.scalars(select(Referral)).first()
        assert referral is not None
        referral.call_at = datetime(2026, 11, 2, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
        odd_id = c.id
    with db.engine.begin() as conn:
        hex_id = odd_id.hex
        # A moment with no fraction, one with its own offset, a UUID in upper case with
        # dashes, a date as an ISO week day, JSON with spaces and an escape: each must
        # read as the ORM reads it.
        conn.exec_driver_sql(
            "UPDATE client SET created_at = '2026-03-01 10:00:00', "
            "updated_at = '2026-03-01T10:00:00.250000+01:00', "
            "created_by = upper(?), date_of_birth = '1999-W27-7', "
            'substances = \' ["x" ,"\\u00fc"] \' WHERE id = ?',
            (str(db.worker_id), hex_id),
        )
    return db, odd_id


def _lines(batches) -> list[str]:
    return [line for batch in batches for line in batch]


def _file(db, rows) -> str:
    out = io.StringIO()
    header = {"format": export.FORMAT, "recipient": export.SELF}

    def rows_of(table):
        with db.engine.connect() as conn:
            yield from rows(conn, table, None)

    export._write(out, header, TABLES, rows_of)
    return out.getvalue()


def test_every_table_is_read_raw_on_sqlite(db):
    assert db.engine.dialect.name == "sqlite"
    assert [t.name for t in TABLES if not export_rows.raw_readable(t)] == []


def test_the_raw_rows_write_the_same_file_as_the_typed_rows(caseload):
    db, _ = caseload
    typed = _file(db, export_rows._typed_rows)
    assert _file(db, export_rows._raw_rows) == typed
    # What the caseload holds, so that the comparison covers every kind of value.
    assert NON_ASCII in typed and "Ærøskøbing" in typed
    assert "+00:00" in typed and "true" in typed and "false" in typed and "null" in typed
    assert '"2026-11-02T14:30:00+00:00"' in typed  # the call, in UTC
    assert '"1999-07-11"' in typed and '"2026-03-01T10:00:00+00:00"' in typed
    assert '"2026-03-01T09:00:00.250000+00:00"' in typed
    assert '"substances": ["x", "ü"]' in typed  # JSON text in another spacing, read again
    assert f'"created_by": "{db.worker_id}"' in typed
    with db.engine.connect() as conn:
        kinds = {
            (type(col.type).__name__, type(v).__name__)
            for table in TABLES
            for row in _lines(export_rows._typed_rows(conn, table, None))
            for col, v in zip(table.columns, json.loads(row).values(), strict=True)
        }
    assert {("Boolean", "bool"), ("Uuid", "str"), ("Uuid", "NoneType"), ("Date", "str"),
            ("UTCDateTime", "str"), ("UTCDateTime", "NoneType"), ("JSON", "dict"),
            ("JSON", "list"), ("Integer", "int"), ("AutoString", "str"),
            ("AutoString", "NoneType")} <= kinds  # fmt: skip


def test_the_raw_rows_keep_only_the_clients_asked_for(caseload):
    db, odd_id = caseload
    with db.session() as s:
        some = set(s.scalars(select(Client.id).limit(5))) | {odd_id}
    with db.engine.connect() as conn:
        for table in TABLES:
            raw = _lines(export_rows._raw_rows(conn, table, some))
            assert raw == _lines(export_rows._typed_rows(conn, table, some)), table.name
            if table.name in ("client", "child"):
                everyone = _lines(export_rows._raw_rows(conn, table, None))
                assert 0 < len(raw) < len(everyone)
        kept = _lines(export_rows._raw_rows(conn, TABLES_BY["client"], some))
    assert {uuid.UUID(json.loads(line)["id"]) for line in kept} == some


def test_a_value_the_column_type_could_not_read_fails_the_raw_path_too(db):
    populate(db, 2, today=TODAY, seed=1)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE client SET date_of_birth = 'not a date'")
    table = SQLModel.metadata.tables["client"]
    with db.engine.connect() as conn:
        with pytest.raises(ValueError):
            _lines(export_rows._typed_rows(conn, table, None))
        with pytest.raises(ValueError):
            _lines(export_rows._raw_rows(conn, table, None))


def test_the_whole_export_reads_raw_and_records_itself(db, tmp_path, monkeypatch):
    populate(db, 3, today=TODAY, seed=1)
    used = []
    real = export_rows._RawReader.rows

    def spy(reader, conn, table, owners):
        used.append(table.name)
        return real(reader, conn, table, owners)

    monkeypatch.setattr(export_rows._RawReader, "rows", spy)
    counts = export.export_to_file(db, tmp_path / "all.json")
    assert sorted(used) == sorted(t.name for t in TABLES)
    assert counts["client"] == 3 and counts["trail_event"] > 3
