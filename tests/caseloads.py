"""The one way a test gets a caseload: fresh, initialised, encrypted, open (a fast KDF so
that the suite stays quick; the real parameters are tested in store/test_keyfile.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from caseworker.store import Database, KdfParams, SetupAnswers, initialise

TODAY = date(2026, 11, 23)
PASSPHRASE = "correct horse battery"


def new_caseload(data_dir: Path, passphrase: str = PASSPHRASE) -> Database:
    return initialise(
        data_dir,
        SetupAnswers("Sam Worker", "worker", "Riverside DAS", passphrase),
        kdf=KdfParams.fast_for_tests(),
    )


def fail_writes_in(monkeypatch, folder: Path, err: int) -> None:
    """The kernel's answer to any file made in ``folder``: a full disk (ENOSPC), a
    read-only one (EROFS, EACCES). Injected at os.open, because a test may run as root,
    whom chmod does not stop, and cannot mount a small disk to fill."""
    import os

    real_open = os.open

    def refusing(path, flags, *args, **kwargs):
        target = os.fspath(path)
        inside = target == os.fspath(folder) or os.path.dirname(target) == os.fspath(folder)
        if inside and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(err, os.strerror(err), target)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)


def open_as(data_dir: Path, passphrase: str, person_id=None) -> Database:
    """Open the caseload as a person. On the local file their passphrase says who they
    are; on a server (a test run against PostgreSQL) they connect with their own login,
    named from their id, whose password is their passphrase (store/logins.py). Without
    ``person_id`` a server run connects with the test's own (owner) login."""
    import pytest
    from sqlalchemy.engine import make_url

    from caseworker.core.paths import database_url
    from caseworker.store import open_database
    from caseworker.store.logins import login_name

    url = database_url()
    if url is None or person_id is None:
        return open_database(data_dir, passphrase)
    login = make_url(url).set(username=login_name(person_id))._replace(password=None)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CASEWORKER_DATABASE_URL", login.render_as_string(hide_password=False))
        return open_database(data_dir, passphrase)
