"""`caseworker import FILE`: an export's records into the current caseload (moving to a
new laptop is `export` on the old one, then `init` and `import` on the new)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caseworker.cli.maintenance import StatusLine
from caseworker.cli.terminal import open_caseload, say


def cmd_import(args: argparse.Namespace) -> int:
    from caseworker.caseload import import_records, read_export

    path = Path(args.file)
    # Read (and refused, if it is no export) before the passphrase is asked.
    export = read_export(path)
    db = open_caseload(args.data_dir)
    status = StatusLine(sys.stderr)
    try:
        with db.session() as s:  # one transaction: all or nothing
            summary = import_records(s, export, status.records_progress)
    finally:
        status.clear()
        db.close()
    say(
        f"Imported {summary.clients:,} clients ({summary.records:,} records) from {path}; "
        "recorded in the trail."
    )
    say("The export file is NOT encrypted: delete it once you have checked the import.")
    return 0
