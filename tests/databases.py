"""Which database the tests run against, and keeping them off the developer's own.

Every test runs with its data, config, report and platform folders in temporary
directories, and with no CASEWORKER_* setting from the developer's shell: the process
environment is cleaned when pytest starts (so even a test's ``monkeypatch.undo()`` can
only restore the clean values), and again around each test.

``CASEWORKER_TEST_DATABASE_URL`` (a PostgreSQL server, e.g. the throwaway one `.ci/run`
starts) runs the store, people, screening and caseload tests against that server instead
of SQLCipher: each xdist worker gets its own database on it, each test its own schema,
and the app's ``CASEWORKER_DATABASE_URL`` points there for the test. The other areas
(screens, CLI, demo...) and tests marked ``sqlcipher`` (the key file, the encrypted file,
its backups) are about the local file and are left out of such a run: the SQLite run
covers them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest

TEST_URL_VARIABLE = "CASEWORKER_TEST_DATABASE_URL"
# The test folders whose tests run on the server too (the rest are about the local file
# or the terminal, which a server does not change).
SERVER_AREAS = (
    "store",
    "people",
    "screening",
    "caseload",
    "assessment",
    "agenda",
    "visits",
    "referrals",
    "supervision",
)

_server_url: str | None = None
_sandbox: Path | None = None


def server_url() -> str | None:
    """The PostgreSQL server this run tests against (None: SQLCipher only)."""
    return _server_url


def isolate_process() -> None:
    """Called once per test process: no developer setting survives, and every place the
    app could find a caseload or a config file by default is a temporary folder."""
    global _server_url, _sandbox
    # Kept in the environment for xdist's workers (the app itself never reads it).
    _server_url = os.environ.get(TEST_URL_VARIABLE) or None
    for name in [n for n in os.environ if n.startswith("CASEWORKER_") and n != TEST_URL_VARIABLE]:
        del os.environ[name]
    _sandbox = Path(tempfile.mkdtemp(prefix="caseworker-tests-"))
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
                 "XDG_CACHE_HOME"):  # fmt: skip
        (_sandbox / name).mkdir()
        os.environ[name] = str(_sandbox / name)
    # APPDATA/LOCALAPPDATA: where platformdirs looks on Windows.
    os.environ["APPDATA"] = os.environ["LOCALAPPDATA"] = str(_sandbox / "XDG_DATA_HOME")


def remove_sandbox() -> None:
    if _sandbox is not None:
        shutil.rmtree(_sandbox, ignore_errors=True)


def select_for_server(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a server run, keep only the tests that are about the data, not the local file;
    on a SQLCipher run, leave out those marked ``server`` (about what only a server has:
    its logins), which the server run covers."""
    if _server_url is None:
        drop = [item for item in items if item.get_closest_marker("server") is not None]
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = [item for item in items if item.get_closest_marker("server") is None]
        return
    root = Path(str(config.rootpath)) / "tests"
    keep, drop = [], []
    for item in items:
        try:
            area = Path(str(item.path)).relative_to(root).parts[0]
        except ValueError:
            area = ""
        on_server = area in SERVER_AREAS and item.get_closest_marker("sqlcipher") is None
        (keep if on_server else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


class ServerDatabase:
    """One database on the test server for this test process; a fresh schema per test."""

    def __init__(self, admin_url: str, worker: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.name = f"caseworker_test_{worker}"
        self._admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        self.url = make_url(admin_url).set(database=self.name)
        self._engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self._numbers = itertools.count(1)

    def new_schema(self) -> str:
        """An empty schema, and the URL that puts the app's tables in it."""
        schema = f"t{next(self._numbers)}"
        with self._engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        query = dict(self.url.query)
        query["options"] = f"-csearch_path={schema}"
        return self.url.set(query=query).render_as_string(hide_password=False)

    def drop(self) -> None:
        self._engine.dispose()
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin.dispose()
