"""JSON export: the whole database (for this service's own use: a new laptop, a backup),
or some clients' records (for a recipient, once the consent check has allowed each:
caseworker.caseload.exporting).

Written by the user's request only (the one place client data leaves the
encrypted file unencrypted), and recorded in the trail like any other disclosure.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Table, select, text
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from caseworker import __version__
from caseworker.core.files import atomic_file
from caseworker.store.database import Database
from caseworker.store.migrations import current_revision
from caseworker.store.models import utcnow
from caseworker.store.trail import append_event, chain_head, jsonable, short_hash

FORMAT = "caseworker-export"
FORMAT_VERSION = 1
# Whom the whole database goes to: this service itself (the data never leaves it).
SELF = "self"


def _rows(
    conn: Connection, table: Table, keep: Callable[[Any], bool] | None = None
) -> Iterator[dict]:
    cols = list(table.columns)
    order = list(table.primary_key.columns)
    # Which column says whose record a row is (None: every row goes, e.g. the workers).
    owner = None if keep is None else ("id" if table.name == "client" else "client_id")
    at = [c.name for c in cols].index(owner) if owner else -1
    result = conn.execute(select(*cols).order_by(*order)).yield_per(1000)
    for row in result:
        if keep is not None and at >= 0 and not keep(row[at]):
            continue
        yield {c.name: jsonable(v) for c, v in zip(cols, row, strict=True)}


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
    out: IO[str], header: dict, tables: Iterable[Table], rows_of: Callable[[Table], Iterator[dict]]
) -> dict[str, int]:
    counts: dict[str, int] = {}
    out.write("{\n")
    for k, v in header.items():
        out.write(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n")
    out.write('  "tables": {')
    for ti, table in enumerate(sorted(tables, key=lambda t: t.name)):
        out.write(("," if ti else "") + f"\n    {json.dumps(table.name)}: [")
        n = 0
        for row in rows_of(table):
            out.write(("," if n else "") + "\n      " + json.dumps(row, ensure_ascii=False))
            n += 1
        out.write("\n    ]" if n else "]")
        counts[table.name] = n
    out.write("\n  }\n}\n")
    return counts


def write_export(db: Database, out: IO[str]) -> dict[str, int]:
    """Record the export in the trail, then stream every table as one JSON document."""
    with db.session() as s:
        ev = append_event(
            s, "export", "database", summary="Whole database exported (JSON)",
            changes={"recipient": SELF},
        )  # fmt: skip
    header = _header(current_revision(db.engine), (ev.seq, ev.hash), {"recipient": SELF})

    def rows_of(table: Table) -> Iterator[dict]:
        # A connection per table: nothing holds one read open for the whole export.
        with db.engine.connect() as conn:
            yield from _rows(conn, table)

    return _write(out, header, SQLModel.metadata.sorted_tables, rows_of)


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

    def rows_of(table: Table) -> Iterator[dict]:
        keep = None if table.name == "worker" else wanted.__contains__
        return _rows(conn, table, keep)

    # Read on this transaction's own connection: on SQLite another one from the pool may
    # be this very connection, and handing it back would roll the transaction back.
    revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    head = chain_head(session)
    return _write(out, _header(revision, head, header), chosen, rows_of)


def export_to_file(db: Database, path: Path) -> dict[str, int]:
    """Atomic: a half-written export never replaces a good one (temp file, fsync, rename)."""
    with atomic_file(path) as fh:
        return write_export(db, fh)
