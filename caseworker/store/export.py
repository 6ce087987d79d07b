"""Whole-database JSON export, for backup and portability.

Written by the user's request only (the one place client data leaves the
encrypted file unencrypted), and recorded in the trail like any other disclosure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlmodel import SQLModel

from caseworker import __version__
from caseworker.core.files import atomic_file
from caseworker.store.database import Database
from caseworker.store.migrations import current_revision
from caseworker.store.models import utcnow
from caseworker.store.trail import append_event, jsonable, short_hash

FORMAT = "caseworker-export"
FORMAT_VERSION = 1


def _rows(db: Database, table) -> Iterator[dict]:
    with db.engine.connect() as conn:
        cols = list(table.columns)
        order = list(table.primary_key.columns)
        for row in conn.execute(select(*cols).order_by(*order)).yield_per(1000):
            yield {c.name: jsonable(v) for c, v in zip(cols, row, strict=True)}


def write_export(db: Database, out: IO[str]) -> dict[str, int]:
    """Record the export in the trail, then stream every table as one JSON document."""
    with db.session() as s:
        ev = append_event(s, "export", "database", summary="Whole database exported (JSON)")
    counts: dict[str, int] = {}
    out.write("{\n")
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "schema_revision": current_revision(db.engine),
        "exported_at": utcnow().isoformat(),
        # The chain's head as this export left it (its own event): written down or sent
        # elsewhere, it witnesses the trail outside the laptop (`check` prints it too).
        "trail_head": {"event": ev.seq, "hash": ev.hash, "short": short_hash(ev.hash)},
    }
    for k, v in header.items():
        out.write(f"  {json.dumps(k)}: {json.dumps(v)},\n")
    out.write('  "tables": {')
    tables = sorted(SQLModel.metadata.sorted_tables, key=lambda t: t.name)
    for ti, table in enumerate(tables):
        out.write(("," if ti else "") + f"\n    {json.dumps(table.name)}: [")
        n = 0
        for row in _rows(db, table):
            out.write(("," if n else "") + "\n      " + json.dumps(row, ensure_ascii=False))
            n += 1
        out.write("\n    ]" if n else "]")
        counts[table.name] = n
    out.write("\n  }\n}\n")
    return counts


def export_to_file(db: Database, path: Path) -> dict[str, int]:
    """Atomic: a half-written export never replaces a good one (temp file, fsync, rename)."""
    with atomic_file(path) as fh:
        return write_export(db, fh)
