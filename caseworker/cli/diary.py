"""`caseworker diary`: the open due items of the caseload as an iCalendar file or JSON
(caseworker.agenda.export_diary does the work; this only checks the arguments and says
what was written)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from caseworker.cli.terminal import EXIT_USAGE, CliError, open_caseload, say

FORMATS = ("ics", "json")


def _target(out: str | None) -> Path | None:
    """The file to write, checked before the passphrase is asked."""
    if not out:
        return None
    path = Path(out)
    if path.is_dir():
        raise CliError(f"{path} is a folder: give a file name, e.g. {path / 'diary.ics'}")
    if not path.parent.is_dir():
        raise CliError(f"Folder does not exist: {path.parent}")
    return path


def cmd_diary(args: argparse.Namespace) -> int:
    if args.format not in FORMATS:
        given = f"Unknown format {args.format!r}" if args.format else "No format given"
        raise CliError(f"{given}: use --format ics or --format json.", EXIT_USAGE)
    path = _target(args.out)
    from caseworker.agenda import ExportFormat, export_diary
    from caseworker.diary import uk_date

    db = open_caseload(args.data_dir)
    try:
        count = export_diary(
            db,
            ExportFormat(args.format),
            path or sys.stdout,
            today=uk_date(datetime.now(UTC)),
            with_names=args.with_names,
        )
    finally:
        db.close()
    if path:
        say(f"Exported {count:,} due items to {path}")
    if args.with_names:
        say(
            f"{'This file' if path else 'This output'} is NOT encrypted and names clients: "
            "keep it off calendars that sync to a phone, and delete it when done."
        )
    elif path:
        say("No client names in it: each item names its client by initials and a reference.")
    return 0
