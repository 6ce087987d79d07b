"""Each table's rows in the export's form, a batch of JSON lines at a time
(caseworker.store.export writes them into the document).

Each value goes into the file as trail.jsonable turns what the ORM's column type loads:
a UUID as str(UUID), a moment as its aware UTC isoformat(), a date as isoformat(), JSON
parsed. On SQLite the rows are read as the driver returns them (no SQLAlchemy in the
loop: a whole export is most of the file, read once) and each value is rebuilt into
that same form from the raw column, as `caseworker check` rebuilds the trail's
(caseworker.store.trail): the file is the same byte for byte. PostgreSQL's driver
returns typed values already; there the rows go through SQLAlchemy Core.
"""

from __future__ import annotations

import json
import json.scanner
import uuid
from collections.abc import Callable, Collection, Iterator
from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Connection, Date, Integer, String, Table, Uuid, select
from sqlmodel.sql.sqltypes import AutoString

from caseworker.store.replay import _is_moment
from caseworker.store.trail import _at_text, _uuid_text, jsonable

# What json.dumps(row, ensure_ascii=False) writes, without a new encoder for every row.
_encode = json.JSONEncoder(ensure_ascii=False).encode

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


def row_reader() -> RowReader:
    """For one export: every row of a table in primary-key order, each value in the
    export's form; with owners, only those clients' rows (every row of a table without
    an owner column). Raw on SQLite, typed elsewhere (PostgreSQL)."""
    raw = _RawReader()

    def rows(conn: Connection, table: Table, owners: Collection[uuid.UUID] | None) -> Lines:
        if conn.dialect.name == "sqlite" and raw_readable(table):
            return raw.rows(conn, table, owners)
        return _typed_rows(conn, table, owners)

    return rows
