"""JSON export: the whole database (for this service's own use: a new laptop, a backup),
or some clients' records (for a recipient, once the consent check has allowed each:
caseworker.caseload.exporting).

Written by the user's request only (the one place client data leaves the
encrypted file unencrypted), and recorded in the trail like any other disclosure.
"""

from __future__ import annotations

import json
import json.scanner
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    Integer,
    String,
    Table,
    Uuid,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from caseworker import __version__
from caseworker.core.files import atomic_file
from caseworker.store import export_halves as halves
from caseworker.store.database import Database
from caseworker.store.export_halves import LaterTables, TableWriter
from caseworker.store.migrations import current_revision
from caseworker.store.models import utcnow
from caseworker.store.replay import _is_moment
from caseworker.store.trail import (
    _at_text,
    _uuid_text,
    append_event,
    chain_head,
    jsonable,
    short_hash,
)

FORMAT = "caseworker-export"
FORMAT_VERSION = 1
# Whom the whole database goes to: this service itself (the data never leaves it).
SELF = "self"
# What json.dumps(row, ensure_ascii=False) writes, without a new encoder for every row.
_encode = json.JSONEncoder(ensure_ascii=False).encode


# ---- reading the rows --------------------------------------------------------------------
#
# Each value goes into the file as trail.jsonable turns what the ORM's column type loads:
# a UUID as str(UUID), a moment as its aware UTC isoformat(), a date as isoformat(), JSON
# parsed. On SQLite the rows are read as the driver returns them (no SQLAlchemy in the
# loop: a whole export is most of the file, read once) and each value is rebuilt into
# that same form from the raw column, as `caseworker check` rebuilds the trail's
# (caseworker.store.trail): the file is the same byte for byte. PostgreSQL's driver
# returns typed values already; there the rows go through SQLAlchemy Core as before.


# A table's rows, each as its line of JSON, a batch at a time.
Lines = Iterator[list[str]]
_BATCH = 1000


def _typed_rows(conn: Connection, table: Table, owners: Collection[uuid.UUID] | None) -> Lines:
    cols = list(table.columns)
    order = list(table.primary_key.columns)
    at = _owner_at(table, owners)
    result = conn.execute(select(*cols).order_by(*order)).yield_per(_BATCH)
    for rows in result.partitions():
        yield [
            _encode({c.name: jsonable(v) for c, v in zip(cols, row, strict=True)})
            for row in rows
            if owners is None or at < 0 or row[at] in owners
        ]


def _owner_at(table: Table, owners: Collection[uuid.UUID] | None) -> int:
    """Where the column that says whose record a row is sits (-1: every row goes, e.g.
    a table with no owner column, such as the workers)."""
    if owners is None:
        return -1
    owner = "id" if table.name == "client" else "client_id"
    names = [c.name for c in table.columns]
    return names.index(owner) if owner in names else -1


def _raw_bool(value: Any) -> bool:
    return bool(value)  # SQLite's 0/1, as SQLAlchemy's Boolean reads it


def _raw_date(value: Any) -> str:
    return date.fromisoformat(value).isoformat()  # as SQLAlchemy's Date reads it


# json.loads without its wrappers, for the text SQLAlchemy's JSON type wrote (json.dumps:
# no whitespace around it). Anything else goes through json.loads itself, which reads it
# (or fails) as the ORM's column type does.
_scan_json = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]


def _raw_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            parsed, end = _scan_json(value, 0)
        except (StopIteration, ValueError):
            end = -1
        if end == len(value):
            return parsed
    return json.loads(value) if isinstance(value, str | bytes) else value


class _Turned(dict[Any, Any]):
    """Each raw value turned once per export, then looked up: the client a record belongs
    to, the worker who made it, a day, a yes or no, repeat row after row. Only for
    columns whose distinct values are few (never a primary key, a moment or JSON)."""

    def __init__(self, turn: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self.turn = turn

    def __missing__(self, raw: Any) -> Any:
        turned = self[raw] = self.turn(raw)
        return turned


# A column's kind, for how its raw values are turned (see _raw_converter).
_PASS, _ONCE, _EACH = "pass", "once", "each"
# (sqlmodel's AutoString is a TypeDecorator over String that reads nothing differently.)
_PASSED = (Integer, String, AutoString)


def _raw_converter(column: Column) -> tuple[str, Callable[[Any], Any] | None] | None:
    """How the raw path turns this column's SQLite value (never None) into the export's
    form: (_PASS, None) as it is, (_ONCE, f) through a _Turned, (_EACH, f) value by value;
    None for a type it does not know (none so far: its table is read typed)."""
    kind = column.type
    if isinstance(kind, Uuid):
        return (_EACH if column.primary_key else _ONCE), _uuid_text
    if _is_moment(kind):
        return _EACH, _at_text
    if isinstance(kind, Date):
        return _ONCE, _raw_date
    if isinstance(kind, Boolean):
        return _ONCE, _raw_bool
    if isinstance(kind, JSON):
        return _EACH, _raw_json
    if isinstance(kind, _PASSED):
        return _PASS, None  # text and whole numbers come back as they went in
    return None


def raw_readable(table: Table) -> bool:
    """Whether the raw path knows every column type of ``table``."""
    return all(_raw_converter(c) is not None for c in table.columns)


class _RawReader:
    """Reads tables as the SQLite driver returns their rows, turning each value into the
    export's form. One per export: its _Turned lookups are shared by every table."""

    def __init__(self) -> None:
        self._once: dict[Callable[[Any], Any], _Turned] = {}

    def _row_maker(self, table: Table) -> Callable[[tuple], dict]:
        """A function from a raw row to the row's dict in the export's form, written out
        for this table's columns (``lambda r: {"id": ..., "name": r[1], ...}``): no loop
        over the columns for each row, the hot path of a whole export. Only the model's
        own column names go into the source, never a value."""
        scope: dict[str, Any] = {}
        items = []
        for i, column in enumerate(table.columns):
            how, turn = _raw_converter(column) or (_PASS, None)
            value = f"r[{i}]"
            if how == _ONCE and turn is not None:
                turned = self._once.get(turn)
                if turned is None:
                    turned = self._once[turn] = _Turned(turn)
                scope[f"once{i}"] = turned
                value = f"once{i}[r[{i}]]"
            elif how == _EACH and turn is not None:
                scope[f"each{i}"] = turn
                value = f"(None if (v{i} := r[{i}]) is None else each{i}(v{i}))"
            items.append(f"{column.name!r}: {value}")
        return eval("lambda r: {" + ", ".join(items) + "}", scope)

    def rows(self, conn: Connection, table: Table, owners: Collection[uuid.UUID] | None) -> Lines:
        row = self._row_maker(table)
        at = _owner_at(table, owners)
        owner = table.columns[at].name if at >= 0 else None
        wanted = {str(u) for u in owners} if owners is not None and owner else None
        stmt = select(*table.columns).order_by(*table.primary_key.columns)
        sql = str(stmt.compile(dialect=conn.dialect))
        # The driver's own cursor on this connection (and so in its transaction, if any).
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql)
            while batch := cursor.fetchmany(_BATCH):
                if wanted is None:
                    yield [_encode(row(r)) for r in batch]
                else:
                    yield [_encode(d) for d in map(row, batch) if d[owner] in wanted]
        finally:
            cursor.close()


def _raw_rows(conn: Connection, table: Table, owners: Collection[uuid.UUID] | None) -> Lines:
    return _RawReader().rows(conn, table, owners)


RowReader = Callable[[Connection, Table, Collection[uuid.UUID] | None], Lines]


def _row_reader() -> RowReader:
    """For one export: every row of a table in primary-key order, each value in the
    export's form; with owners, only those clients' rows (every row of a table without
    an owner column). Raw on SQLite, typed elsewhere (PostgreSQL)."""
    raw = _RawReader()

    def rows(conn: Connection, table: Table, owners: Collection[uuid.UUID] | None) -> Lines:
        if conn.dialect.name == "sqlite" and raw_readable(table):
            return raw.rows(conn, table, owners)
        return _typed_rows(conn, table, owners)

    return rows


def _header(revision: str | None, head: tuple[int, str] | None, extra: dict[str, Any]) -> dict:
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "schema_revision": revision,
        "exported_at": utcnow().isoformat(),
    }
    if head is not None:
        # The chain's head as this export left it (its own events): written down or sent
        # elsewhere, it witnesses the trail outside the laptop (`check` prints it too).
        header["trail_head"] = {"event": head[0], "hash": head[1], "short": short_hash(head[1])}
    return header | extra


def _write(
    out: IO[str],
    header: dict,
    tables: Iterable[Table],
    rows_of: Callable[[Table], Lines],
    later: LaterTables | None = None,
) -> dict[str, int]:
    """The document: the header, then ``tables`` in name order; with ``later``, the rest
    of the tables as another process wrote them (export_halves), copied in after."""
    counts: dict[str, int] = {}
    out.write("{\n")
    for k, v in header.items():
        out.write(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n")
    out.write('  "tables": {')
    for ti, table in enumerate(sorted(tables, key=lambda t: t.name)):
        counts[table.name] = _write_table(out, ti, table, rows_of)
    if later is not None:
        counts |= later.copy_into(out)
    out.write("\n  }\n}\n")
    return counts


def _write_table(out: IO[str], ti: int, table: Table, rows_of: Callable[[Table], Lines]) -> int:
    """One table's rows, the ``ti``-th table of the document; how many rows."""
    out.write(("," if ti else "") + f"\n    {json.dumps(table.name)}: [")
    n = 0
    for lines in rows_of(table):
        if lines:  # a batch at a time: one write, not one a row
            out.write(("," if n else "") + "\n      " + ",\n      ".join(lines))
            n += len(lines)
    out.write("\n    ]" if n else "]")
    return n


def _every_row(engine: Engine) -> Callable[[Table], Lines]:
    rows = _row_reader()

    def rows_of(table: Table) -> Lines:
        # A connection per table: nothing holds one read open for the whole export.
        with engine.connect() as conn:
            yield from rows(conn, table, None)

    return rows_of


def _writer_in_child(db_path: Path, data_key: bytes) -> TableWriter:
    """In the second process: its own engine (a connection is never shared across a
    fork), writing tables as this module does."""
    from caseworker.store.database import _sqlcipher_engine

    rows_of = _every_row(_sqlcipher_engine(db_path, data_key))
    return lambda out, ti, table: _write_table(out, ti, table, rows_of)


def write_export(db: Database, out: IO[str], *, beside: Path | None = None) -> dict[str, int]:
    """Record the export in the trail, then stream every table as one JSON document.
    ``beside``: the folder of the file ``out`` writes, where a second process may write
    the later tables (export_halves) while this one writes the earlier."""
    with db.session() as s:
        ev = append_event(
            s, "export", "database", summary="Whole database exported (JSON)",
            changes={"recipient": SELF},
        )  # fmt: skip
    header = _header(current_revision(db.engine), (ev.seq, ev.hash), {"recipient": SELF})
    tables = sorted(SQLModel.metadata.sorted_tables, key=lambda t: t.name)
    rows_of = _every_row(db.engine)
    first = _later_part(db, tables, beside)
    if beside is None or db.data_key is None or first >= len(tables):
        return _write(out, header, tables, rows_of)
    child = partial(_writer_in_child, db.path, db.data_key)
    # The pool's connections closed first: the child inherits none of this process's
    # SQLite state that is open, and opens its own.
    db.engine.dispose()
    with halves.later_tables(beside, tables, first, child) as later:
        mine = tables if later is None else tables[:first]
        return _write(out, header, mine, rows_of, later)


def _later_part(db: Database, tables: list[Table], beside: Path | None) -> int:
    """Where the tables a second process writes start (len(tables): none)."""
    encrypted_file = db.encrypted and db.data_key is not None
    if beside is None or not (encrypted_file and db.engine.dialect.name == "sqlite"):
        return len(tables)
    if not halves.available(beside):
        return len(tables)
    with db.engine.connect() as conn:
        weights = halves.row_counts(conn, tables)
    return halves.split_at(weights) if sum(weights) >= halves.WORTH_IT else len(tables)


def write_clients_export(
    session: Session,
    out: IO[str],
    tables: Collection[str],
    client_ids: Collection[uuid.UUID],
    header: dict[str, Any],
) -> dict[str, int]:
    """Stream these tables, holding only these clients' rows (every worker: the records
    name them), as one export document, read in ``session``'s transaction: what the
    caller added to it (the sharing decisions, the trail's export event) is read too,
    and it commits or rolls back with them. ``caseworker import`` reads it as it reads a
    whole export."""
    session.flush()
    conn = session.connection()
    wanted = set(client_ids)
    by_name = {t.name: t for t in SQLModel.metadata.sorted_tables}
    chosen = [by_name[name] for name in tables]

    rows = _row_reader()

    def rows_of(table: Table) -> Lines:
        return rows(conn, table, None if table.name == "worker" else wanted)

    # Read on this transaction's own connection: on SQLite another one from the pool may
    # be this very connection, and handing it back would roll the transaction back.
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    head = chain_head(session)
    return _write(out, _header(revision, head, header), chosen, rows_of)


def export_to_file(db: Database, path: Path) -> dict[str, int]:
    """Atomic: a half-written export never replaces a good one (temp file, fsync, rename)."""
    path = Path(path)
    with atomic_file(path) as fh:
        return write_export(db, fh, beside=path.parent)
