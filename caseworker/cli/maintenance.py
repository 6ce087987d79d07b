"""Looking after a caseload: backup, check and changing the passphrase (export: cli.exporting)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from caseworker.cli.terminal import (
    EXIT_ERROR,
    EXIT_USAGE,
    CliError,
    interactive,
    open_caseload,
    passphrase,
    say,
)
from caseworker.core.errors import CaseworkerError
from caseworker.core.paths import database_url


def trail_head(db) -> str:
    from caseworker.store.trail import chain_head, short_hash

    with db.session() as s:
        head = chain_head(s)
    return f"{short_hash(head[1])} at event {head[0]:,}" if head else "none (an empty trail)"


def cmd_backup(args: argparse.Namespace) -> int:
    from caseworker.store import backup_to
    from caseworker.store.backup import check_target
    from caseworker.store.trail import append_event

    target = Path(args.path)
    # Before the passphrase is asked and anything is recorded.
    check_target(target)
    db = open_caseload(args.data_dir)
    # One statement copies the whole file (sqlcipher_export): no count to show, but a
    # line saying what it is doing, on a terminal, for the seconds a large caseload takes.
    status = StatusLine(sys.stderr)
    try:
        if db.encrypted:  # a server's is refused at once: nothing to say it is doing
            status.show("Writing the encrypted backup...")
        try:
            target = backup_to(db, target)
        except CaseworkerError as exc:
            raise CliError(str(exc)) from None
        finally:
            status.clear()
        # Recorded once the copy exists: the log never claims a backup that failed.
        with db.session() as s:
            append_event(s, "backup", "database", summary="Encrypted backup made")
    finally:
        db.close()
    say(f"Encrypted backup written to {target} (open it with: caseworker --data-dir {target})")
    return 0


class StatusLine:
    """One line of progress on stderr, each update replacing the last; only when stderr
    is a terminal (a pipe or CI log gets nothing), and cleared before the results."""

    BAR = 24

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.shown = False

    def show(self, text: str) -> None:
        if self.enabled:
            # Back to the start of the line and erase it, then the new text.
            print(f"\r\033[K{text}", end="", file=self.stream, flush=True)
            self.shown = True

    def bar(self, what: str, unit: str, done: int, total: int) -> None:
        # More than counted: records added meanwhile (the app open beside it).
        filled = self.BAR * min(done, total) // total if total else self.BAR
        bar = "#" * filled + "-" * (self.BAR - filled)
        self.show(f"{what} [{bar}] {done:,}/{total:,} {unit}")

    def trail_progress(self, done: int, total: int) -> None:
        self.bar("Checking the trail", "events", done, total)

    def replay_progress(self, done: int, total: int) -> None:
        self.bar("Replaying the trail", "records", done, total)

    def records_progress(self, done: int, total: int) -> None:
        self.bar("Importing", "records", done, total)

    def export_progress(self, done: int, total: int) -> None:
        self.bar("Exporting", "records", done, total)

    def clear(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=self.stream, flush=True)
            self.shown = False


# On a server, what `check` can prove (the trail, read back in full) and what it cannot.
SERVER_DUTIES = (
    "Database: a PostgreSQL server (CASEWORKER_DATABASE_URL). Checked here: the trail, "
    "every event read back from the server and its hash recomputed in order, and its "
    "replay against every current row.\n"
    "  The server's job, not checked here: the integrity of its pages (data checksums, "
    "amcheck) and its backups (pg_dump or base backups; `caseworker backup` copies a "
    "local caseload only)."
)


def cmd_check(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DatabaseError

    from caseworker.core.errors import StorageError
    from caseworker.store import integrity_problems
    from caseworker.store.replay import Replay, ReplayReport
    from caseworker.store.trail import ChainReport, short_hash, verify_chain

    # Opened to be checked: what cannot be read at open (the worker, the anchor) is one
    # more finding, and every other check still runs.
    db = open_caseload(args.data_dir, for_check=True)
    on_server = db.engine.dialect.name != "sqlite"
    status = StatusLine(sys.stderr)
    replayed: ReplayReport | None = None
    try:
        # SQLite's check cannot report how far it has got: say what is happening instead.
        status.show("Checking database integrity (every page)...")
        try:
            problems = integrity_problems(db)
        except DatabaseError as exc:
            problems = [f"the file is damaged ({type(exc.orig or exc).__name__})"]
        try:
            replay = Replay()
            # The trail and the rows as of one moment, even if the app is saving meanwhile.
            with db.snapshot() as conn:
                chain = verify_chain(conn, status.trail_progress, replay=replay)
                if chain.ok:
                    replayed = replay.compare(conn, status.replay_progress)
            if chain.ok and db.anchor_problem:
                chain = ChainReport(chain.events, chain.events + 1, db.anchor_problem)
        except (DatabaseError, StorageError):
            chain = ChainReport(0, 0, "the trail could not be read (damaged file)")
            replayed = None
    finally:
        status.clear()
        db.close()
    if on_server:
        print(SERVER_DUTIES)
    else:
        print("Database integrity: " + ("ok" if not problems else "FAILED"))
    for p in problems[:20]:
        print(f"  {p}")
    if db.open_problems:
        print("Opening: FAILED")
        for p in db.open_problems:
            print(f"  {p}")
    if chain.ok:
        head = f"; head {short_hash(chain.head)} at event {chain.events:,}" if chain.head else ""
        print(f"Trail: ok ({chain.events:,} events{head})")
    else:
        print(f"Trail: FAILED at event {chain.first_bad_seq}: {chain.problem}")
    if replayed is None:
        print("Replay: not run (the trail must be sound first)")
    elif replayed.ok:
        print(f"Replay: ok (the trail accounts for all {replayed.records:,} records)")
    else:
        print("Replay: FAILED (records the trail does not account for; values not shown)")
        for difference in replayed.differences:
            print(f"  {difference}")
        if replayed.more:
            print(f"  and {replayed.more:,} more")
    from caseworker.content import content_problems, load_settings

    content = content_problems()
    print("Instruments, checklists and local protocol: " + ("ok" if not content else "FAILED"))
    for p in content:
        print(f"  {p}")
    try:
        load_settings()
        settings_problem = ""
    except CaseworkerError as exc:  # the app starts with the default keys; say why here
        settings_problem = str(exc)
    print("Settings (keymap): " + ("ok" if not settings_problem else "FAILED"))
    if settings_problem:
        print(f"  {settings_problem}")
    healthy = chain.ok and not problems and not content and not settings_problem
    healthy = healthy and replayed is not None and replayed.ok and not db.open_problems
    return 0 if healthy else EXIT_ERROR


def _change_login_passphrase(args: argparse.Namespace, old: str, new: str) -> int:
    """A server database: the passphrase is the person's login password."""
    from caseworker.core.errors import SetupError
    from caseworker.store.persons import change_login_passphrase

    os.environ["CASEWORKER_PASSPHRASE"] = old
    db = open_caseload(args.data_dir)
    try:
        change_login_passphrase(db, new)
    except SetupError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    finally:
        db.close()
    os.environ["CASEWORKER_PASSPHRASE"] = new
    say("Passphrase changed: it is your database login's new password.")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    from caseworker.core.errors import SetupError, WrongPassphrase
    from caseworker.store import change_passphrase
    from caseworker.store.setup import check_passphrase
    from caseworker.store.trail import append_event

    old = passphrase("Current passphrase: ")
    new = os.environ.get("CASEWORKER_NEW_PASSPHRASE")
    if not new:
        if not interactive():
            raise CliError("Set CASEWORKER_NEW_PASSPHRASE or run in a terminal.")
        import getpass

        new = getpass.getpass("New passphrase: ")
        if getpass.getpass("New passphrase again: ") != new:
            raise CliError("The two new passphrases differ. Nothing was changed.")
    if database_url():
        return _change_login_passphrase(args, old, new)
    try:
        check_passphrase(new)
        change_passphrase(args.data_dir, old, new)
    except SetupError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except WrongPassphrase:
        raise CliError("The current passphrase is not right. Nothing was changed.") from None
    os.environ["CASEWORKER_PASSPHRASE"] = new
    db = open_caseload(args.data_dir)
    with db.session() as s:
        append_event(s, "passphrase", "keyfile", summary="Passphrase changed")
    db.close()
    say("Passphrase changed. Your records were not touched; only the key file changed.")
    return 0
