"""`caseworker letter`: a client's letter from a template, as the app drafts it (the
worker's typing kept in the app included), written as Markdown, Word or PDF; with
--finalise, the consent check and the sharing decision run and the letter is frozen
(caseworker.referrals.letters does the work; this checks the arguments and says what was
done). `caseworker letter --list` names the templates."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from caseworker.cli.terminal import EXIT_REFUSED, EXIT_USAGE, CliError, open_caseload, say

FORMATS = ("md", "docx", "pdf")
# The CLI's words for the bases (caseworker.referrals.sharing.BASES ids use "_").
BASES = ("consent", "immediate-risk", "increased-risk", "statutory")


def add_letter_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    r = sub.add_parser(
        "letter",
        parents=[common],
        help="draft, finalise and print a letter about a client's family",
        description=(
            "Write the current draft of a client's letter from a template (marked DRAFT, "
            "with the facts it used and where each came from) as Markdown, Word or PDF. "
            "With --finalise the consent for the recipient is checked: without consent, "
            "give --basis and --reason, or the letter is not finalised. The file is "
            "written atomically and is not encrypted; it is recorded in the trail."
        ),
    )
    r.add_argument("--list", action="store_true", help="name the templates and stop")
    r.add_argument("--client", metavar="REF", help="the client's reference (6+ characters)")
    r.add_argument("--template", metavar="ID", help="the template (see --list)")
    r.add_argument("--child", metavar="NAME", help="the child the letter is about")
    r.add_argument("--format", metavar="{md,docx,pdf}", help="md, docx (Word) or pdf")
    r.add_argument("--out", metavar="FILE", help="the file to write (atomically)")
    r.add_argument("--finalise", action="store_true", help="finalise the letter (frozen)")
    r.add_argument(
        "--basis", metavar="{" + ",".join(BASES) + "}", help="why it is shared without consent"
    )
    r.add_argument("--reason", metavar="TEXT", help="the reason for that basis")
    r.set_defaults(func=cmd_letter)


def _list() -> int:
    from caseworker.referrals import load_templates

    for template in load_templates().values():
        about = " (about one child: --child NAME)" if template.about == "child" else ""
        print(f"{template.id:<20} {template.summary or template.title}{about}")
    return 0


def _target(out: str | None, fmt: str) -> Path:
    if not out:
        raise CliError(f"No file given: add --out FILE, e.g. --out letter.{fmt}", EXIT_USAGE)
    path = Path(out).expanduser()
    if path.is_dir():
        raise CliError(f"{path} is a folder: give a file name, e.g. {path / f'letter.{fmt}'}")
    if not path.parent.is_dir():
        raise CliError(f"Folder does not exist: {path.parent}")
    return path


def _check(args: argparse.Namespace) -> Path:
    if args.format not in FORMATS:
        given = f"Unknown format {args.format!r}" if args.format else "No format given"
        raise CliError(f"{given}: use --format md, docx or pdf.", EXIT_USAGE)
    if not args.client:
        raise CliError("No client given: add --client REF (6 or more characters).", EXIT_USAGE)
    if not args.template:
        raise CliError("No template given: add --template ID (see --list).", EXIT_USAGE)
    if args.basis is not None and args.basis not in BASES:
        raise CliError(f"Unknown basis {args.basis!r}: use one of {', '.join(BASES)}.", EXIT_USAGE)
    if (args.basis or args.reason) and not args.finalise:
        raise CliError("--basis and --reason go with --finalise.", EXIT_USAGE)
    return _target(args.out, args.format)


def cmd_letter(args: argparse.Namespace) -> int:
    if args.list:
        return _list()
    path = _check(args)
    from caseworker.core.errors import ValidationFailed
    from caseworker.diary import uk_date
    from caseworker.people import client_by_reference
    from caseworker.referrals import (
        ChildToChoose,
        child_by_name,
        draft_letter,
        export_draft,
        export_letter,
        finalise_letter,
    )

    now = datetime.now(UTC)
    today = uk_date(now)
    db = open_caseload(args.data_dir)
    try:
        with db.session() as s:
            client = client_by_reference(s, args.client)
            child_id = child_by_name(s, client.id, args.child) if args.child else None
            try:
                letter = draft_letter(s, client.id, args.template, today, child_id=child_id)
            except ChildToChoose as exc:
                hint = (
                    " Add --child NAME." if exc.children else " Add the child first (in the app)."
                )
                raise CliError(f"{exc}{hint}", EXIT_USAGE) from None
            if not args.finalise:
                export_draft(s, letter, path, args.format, today)
                say(f"Wrote the DRAFT of {letter.template.id} ({letter.title}) to {path}")
                say("Facts used: " + "; ".join(f"{f.label} ({f.source})" for f in letter.facts))
            else:
                raw = {
                    "body": letter.body,
                    "recipient": letter.recipient,
                    "basis": (args.basis or "").replace("-", "_"),
                    "reason": args.reason or "",
                }
                try:
                    row = finalise_letter(s, letter, raw, today, now)
                except ValidationFailed as exc:
                    fields = {e.field for e in exc.errors}
                    hint = (
                        (
                            " Give --basis immediate-risk, increased-risk or statutory with "
                            "--reason TEXT, or do not send it."
                        )
                        if fields & {"basis", "reason"}
                        else ""
                    )
                    raise CliError(f"Not finalised: {exc}.{hint}", EXIT_REFUSED) from None
                assert row is not None  # the CLI always asks to share
                export_letter(s, row.id, path, args.format)
                say(
                    f"Finalised {letter.template.id} to {row.recipient} on {today:%d/%m/%Y} "
                    f"(sharing decision logged); wrote it to {path}"
                )
    finally:
        db.close()
    say(
        "This file is NOT encrypted and names the client and their children: send it "
        "securely and delete any other copy."
    )
    return 0
