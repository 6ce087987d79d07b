"""`caseworker export`: client records as JSON, for this service itself (`--recipient
self`: a new laptop, a backup) or for someone else (`--recipient NAME`: consent checked
for each client, a sharing decision for each; caseworker.caseload.exporting does the
work, this checks the arguments and says what was done)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from caseworker.cli.maintenance import StatusLine, trail_head
from caseworker.cli.terminal import EXIT_REFUSED, EXIT_USAGE, CliError, open_caseload, say

# The CLI's words for the bases without consent (caseworker.referrals.BASES ids use "_").
BASES = ("immediate-risk", "increased-risk", "statutory")
_WHOM = (
    "say whom the export is for: --recipient self (this service's own use: a new laptop, "
    "a backup) or --recipient NAME (someone else: consent is checked for each client)"
)


def add_export_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser(
        "export",
        parents=[common],
        help="export clients' records as JSON, for this service or, consent checked, another",
        description=(
            "Write clients' records as one JSON file that `caseworker import` reads. "
            "--recipient self: for this service's own use (a new laptop, a backup); the "
            "data does not leave the service, so no consent is needed; the whole database "
            "goes (or the clients given with --client), and the export is recorded in the "
            "trail. --recipient NAME: for someone else; consent to share with NAME is "
            "checked for each client (or each --client): a client with consent given goes; "
            "one with consent missing, refused or expired is left out unless --basis and "
            "--reason are given, which share them anyway. Each client gets a sharing "
            "decision (shared or not), signed with your name and sealed; the file holds "
            "only the shared clients' records (never the trail, due items, drafts or "
            "supervision) and is written only if someone may be shared (exit 3 if no one "
            "may). The file is written atomically and is NOT encrypted. A whole export "
            "shows a progress line (records written of all) when stderr is a terminal."
        ),
    )
    s.add_argument("--recipient", metavar="self|NAME", help="whom the export is for (required)")
    s.add_argument(
        "--client",
        metavar="REF",
        action="append",
        help="only this client (their reference, 6+ characters); repeat for more",
    )
    s.add_argument(
        "--basis",
        metavar="{" + ",".join(BASES) + "}",
        help="share clients without consent for the recipient on this basis",
    )
    s.add_argument("--reason", metavar="TEXT", help="the reason for that basis")
    s.add_argument("--format", choices=["json"], default="json")
    s.add_argument(
        "--out",
        metavar="FILE",
        help="write to this file (atomically); without it, an export for self goes to stdout",
    )
    s.set_defaults(func=cmd_export)


def _check(args: argparse.Namespace) -> Path | None:
    if not args.recipient or not args.recipient.strip():
        raise CliError(f"No recipient given: {_WHOM}.", EXIT_USAGE)
    is_self = args.recipient.strip().lower() == "self"
    if args.basis is not None and args.basis not in BASES:
        raise CliError(f"Unknown basis {args.basis!r}: use one of {', '.join(BASES)}.", EXIT_USAGE)
    if (args.basis or args.reason) and is_self:
        raise CliError(
            "--basis and --reason are for an export to someone else: an export for this "
            "service itself needs no consent.",
            EXIT_USAGE,
        )
    if args.reason and not args.basis:
        raise CliError("--reason goes with --basis.", EXIT_USAGE)
    if args.basis and not (args.reason and args.reason.strip()):
        raise CliError("--basis needs --reason TEXT: say why it is shared without consent.",
                       EXIT_USAGE)  # fmt: skip
    if not args.out:
        if is_self and not args.client:
            return None
        # Written somewhere only once it is allowed: a pipe cannot be taken back.
        raise CliError("No file given: add --out FILE (an export of some clients, or for "
                       "someone else, is written to a file).", EXIT_USAGE)  # fmt: skip
    out = Path(args.out).expanduser()
    if out.is_dir():
        raise CliError(f"{out} is a folder: give a file name, e.g. {out / 'export.json'}")
    if not out.parent.is_dir():
        raise CliError(f"Folder does not exist: {out.parent}")
    return out


def cmd_export(args: argparse.Namespace) -> int:
    out = _check(args)
    is_self = args.recipient.strip().lower() == "self"
    db = open_caseload(args.data_dir)
    try:
        if is_self and not args.client:
            from caseworker.store.export import export_to_file, write_export

            status = StatusLine(sys.stderr)  # a progress line on a terminal only
            # Not over the document itself, written to the same terminal; and no line to
            # show, no count of every table to make for it.
            shown = status.enabled and not (out is None and sys.stdout.isatty())
            progress = status.export_progress if shown else None
            try:
                if out is None:
                    write_export(db, sys.stdout, progress=progress)
                    return 0
                counts = export_to_file(db, out, progress)
            finally:
                status.clear()
            say(f"Exported {sum(counts.values()):,} records to {out} (for this service's own use)")
        else:
            _export_clients(db, args, out)
        say(f"Trail head: {trail_head(db)} (also in the file; note it to witness the trail)")
    finally:
        db.close()
    say("This file is NOT encrypted: keep it somewhere safe and delete it when done.")
    return 0


def _export_clients(db, args: argparse.Namespace, out: Path | None) -> None:
    from caseworker.caseload import export_clients
    from caseworker.core.errors import SharingRefused
    from caseworker.diary import uk_date
    from caseworker.people import client_by_reference

    assert out is not None  # _check asks for a file
    now = datetime.now(UTC)
    today = uk_date(now)
    client_ids = None
    if args.client:
        with db.session() as s:
            client_ids = list(dict.fromkeys(client_by_reference(s, ref).id for ref in args.client))
    basis = args.basis.replace("-", "_") if args.basis else None
    try:
        done = export_clients(db, out, args.recipient, today, now, client_ids=client_ids,
                              basis=basis, reason=args.reason or "")  # fmt: skip
    except SharingRefused as exc:
        raise CliError(f"{exc} {_to_share_anyway()}", EXIT_REFUSED) from None
    plan = done.plan
    shared = len(plan.shared)
    records = sum(done.counts.values())
    if plan.is_self:
        say(f"Exported the records of {_clients(shared)} ({records:,} records) to {out} "
            "(for this service's own use)")  # fmt: skip
        return
    on_consent = shared - plan.on_basis
    how = f"{on_consent:,} on their consent"
    if plan.on_basis:
        how += f", {plan.on_basis:,} without it, on the basis you gave ({args.basis})"
    say(f"Exported the records of {_clients(shared)} ({records:,} records) to {out} for "
        f"{plan.recipient}: {how}.")  # fmt: skip
    left_out = plan.left_out
    if left_out:
        parts = ", ".join(f"{n:,} {words}" for state, words in (
            ("none", "with no consent recorded"), ("refused", "refused or withdrawn"),
            ("expired", "expired"), ("scoped", "with consent to part of the record only"))
            if (n := left_out.get(state)))  # fmt: skip
        say(f"Left out {_clients(sum(left_out.values()))} without consent to share with "
            f"{plan.recipient} ({parts}). {_to_share_anyway()}")  # fmt: skip
    say(f"Sharing decisions recorded: {done.decisions:,} (shared or not), signed with "
        "your name and sealed.")  # fmt: skip


def _clients(n: int) -> str:
    return f"{n:,} client" + ("" if n == 1 else "s")


def _to_share_anyway() -> str:
    return (
        "To share without consent, give --basis immediate-risk, increased-risk or "
        "statutory with --reason TEXT; otherwise they are not shared."
    )
