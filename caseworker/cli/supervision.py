"""`caseworker report supervision`: a worker's supervision pack (the figures with their
clients, the latest session's cases, decisions and actions, the months so far, and the
trail's head hash) as JSON, Markdown, Word or PDF. caseworker.supervision.export_pack does
the work and records it in the trail; this checks the arguments and says what was written."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from caseworker.cli.report import report_target
from caseworker.cli.terminal import EXIT_USAGE, CliError, open_caseload, say

FORMATS = ("json", "md", "docx", "pdf")


def add_supervision_report(reports, common: argparse.ArgumentParser) -> None:
    r = reports.add_parser(
        "supervision",
        parents=[common],
        help="a worker's supervision pack: figures, cases discussed, decisions, trail head",
        description=(
            "Write a worker's supervision pack: every figure of their caseload review with "
            "the clients behind it, the latest supervision session (or --session ID) with "
            "each case's discussion, decision, Think Family answer and actions, the figures "
            "month by month from signed-off sessions, and the trail's head hash, so a copy "
            "kept outside the laptop witnesses the caseload's state that day. JSON has one "
            'entry per figure under "figures": {"count": N, "client_ids": [...]}. The file '
            "is written atomically and is not encrypted; the export is recorded in the trail."
        ),
    )
    r.add_argument("--worker", metavar="NAME", help="whose caseload (their name on it)")
    r.add_argument("--session", metavar="ID", help="which session (default: the latest)")
    r.add_argument("--format", metavar="{json,md,docx,pdf}", help="the file's format")
    r.add_argument("--out", metavar="FILE", help="the file to write (atomically)")
    r.set_defaults(func=cmd_report_supervision)


def cmd_report_supervision(args: argparse.Namespace) -> int:
    fmt = str(args.format or "").strip().lower().lstrip(".")
    if fmt not in FORMATS:
        given = f"Unknown format {args.format!r}" if args.format else "No format given"
        raise CliError(f"{given}: use --format json, md, docx or pdf.", EXIT_USAGE)
    if not args.worker:
        raise CliError("No worker given: add --worker NAME (caseworker person list).", EXIT_USAGE)
    path = report_target(args.out, fmt, "supervision")
    import uuid

    import caseworker.agenda  # noqa: F401 - keeps the due-item table the review reads
    from caseworker.diary import uk_date
    from caseworker.supervision import export_pack, worker_by_name

    session_id = None
    if args.session:
        try:
            session_id = uuid.UUID(args.session)
        except ValueError:
            raise CliError(f"{args.session!r} is not a session id.", EXIT_USAGE) from None
    db = open_caseload(args.data_dir)
    try:
        with db.session() as s:
            worker = worker_by_name(s, args.worker)
            export_pack(s, worker.id, uk_date(datetime.now(UTC)), path, fmt, session_id=session_id)
            name = worker.name
    finally:
        db.close()
    say(f"Wrote the supervision pack of {name} to {path}")
    say(
        "This file is NOT encrypted and names clients: keep it with the service's "
        "supervision records and delete any other copy."
    )
    return 0
