"""Talking to the person at the terminal: plain one-line errors, the passphrase (from
CASEWORKER_PASSPHRASE or a prompt), and unlocking a caseload for a command."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from caseworker.core.errors import CaseworkerError


class AppRunner(Protocol):
    def __call__(self, **options: Any) -> int:
        """Run the app to its end; 0, or non-zero when it stopped on an unexpected error."""
        ...


EXIT_ERROR = 1
EXIT_USAGE = 2
# A refusal to share: consent missing and no basis given (a distinct code for scripts).
EXIT_REFUSED = 3


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a closed terminal, a shutdown) during a command: raised like
    Ctrl+C, so that whatever the command was writing is cleaned up on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into ``Stopped`` while a headless command runs (the app
    and the demo handle their own); the previous handlers come back afterwards."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (a test calling main from a thread)
        return

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class CliError(CaseworkerError):
    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


def interactive() -> bool:
    return sys.stdin.isatty() and os.environ.get("CI", "").lower() not in {"1", "true"}


def say(msg: str) -> None:
    print(msg, file=sys.stderr)


def passphrase(prompt: str = "Passphrase: ") -> str:
    env = os.environ.get("CASEWORKER_PASSPHRASE")
    if env:
        return env
    if not interactive():
        raise CliError("No passphrase: set CASEWORKER_PASSPHRASE or run in a terminal.")
    import getpass

    return getpass.getpass(prompt)


def no_caseload_yet(data_dir: Path) -> None:
    """Before any passphrase is asked (it cannot help): the caseload's files are not both
    there. Half a caseload (a database without its key file, or the other way round) is
    named as such, never taken for no caseload at all."""
    from caseworker.core.paths import DB_FILENAME, database_url, missing_caseload_file

    if database_url():
        return
    missing = missing_caseload_file(data_dir)
    if missing is not None:
        raise CliError(missing)
    if not (data_dir / DB_FILENAME).exists():
        raise CliError(
            f"No caseload in {data_dir} yet. Set one up with: caseworker init "
            "(or try the demo: caseworker --demo)"
        )


def open_caseload(data_dir: Path, *, for_check: bool = False):
    """Unlock with CASEWORKER_PASSPHRASE or a prompt (three tries at a terminal)."""
    import caseworker.agenda  # noqa: F401 - due items stay derived (and current) on open
    from caseworker.core.errors import WrongPassphrase
    from caseworker.store.database import open_database

    no_caseload_yet(data_dir)
    tries = 1 if os.environ.get("CASEWORKER_PASSPHRASE") or not interactive() else 3
    for attempt in range(tries):
        try:
            return open_database(data_dir, passphrase(), for_check=for_check)
        except WrongPassphrase:
            if attempt + 1 < tries:
                say("That passphrase is not right. Try again.")
    raise CliError("That passphrase is not right.")
