"""The `caseworker` command. Imports stay lazy so that start-up is lean.

Every error a user can cause ends in one plain line on stderr and a non-zero
exit, never a traceback (and never client data in the message).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from caseworker.core.errors import CaseworkerError


class AppRunner(Protocol):
    def __call__(self, **options: Any) -> None: ...


EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(CaseworkerError):
    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


def _interactive() -> bool:
    return sys.stdin.isatty() and os.environ.get("CI", "").lower() not in {"1", "true"}


def _say(msg: str) -> None:
    print(msg, file=sys.stderr)


def _passphrase(prompt: str = "Passphrase: ") -> str:
    env = os.environ.get("CASEWORKER_PASSPHRASE")
    if env:
        return env
    if not _interactive():
        raise CliError("No passphrase: set CASEWORKER_PASSPHRASE or run in a terminal.")
    import getpass

    return getpass.getpass(prompt)


def _open(data_dir: Path):
    """Unlock with CASEWORKER_PASSPHRASE or a prompt (three tries at a terminal)."""
    import caseworker.agenda  # noqa: F401 - due items stay derived (and current) on open
    from caseworker.core.paths import DB_FILENAME, database_url
    from caseworker.store.database import open_database
    from caseworker.store.keyfile import WrongPassphrase

    # Say there is no caseload before asking for a passphrase that cannot help.
    if not database_url() and not (data_dir / DB_FILENAME).exists():
        raise CliError(
            f"No caseload in {data_dir} yet. Set one up with: caseworker init "
            "(or try the demo: caseworker --demo)"
        )
    tries = 1 if os.environ.get("CASEWORKER_PASSPHRASE") or not _interactive() else 3
    for attempt in range(tries):
        try:
            return open_database(data_dir, _passphrase())
        except WrongPassphrase:
            if attempt + 1 < tries:
                _say("That passphrase is not right. Try again.")
    raise CliError("That passphrase is not right.")


# ---- init -------------------------------------------------------------------------------


def _ask_setup(args: argparse.Namespace):
    from caseworker.store.setup import SetupAnswers, SetupError, check_passphrase

    name, role, service, team = args.name, args.role, args.service, args.team
    passphrase = os.environ.get("CASEWORKER_PASSPHRASE")
    if _interactive():
        import questionary

        def required(text: str) -> bool | str:
            return bool(text.strip()) or "Required"

        if not name:
            name = questionary.text("Your name:", validate=required).unsafe_ask()
        if not role:
            role = questionary.select(
                "Your role:", choices=["worker", "supervisor"], default="worker"
            ).unsafe_ask()
        if not service:
            service = questionary.text("Service name:", validate=required).unsafe_ask()
        if team is None:
            team = questionary.text("Team (optional):").unsafe_ask()
        if not passphrase:
            _say(
                "The passphrase encrypts the caseload. It cannot be recovered: if it is "
                "forgotten, only a backup and its passphrase bring the records back."
            )
        while not passphrase:
            first = questionary.password("Choose a passphrase (8+ characters):").unsafe_ask()
            try:
                check_passphrase(first)
            except SetupError as exc:
                _say(str(exc))
                continue
            second = questionary.password("Type it again:").unsafe_ask()
            if first != second:
                _say("The two passphrases differ. Try again.")
                continue
            passphrase = first
    missing = [f for f, v in (("--name", name), ("--service", service)) if not v]
    if missing or not passphrase:
        need = ", ".join(missing + ([] if passphrase else ["CASEWORKER_PASSPHRASE"]))
        raise CliError(f"Not a terminal, so nothing can be asked. Missing: {need}", EXIT_USAGE)
    return SetupAnswers(name, role or "worker", service, passphrase, team or "")


def _initialise(data_dir: Path, answers):
    from caseworker.store.setup import SetupError, initialise

    try:
        return initialise(data_dir, answers)
    except SetupError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except FileExistsError:
        raise CliError(f"A caseload already exists in {data_dir}. Nothing was changed.") from None


def cmd_init(args: argparse.Namespace) -> int:
    from caseworker.store.database import is_initialised

    if is_initialised(args.data_dir):
        raise CliError(f"A caseload already exists in {args.data_dir}. Nothing was changed.")
    db = _initialise(args.data_dir, _ask_setup(args))
    db.close()
    from caseworker.core.paths import database_url

    where = "the server database" if database_url() else f"{args.data_dir} (encrypted)"
    _say(f"Caseload created in {where}. Open it with: caseworker")
    return 0


# ---- the app ----------------------------------------------------------------------------


def cmd_app(args: argparse.Namespace) -> int:
    if args.demo:
        return _run_demo(_app_runner(args))
    from caseworker.core.paths import KEY_FILENAME, caseload_files_exist

    passphrase = os.environ.get("CASEWORKER_PASSPHRASE")
    if passphrase and caseload_files_exist(args.data_dir):
        # Before the heavy imports below, so the KDF runs while they do.
        from caseworker.store.keyfile import unwrap_in_background

        key = unwrap_in_background(args.data_dir / KEY_FILENAME, passphrase)
        _app_runner(args)(data_dir=args.data_dir, passphrase=passphrase, data_key=key)
        return 0
    from caseworker.store.database import is_initialised

    if not is_initialised(args.data_dir):
        if not _interactive():
            raise CliError(
                f"No caseload in {args.data_dir} yet. Set one up with: caseworker init "
                "(or try the demo: caseworker --demo)"
            )
        import questionary

        _say(f"No caseload found in {args.data_dir}.")
        if not questionary.confirm("Set one up now?", default=True).unsafe_ask():
            _say("Nothing was changed. To look around first: caseworker --demo")
            return 0
        ns = argparse.Namespace(name=None, role=None, service=None, team=None)
        _initialise(args.data_dir, _ask_setup(ns)).close()
    _app_runner(args)(data_dir=args.data_dir, passphrase=passphrase)
    return 0


def _app_runner(args: argparse.Namespace) -> AppRunner:
    """The app, as handed over by the launcher (screens.launch): the CLI never imports it."""
    if args.run_app is None:
        raise CliError("The app is started with the `caseworker` command.", EXIT_USAGE)
    return args.run_app


def _run_demo(run_app: AppRunner) -> int:
    import shutil
    import signal
    import tempfile

    from caseworker.demo.caseload import create_demo_caseload

    tmp = Path(tempfile.mkdtemp(prefix="caseworker-demo-"))

    def closed(signum: int, frame: object) -> None:
        raise SystemExit(0)  # the terminal went away: still delete the demo files

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, closed)
    try:
        db = create_demo_caseload(tmp / "data", today=date.today())
        run_app(db=db, demo=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


# ---- plumbing ---------------------------------------------------------------------------


def cmd_demo_data(args: argparse.Namespace) -> int:
    from caseworker.demo.caseload import populate
    from caseworker.store.database import is_initialised
    from caseworker.store.setup import SetupAnswers

    if args.clients < 1:
        raise CliError("--clients must be at least 1", EXIT_USAGE)
    if is_initialised(args.data_dir):
        db = _open(args.data_dir)
    else:
        passphrase = os.environ.get("CASEWORKER_PASSPHRASE")
        if not passphrase:
            raise CliError("No caseload yet: set CASEWORKER_PASSPHRASE to create one.")
        _say(f"No caseload in {args.data_dir}: creating one.")
        answers = SetupAnswers("Demo Worker", "worker", "Demo Service", passphrase)
        db = _initialise(args.data_dir, answers)

    def progress(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rAdding demo clients: {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)

    try:
        added = populate(db, args.clients, today=date.today(), seed=args.seed, progress=progress)
    finally:
        db.close()
    _say(f"Added {added:,} demo clients.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from caseworker.store.export import export_to_file, write_export

    db = _open(args.data_dir)
    try:
        if args.out:
            out = Path(args.out)
            if not out.parent.is_dir():
                raise CliError(f"Folder does not exist: {out.parent}")
            counts = export_to_file(db, out)
            _say(f"Exported {sum(counts.values()):,} records to {out}")
            _say("This file is NOT encrypted: keep it somewhere safe and delete it when done.")
        else:
            write_export(db, sys.stdout)
    finally:
        db.close()
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from caseworker.core.errors import StorageError
    from caseworker.store import backup_to
    from caseworker.store.trail import append_event

    target = Path(args.path)
    # Refuse before anything is recorded, so the audit log never claims a backup not made.
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CliError(f"{target} already exists and is not empty")
    db = _open(args.data_dir)
    try:
        try:
            target = backup_to(db, target)
        except (FileExistsError, StorageError) as exc:
            raise CliError(str(exc)) from None
        # Recorded once the copy exists: the log never claims a backup that failed.
        with db.session() as s:
            append_event(s, "backup", "database", summary="Encrypted backup made")
    finally:
        db.close()
    _say(f"Encrypted backup written to {target} (open it with: caseworker --data-dir {target})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DatabaseError

    from caseworker.core.errors import StorageError
    from caseworker.store import integrity_problems
    from caseworker.store.trail import ChainReport, verify_chain

    db = _open(args.data_dir)
    try:
        try:
            problems = integrity_problems(db)
        except DatabaseError as exc:
            problems = [f"the file is damaged ({type(exc.orig or exc).__name__})"]
        try:
            with db.session() as s:
                chain = verify_chain(s)
            if chain.ok and db.anchor_problem:
                chain = ChainReport(chain.events, chain.events + 1, db.anchor_problem)
        except (DatabaseError, StorageError):
            chain = ChainReport(0, 0, "the audit table could not be read (damaged file)")
    finally:
        db.close()
    print("Database integrity: " + ("ok" if not problems else "FAILED"))
    for p in problems[:20]:
        print(f"  {p}")
    if chain.ok:
        print(f"Audit chain: ok ({chain.events:,} events)")
    else:
        print(f"Audit chain: FAILED at event {chain.first_bad_seq}: {chain.problem}")
    from caseworker.content.problems import content_problems

    content = content_problems()
    print("Instruments and local protocol: " + ("ok" if not content else "FAILED"))
    for p in content:
        print(f"  {p}")
    return 0 if chain.ok and not problems and not content else EXIT_ERROR


def cmd_passphrase(args: argparse.Namespace) -> int:
    from caseworker.core.errors import WrongPassphrase
    from caseworker.store import change_passphrase
    from caseworker.store.setup import SetupError, check_passphrase
    from caseworker.store.trail import append_event

    old = _passphrase("Current passphrase: ")
    new = os.environ.get("CASEWORKER_NEW_PASSPHRASE")
    if not new:
        if not _interactive():
            raise CliError("Set CASEWORKER_NEW_PASSPHRASE or run in a terminal.")
        import getpass

        new = getpass.getpass("New passphrase: ")
        if getpass.getpass("New passphrase again: ") != new:
            raise CliError("The two new passphrases differ. Nothing was changed.")
    try:
        check_passphrase(new)
        change_passphrase(args.data_dir, old, new)
    except SetupError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except WrongPassphrase:
        raise CliError("The current passphrase is not right. Nothing was changed.") from None
    os.environ["CASEWORKER_PASSPHRASE"] = new
    db = _open(args.data_dir)
    with db.session() as s:
        append_event(s, "passphrase", "keyfile", summary="Passphrase changed")
    db.close()
    _say("Passphrase changed. Your records were not touched; only the key file changed.")
    return 0


# ---- argument parsing -------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="where the caseload lives (default: $CASEWORKER_DATA_DIR or your user data folder)",
    )
    p = argparse.ArgumentParser(
        prog="caseworker",
        parents=[common],
        description="Safeguarding casework for drug and alcohol workers, offline and encrypted.",
        epilog="Run with no command to open the app. Try it safely with: caseworker --demo",
    )
    p.add_argument("--demo", action="store_true", help="open the app on a throwaway demo caseload")
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

    s = sub.add_parser("export", parents=[common], help="export the whole database")
    s.add_argument("--format", choices=["json"], default="json")
    s.add_argument("--out", help="write to this file (atomically) instead of stdout")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("backup", parents=[common], help="write an encrypted copy to a folder")
    s.add_argument("path", help="a new or empty folder")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser(
        "check", parents=[common], help="verify database integrity and the audit chain"
    )
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("passphrase", parents=[common], help="change the passphrase")
    s.set_defaults(func=cmd_passphrase)
    return p


def main(argv: list[str] | None = None, *, run_app: AppRunner | None = None) -> int:
    """Run one command. ``run_app`` starts the app (given by the launcher, screens.launch);
    without it the headless commands still work, and opening the app is refused."""
    args = build_parser().parse_args(argv)
    args.run_app = run_app
    from caseworker.core.paths import resolve_data_dir

    args.data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    func = getattr(args, "func", cmd_app)
    try:
        return func(args)
    except CliError as exc:
        _say(f"caseworker: {exc}")
        return exc.code
    except CaseworkerError as exc:  # wrong passphrase, missing key file, damaged or busy...
        _say(f"caseworker: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("caseworker: interrupted; nothing half-saved.")
        return 130
    except OSError as exc:
        # File-system trouble (permissions, full disk): name the problem, not the data.
        _say(f"caseworker: {exc.strerror or exc.__class__.__name__}: {exc.filename or ''}")
        return EXIT_ERROR
    except Exception as exc:
        if type(exc).__module__.startswith("sqlalchemy"):
            # e.g. the PostgreSQL server is unreachable: plain words, never the statement.
            from caseworker.store import plain_reason

            _say(f"caseworker: {plain_reason(exc)}")
            return EXIT_ERROR
        raise
