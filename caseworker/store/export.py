"""JSON export: the whole database (for this service's own use: a new laptop, a backup),
or some clients' records (for a recipient, once the consent check has allowed each:
caseworker.caseload.exporting). Each table's rows are read in the export's form by
caseworker.store.export_rows; this module writes them into one document.

Written by the user's request only (the one place client data leaves the
encrypted file unencrypted), and recorded in the trail like any other disclosure.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection, Iterable
from functools import partial
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from caseworker import __version__
from caseworker.core.files import atomic_file
from caseworker.store import export_halves as halves
from caseworker.store.database import Database
from caseworker.store.export_halves import LaterTables, TableWriter
from caseworker.store.export_progress import ExportProgress, Report
from caseworker.store.export_rows import Lines, row_reader
from caseworker.store.migrations import current_revision
from caseworker.store.models import utcnow
from caseworker.store.trail import append_event, chain_head, short_hash

FORMAT = "caseworker-export"
FORMAT_VERSION = 1
# Whom the whole database goes to: this service itself (the data never leaves it).
SELF = "self"


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
    progress: ExportProgress | None = None,
) -> dict[str, int]:
    """The document: the header, then ``tables`` in name order; with ``later``, the rest
    of the tables as another process wrote them (export_halves), copied in after."""
    counts: dict[str, int] = {}
    counted = None if progress is None else progress.wrote
    out.write("{\n")
    for k, v in header.items():
        out.write(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n")
    out.write('  "tables": {')
    for ti, table in enumerate(sorted(tables, key=lambda t: t.name)):
        counts[table.name] = _write_table(out, ti, table, rows_of, counted)
    if later is not None:
        counts |= later.copy_into(out, None if progress is None else progress.waiting)
    out.write("\n  }\n}\n")
    return counts


def _write_table(
    out: IO[str],
    ti: int,
    table: Table,
    rows_of: Callable[[Table], Lines],
    counted: Callable[[int], None] | None = None,
) -> int:
    """One table's rows, the ``ti``-th table of the document; how many rows (each batch's
    told to ``counted`` too)."""
    out.write(("," if ti else "") + f"\n    {json.dumps(table.name)}: [")
    n = 0
    for lines in rows_of(table):
        if lines:  # a batch at a time: one write, not one a row
            out.write(("," if n else "") + "\n      " + ",\n      ".join(lines))
            n += len(lines)
            if counted is not None:
                counted(len(lines))
    out.write("\n    ]" if n else "]")
    return n


def _every_row(engine: Engine) -> Callable[[Table], Lines]:
    rows = row_reader()

    def rows_of(table: Table) -> Lines:
        # A connection per table: nothing holds one read open for the whole export.
        with engine.connect() as conn:
            yield from rows(conn, table, None)

    return rows_of


def _writer_in_child(
    db_path: Path, data_key: bytes, counted: Callable[[int], None] | None = None
) -> TableWriter:
    """In the second process: its own engine (a connection is never shared across a
    fork), writing tables as this module does."""
    from caseworker.store.encrypted_engine import sqlcipher_engine

    rows_of = _every_row(sqlcipher_engine(db_path, data_key))
    return lambda out, ti, table: _write_table(out, ti, table, rows_of, counted)


def write_export(
    db: Database, out: IO[str], *, beside: Path | None = None, progress: Report | None = None
) -> dict[str, int]:
    """Record the export in the trail, then stream every table as one JSON document.
    ``beside``: the folder of the file ``out`` writes, where a second process may write
    the later tables (export_halves) while this one writes the earlier. ``progress`` is
    told how many of the rows are written, every tenth of a second and at the end."""
    with db.session() as s:
        ev = append_event(
            s, "export", "database", summary="Whole database exported (JSON)",
            changes={"recipient": SELF},
        )  # fmt: skip
    header = _header(current_revision(db.engine), (ev.seq, ev.hash), {"recipient": SELF})
    tables = sorted(SQLModel.metadata.sorted_tables, key=lambda t: t.name)
    split = beside is not None and _may_split(db, beside)
    weights: list[int] = []
    if split or progress is not None:  # a count per table: SQLite walks its smallest index
        with db.engine.connect() as conn:
            weights = halves.row_counts(conn, tables)
    first = len(tables)
    if split and sum(weights) >= halves.WORTH_IT:
        first = halves.split_at(weights)
    if progress is None:
        return _write_whole(db, out, header, tables, first, beside)
    told = ExportProgress(sum(weights), progress)
    try:
        counts = _write_whole(db, out, header, tables, first, beside, told)
        told.finished()
        return counts
    finally:
        told.close()


def _write_whole(
    db: Database,
    out: IO[str],
    header: dict,
    tables: list[Table],
    first: int,
    beside: Path | None,
    progress: ExportProgress | None = None,
) -> dict[str, int]:
    """Every table, ``tables[first:]`` by a second process (none if first is past the end:
    write_export splits only an encrypted file written beside a folder)."""
    rows_of = _every_row(db.engine)
    if first >= len(tables):
        return _write(out, header, tables, rows_of, progress=progress)
    assert beside is not None and db.data_key is not None
    counted = None if progress is None else progress.child_wrote
    child = partial(_writer_in_child, db.path, db.data_key, counted)
    # The pool's connections closed first: the child inherits none of this process's
    # SQLite state that is open, and opens its own.
    db.engine.dispose()
    with halves.later_tables(beside, tables, first, child) as later:
        mine = tables if later is None else tables[:first]
        return _write(out, header, mine, rows_of, later, progress)


def _may_split(db: Database, beside: Path) -> bool:
    """Whether a second process can write part of it: an encrypted file, forked (halves)."""
    encrypted_file = db.encrypted and db.data_key is not None and db.engine.dialect.name == "sqlite"
    return encrypted_file and halves.available(beside)


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

    rows = row_reader()

    def rows_of(table: Table) -> Lines:
        return rows(conn, table, None if table.name == "worker" else wanted)

    # Read on this transaction's own connection: on SQLite another one from the pool may
    # be this very connection, and handing it back would roll the transaction back.
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    head = chain_head(session)
    return _write(out, _header(revision, head, header), chosen, rows_of)


def export_to_file(db: Database, path: Path, progress: Report | None = None) -> dict[str, int]:
    """Atomic: a half-written export never replaces a good one (temp file, fsync, rename)."""
    path = Path(path)
    with atomic_file(path) as fh:
        return write_export(db, fh, beside=path.parent, progress=progress)
