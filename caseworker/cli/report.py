"""`caseworker report precaf`: a client's pre-CAF as a document for the case file,
Markdown or Word (caseworker.assessment.export_precaf_summary does the work, and records
it in the trail; this only checks the arguments and says what was written)."""

from __future__ import annotations

import argparse
from pathlib import Path

from caseworker.cli.terminal import EXIT_USAGE, CliError, open_caseload, say

FORMATS = ("md", "docx")


def report_target(out: str | None, fmt: str, stem: str = "precaf") -> Path:
    """The file a report is written to, checked before the passphrase is asked."""
    if not out:
        raise CliError(f"No file given: add --out FILE, e.g. --out {stem}.{fmt}", EXIT_USAGE)
    path = Path(out).expanduser()
    if path.is_dir():
        raise CliError(f"{path} is a folder: give a file name, e.g. {path / f'{stem}.{fmt}'}")
    if not path.parent.is_dir():
        raise CliError(f"Folder does not exist: {path.parent}")
    return path


def cmd_report_precaf(args: argparse.Namespace) -> int:
    if args.format not in FORMATS:
        given = f"Unknown format {args.format!r}" if args.format else "No format given"
        raise CliError(f"{given}: use --format md or --format docx.", EXIT_USAGE)
    if not args.client:
        raise CliError("No client given: add --client REF (6 or more characters).", EXIT_USAGE)
    path = report_target(args.out, args.format)
    from caseworker.assessment import export_precaf_summary, find_precaf
    from caseworker.core.dates import format_uk
    from caseworker.people import client_by_reference

    db = open_caseload(args.data_dir)
    try:
        with db.session() as s:
            client = client_by_reference(s, args.client)
            precaf = find_precaf(s, client.id, args.precaf)
            state = (
                f"decided {format_uk(precaf.decided_on)}"
                if precaf.decision is not None
                else "a draft, not decided"
            )
            what = f"the pre-CAF of {format_uk(precaf.started_on)} ({state})"
            export_precaf_summary(s, precaf.id, path, args.format)
    finally:
        db.close()
    say(f"Wrote {what} to {path}")
    say(
        "This file is NOT encrypted and names the client and their children: put it in "
        "the case file and delete any other copy."
    )
    return 0
