"""The `caseworker` command: its arguments, and one place that turns every error a user
can cause into a plain line. Imports stay lazy so that start-up is lean.

Every error a user can cause ends in one plain line on stderr and a non-zero
exit, never a traceback (and never client data in the message).
"""

from __future__ import annotations

import argparse
from contextlib import nullcontext
from pathlib import Path

from caseworker.cli.setup import cmd_app
from caseworker.cli.terminal import (
    EXIT_ERROR,
    EXIT_USAGE,
    AppRunner,
    CliError,
    Stopped,
    say,
    stop_on_signals,
)
from caseworker.core.errors import CaseworkerError

DATA_DIR_HELP = "where the caseload lives (default: $CASEWORKER_DATA_DIR or your user data folder)"


def _top_parser(*parents: argparse.ArgumentParser) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="caseworker",
        parents=list(parents),
        description="Safeguarding casework for drug and alcohol workers, offline and encrypted.",
        epilog="Run with no command to open the app. Try it safely with: caseworker --demo",
    )
    p.add_argument("--demo", action="store_true", help="open the app on a throwaway demo caseload")
    return p


def opens_the_app(argv: list[str]) -> bool:
    """Only the app's own options (`caseworker`, `--demo`, `--data-dir D`): parsed without
    building every command's parser or importing the commands (start-up is lean)."""
    i = 0
    while i < len(argv):
        if argv[i] == "--demo" or argv[i].startswith("--data-dir="):
            i += 1
        elif argv[i] == "--data-dir" and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            i += 2
        else:
            return False  # a command, --help, anything else: the whole parser says
    return True


def app_parser() -> argparse.ArgumentParser:
    """The parser of the app's own options: what build_parser gives for them."""
    p = _top_parser()
    p.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
    return p


def build_parser() -> argparse.ArgumentParser:
    from caseworker.cli.diary import cmd_diary
    from caseworker.cli.exporting import add_export_parser
    from caseworker.cli.importing import cmd_import
    from caseworker.cli.letter import add_letter_parser
    from caseworker.cli.maintenance import cmd_backup, cmd_check, cmd_passphrase
    from caseworker.cli.people import add_person_parser
    from caseworker.cli.protocol import cmd_protocol
    from caseworker.cli.report import cmd_report_precaf
    from caseworker.cli.restore import cmd_restore
    from caseworker.cli.setup import cmd_demo_data, cmd_init
    from caseworker.cli.supervision import add_supervision_report

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
    p = _top_parser(common)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("init", parents=[common], help="set up a new encrypted caseload")
    s.add_argument("--name", help="your name")
    s.add_argument("--role", choices=["worker", "supervisor"])
    s.add_argument("--service", help="your service's name")
    s.add_argument("--team", default=None, help="your team (optional)")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser(
        "demo-data", parents=[common], help="fill the caseload with synthetic clients"
    )
    s.add_argument("--clients", type=int, default=100, help="how many (default 100)")
    s.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    s.set_defaults(func=cmd_demo_data)

    add_export_parser(sub, common)

    s = sub.add_parser(
        "import",
        parents=[common],
        help="add the clients in an export file to this caseload (all or nothing)",
        description=(
            "Add the records in FILE, a JSON file written by `caseworker export` (the whole "
            "caseload, or the same document holding only some clients), to this caseload: "
            "each client with their aliases, past addresses, children, household, network, "
            "consent and screenings, and the workers they name. Every record is checked as "
            "its form checks it; a bad field is named with its record, and a record already "
            "in this caseload is refused: then nothing at all is imported. The other "
            "caseload's trail and due items are not brought in (the import is recorded in "
            "this caseload's trail, and what is due is worked out again). To move to a new "
            "laptop: `caseworker export --recipient self --out FILE` on the old one, then "
            "`caseworker init` and `caseworker import FILE` on the new. An export for "
            "someone else (`--recipient NAME`) holds only the clients shared with them."
        ),
    )
    s.add_argument("file", metavar="FILE", help="a JSON file written by caseworker export")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser(
        "diary",
        parents=[common],
        help="the open due items as a calendar file (ics) or JSON, without client names",
    )
    # Checked by the command, not by argparse, so that a wrong one is one plain line.
    s.add_argument("--format", metavar="{ics,json}", help="ics (a calendar) or json")
    s.add_argument("--out", help="write to this file (atomically) instead of stdout")
    s.add_argument(
        "--with-names",
        action="store_true",
        help="put clients' names in (default: initials and a reference only)",
    )
    s.set_defaults(func=cmd_diary)

    s = sub.add_parser(
        "report", parents=[common], help="print a record for the case file, or a supervision pack"
    )
    reports = s.add_subparsers(dest="report", metavar="REPORT", required=True)
    r = reports.add_parser(
        "precaf",
        parents=[common],
        help="a client's pre-CAF: ratings, evidence, the suggestion and the decision",
        description=(
            "Write a client's pre-CAF assessment (the latest, or --precaf ID) as a document "
            "for the case file: each child's ratings with their evidence and its source, "
            "what the ratings suggest and why, and the signed decision with its reasons, "
            "action plan or grounds. A pre-CAF not yet decided is marked as a draft. The "
            "file is written atomically and is not encrypted; the export is recorded in "
            "the trail."
        ),
    )
    r.add_argument("--client", metavar="REF", help="the client's reference (6+ characters)")
    r.add_argument("--precaf", metavar="ID", help="which pre-CAF (default: the latest)")
    # Checked by the command, not by argparse, so that a wrong one is one plain line.
    r.add_argument("--format", metavar="{md,docx}", help="md (Markdown) or docx (Word)")
    r.add_argument("--out", metavar="FILE", help="the file to write (atomically)")
    r.set_defaults(func=cmd_report_precaf)
    add_supervision_report(reports, common)
    add_letter_parser(sub, common)

    s = sub.add_parser("backup", parents=[common], help="write an encrypted copy to a folder")
    s.add_argument("path", help="a new or empty folder")
    s.set_defaults(func=cmd_backup, writes_into="path")  # never the caseload's own folder

    s = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the caseload with a backup (asks first; the old one is kept until done)",
        description=(
            "Replace the caseload with a backup made by `caseworker backup DIR`. The backup "
            "is checked first (it must open with its passphrase: the one the caseload had "
            "when the backup was made), then copied, opened and brought up to date beside "
            "the caseload; only then are the two swapped, so an interruption leaves the "
            "caseload as it was. The restore is recorded in the trail and the trail's "
            "anchor sealed again, so `caseworker check` passes on the restored caseload. "
            "Anything recorded since the backup was made is gone: it asks first."
        ),
    )
    s.add_argument("backup_dir", metavar="BACKUP_DIR", help="the folder the backup went into")
    s.add_argument(
        "--yes", action="store_true", help="do not ask (scripts); without a terminal it is needed"
    )
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser(
        "check",
        parents=[common],
        help="verify database integrity and the trail (the hash-chained record of every change)",
        description=(
            "Check the whole caseload: SQLite's integrity check and SQLCipher's check of "
            "every page, then every event of the trail (each hash recomputed, in order, "
            "back to the first), the instruments and local protocol, and the settings. "
            "Nothing is skipped, so it takes longer the bigger the caseload; on a terminal "
            "a progress line shows how far the trail check has got. Exits non-zero if "
            "anything fails."
        ),
    )
    s.set_defaults(func=cmd_check)

    add_person_parser(sub, common)

    s = sub.add_parser(
        "passphrase", parents=[common], help="change your passphrase (only yours: see person)"
    )
    s.set_defaults(func=cmd_passphrase)

    s = sub.add_parser(
        "protocol", parents=[common], help="show the local protocol's settings and their source"
    )
    s.set_defaults(func=cmd_protocol)
    return p


def refuse_writing_into_the_caseload(args: argparse.Namespace) -> None:
    """A file a command writes (--out, a backup's folder) never goes into the caseload's
    own folder: written over the database or its key file, it would destroy the caseload
    (an export there is also client data in plain text beside the encrypted file)."""
    data_dir = Path(args.data_dir).expanduser().resolve()
    for given in (
        getattr(args, "out", None),
        getattr(args, getattr(args, "writes_into", ""), None),
    ):
        if not given:
            continue
        target = Path(given).expanduser().resolve()
        if target == data_dir or data_dir in target.parents:
            raise CliError(
                f"{given} is inside the caseload's own folder ({data_dir}): choose a file or "
                "folder outside it (written there, it could destroy the caseload).",
                EXIT_USAGE,
            )


def main(argv: list[str] | None = None, *, run_app: AppRunner | None = None) -> int:
    """Run one command. ``run_app`` starts the app (given by the launcher, screens.launch);
    without it the headless commands still work, and opening the app is refused."""
    import sys

    argv = sys.argv[1:] if argv is None else list(argv)
    args = (app_parser() if opens_the_app(argv) else build_parser()).parse_args(argv)
    args.run_app = run_app
    from caseworker.core.paths import resolve_data_dir

    args.data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    func = getattr(args, "func", cmd_app)
    try:
        refuse_writing_into_the_caseload(args)
        with nullcontext() if func is cmd_app else stop_on_signals():
            return func(args)
    except CliError as exc:
        say(f"caseworker: {exc}")
        return exc.code
    except CaseworkerError as exc:  # wrong passphrase, missing key file, damaged or busy...
        say(f"caseworker: {exc}")
        return EXIT_ERROR
    except Stopped as exc:
        say("caseworker: stopped; nothing half-saved.")
        return 128 + exc.signum
    except KeyboardInterrupt:
        say("caseworker: interrupted; nothing half-saved.")
        return 130
    except BrokenPipeError:
        # The reader went away (`caseworker protocol | head`): not an error of ours.
        import os
        import sys

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        # File-system trouble (permissions, full disk): name the problem, not the data.
        say(f"caseworker: {exc.strerror or exc.__class__.__name__}: {exc.filename or ''}")
        return EXIT_ERROR
    except Exception as exc:
        if type(exc).__module__.startswith(("sqlalchemy", "sqlcipher3", "sqlite3")):
            # e.g. the PostgreSQL server is unreachable: plain words, never the statement.
            from caseworker.store import plain_reason

            say(f"caseworker: {plain_reason(exc)}")
            return EXIT_ERROR
        raise
