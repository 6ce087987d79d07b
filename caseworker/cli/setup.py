"""Setting up and opening: `caseworker init`, the app itself (with the first-run offer
to set up), the throwaway demo and `demo-data`."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from caseworker.cli.terminal import (
    EXIT_USAGE,
    AppRunner,
    CliError,
    interactive,
    open_caseload,
    say,
)
from caseworker.core.errors import AlreadyExists


def _ask_setup(args: argparse.Namespace):
    from caseworker.core.errors import SetupError
    from caseworker.store.setup import SetupAnswers, check_passphrase

    name, role, service, team = args.name, args.role, args.service, args.team
    passphrase = os.environ.get("CASEWORKER_PASSPHRASE")
    if interactive():
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
            say(
                "The passphrase encrypts the caseload. It cannot be recovered: if it is "
                "forgotten, only a backup and its passphrase bring the records back."
            )
        while not passphrase:
            first = questionary.password("Choose a passphrase (8+ characters):").unsafe_ask()
            try:
                check_passphrase(first)
            except SetupError as exc:
                say(str(exc))
                continue
            second = questionary.password("Type it again:").unsafe_ask()
            if first != second:
                say("The two passphrases differ. Try again.")
                continue
            passphrase = first
    missing = [f for f, v in (("--name", name), ("--service", service)) if not v]
    if missing or not passphrase:
        need = ", ".join(missing + ([] if passphrase else ["CASEWORKER_PASSPHRASE"]))
        raise CliError(f"Not a terminal, so nothing can be asked. Missing: {need}", EXIT_USAGE)
    return SetupAnswers(name, role or "worker", service, passphrase, team or "")


def _initialise(data_dir: Path, answers):
    from caseworker.core.errors import SetupError
    from caseworker.store.setup import initialise

    try:
        return initialise(data_dir, answers)
    except SetupError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except AlreadyExists as exc:
        raise CliError(str(exc)) from None


def _refuse_over_a_caseload(data_dir: Path) -> None:
    """`init` never sets up over a caseload, nor over what is left of one."""
    from caseworker.core.paths import missing_caseload_file
    from caseworker.store.database import is_initialised

    if is_initialised(data_dir):
        raise CliError(f"A caseload already exists in {data_dir}. Nothing was changed.")
    missing = missing_caseload_file(data_dir)
    if missing is not None:
        raise CliError(f"{missing} A new caseload is not set up over it. Nothing was changed.")


def cmd_init(args: argparse.Namespace) -> int:
    _refuse_over_a_caseload(args.data_dir)
    db = _initialise(args.data_dir, _ask_setup(args))
    db.close()
    from caseworker.core.paths import database_url

    where = "the server database" if database_url() else f"{args.data_dir} (encrypted)"
    say(f"Caseload created in {where}. Open it with: {open_command(args.data_dir)}")
    return 0


def open_command(data_dir: Path) -> str:
    """The exact command that opens the caseload in ``data_dir``, from any folder."""
    import shlex

    from caseworker.core.paths import database_url, default_data_dir

    if database_url() or data_dir.resolve() == default_data_dir().resolve():
        return "caseworker"
    return f"caseworker --data-dir {shlex.quote(str(data_dir.resolve()))}"


def cmd_app(args: argparse.Namespace) -> int:
    if args.demo:
        return _run_demo(_app_runner(args))
    from caseworker.core.paths import caseload_files_exist

    passphrase = os.environ.get("CASEWORKER_PASSPHRASE")
    if passphrase and caseload_files_exist(args.data_dir):
        # Before the app's imports, so the KDF and the first page's read run while they do.
        from caseworker.caseload import open_ahead

        key, page = open_ahead(args.data_dir, passphrase, date.today())
        return _app_runner(args)(
            data_dir=args.data_dir, passphrase=passphrase, data_key=key, first_page=page
        )
    from caseworker.core.paths import database_url, missing_caseload_file

    if not database_url() and (missing := missing_caseload_file(args.data_dir)):
        raise CliError(missing)  # half a caseload: never offer to set up over it
    if database_url():
        from caseworker.store import is_initialised  # asks the server (SQLAlchemy)
    else:  # from the files alone: the database layer loads after the app's first frame
        is_initialised = caseload_files_exist
    if not is_initialised(args.data_dir):
        if not interactive():
            raise CliError(
                f"No caseload in {args.data_dir} yet. Set one up with: caseworker init "
                "(or try the demo: caseworker --demo)"
            )
        import questionary

        say(f"No caseload found in {args.data_dir}.")
        if not questionary.confirm("Set one up now?", default=True).unsafe_ask():
            say("Nothing was changed. To look around first: caseworker --demo")
            return 0
        ns = argparse.Namespace(name=None, role=None, service=None, team=None)
        _initialise(args.data_dir, _ask_setup(ns)).close()
    return _app_runner(args)(data_dir=args.data_dir, passphrase=passphrase)


def _app_runner(args: argparse.Namespace) -> AppRunner:
    """The app, as handed over by the launcher (screens.launch): the CLI never imports it."""
    if args.run_app is None:
        raise CliError("The app is started with the `caseworker` command.", EXIT_USAGE)
    return args.run_app


def _run_demo(run_app: AppRunner) -> int:
    import shutil
    import signal
    import tempfile

    from caseworker.demo import create_demo_caseload

    tmp = Path(tempfile.mkdtemp(prefix="caseworker-demo-"))

    def closed(signum: int, frame: object) -> None:
        raise SystemExit(0)  # the terminal went away: still delete the demo files

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, closed)
    try:
        db = create_demo_caseload(tmp / "data", today=date.today())
        return run_app(db=db, demo=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def cmd_demo_data(args: argparse.Namespace) -> int:
    from caseworker.demo import populate
    from caseworker.store.database import is_initialised
    from caseworker.store.setup import SetupAnswers

    if args.clients < 1:
        raise CliError("--clients must be at least 1", EXIT_USAGE)
    if is_initialised(args.data_dir):
        db = open_caseload(args.data_dir)
    else:
        passphrase = os.environ.get("CASEWORKER_PASSPHRASE")
        if not passphrase:
            raise CliError("No caseload yet: set CASEWORKER_PASSPHRASE to create one.")
        say(f"No caseload in {args.data_dir}: creating one.")
        answers = SetupAnswers("Demo Worker", "worker", "Demo Service", passphrase)
        db = _initialise(args.data_dir, answers)

    def progress(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\rAdding demo clients: {done:,}/{total:,}", end=end, file=sys.stderr, flush=True)

    try:
        added = populate(db, args.clients, today=date.today(), seed=args.seed, progress=progress)
    finally:
        db.close()
    say(f"Added {added:,} demo clients.")
    return 0
