"""Shared fixtures for the unit and CLI tests: small and generic on purpose."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from caseloads import TODAY, new_caseload
from databases import (
    ServerDatabase,
    isolate_process,
    remove_sandbox,
    select_for_server,
    server_url,
)

import caseworker.agenda  # noqa: F401 - as the app, CLI and demo do: due items stay derived


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlcipher: about the local encrypted file; not run against a server"
    )
    config.addinivalue_line(
        "markers", "server: about what only a server database has (its logins); server runs only"
    )
    isolate_process()


def pytest_unconfigure(config: pytest.Config) -> None:
    remove_sandbox()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    select_for_server(config, items)


@pytest.fixture(scope="session")
def server_database(worker_id: str) -> Iterator[ServerDatabase | None]:
    """This test process's own database on the test server (None: SQLCipher only)."""
    url = server_url()
    if url is None:
        yield None
        return
    database = ServerDatabase(url, worker_id)
    yield database
    database.drop()


@pytest.fixture(autouse=True)
def _no_caseworker_env(
    tmp_path_factory: pytest.TempPathFactory, server_database: ServerDatabase | None
) -> Iterator[None]:
    """A developer's own CASEWORKER_* settings must never leak into (or break) a test.

    Its own MonkeyPatch, not the test's: a test that calls ``monkeypatch.undo()`` must
    not undo this and reach the developer's caseload or server."""
    with pytest.MonkeyPatch.context() as mp:
        for name in (
            "CASEWORKER_DATABASE_URL",
            "CASEWORKER_DATA_DIR",
            "CASEWORKER_PASSPHRASE",
            "CASEWORKER_NEW_PASSPHRASE",
        ):
            mp.delenv(name, raising=False)
        # Never the developer's own local protocol or keymap: an empty config folder.
        mp.setenv("CASEWORKER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
        mp.setenv("CASEWORKER_REPORT_DIR", str(tmp_path_factory.mktemp("reports")))
        if server_database is not None:
            mp.setenv("CASEWORKER_DATABASE_URL", server_database.new_schema())
        yield


@pytest.fixture
def another_caseload(server_database: ServerDatabase | None, tmp_path: Path):
    """Makes a second, separate caseload (a new laptop): its own folder, and on a server
    run its own schema (a caseload there is the database, not the folder)."""
    made: list = []

    def make(name: str = "another"):
        with pytest.MonkeyPatch.context() as mp:
            if server_database is not None:
                mp.setenv("CASEWORKER_DATABASE_URL", server_database.new_schema())
            made.append(new_caseload(tmp_path / name))
        return made[-1]

    yield make
    for database in made:
        database.close()


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def db_dir(tmp_path: Path) -> Path:
    return tmp_path / "cw"


@pytest.fixture
def db(db_dir: Path):
    database = new_caseload(db_dir)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def _fresh_protocol():
    """load_protocol() is cached for the app's lifetime; each test reads its own config
    folder, so a local protocol one test writes never leaks into the next."""
    from caseworker.content.protocol import load_protocol

    load_protocol.cache_clear()
    yield
    load_protocol.cache_clear()
