"""Shared fixtures for the unit and CLI tests: small and generic on purpose."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from caseloads import TODAY, new_caseload

import caseworker.agenda  # noqa: F401 - as the app, CLI and demo do: due items stay derived


@pytest.fixture(autouse=True)
def _no_caseworker_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A developer's own CASEWORKER_* settings must never leak into (or break) a test."""
    for name in (
        "CASEWORKER_DATABASE_URL",
        "CASEWORKER_DATA_DIR",
        "CASEWORKER_CONFIG_DIR",
        "CASEWORKER_REPORT_DIR",
        "CASEWORKER_PASSPHRASE",
        "CASEWORKER_NEW_PASSPHRASE",
    ):
        monkeypatch.delenv(name, raising=False)
    # Never the developer's own local protocol or keymap: an empty config folder per test.
    monkeypatch.setenv("CASEWORKER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("CASEWORKER_REPORT_DIR", str(tmp_path_factory.mktemp("reports")))


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
