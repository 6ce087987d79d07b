"""A caseload made by the previous release opens with this one and passes `caseworker check`.

The fixture was written by the release before the capability layout (see its README):
its schema is at revision 0003, its trail table still has its first name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseworker.cli import main
from caseworker.store import open_database
from caseworker.store.migrations import HEAD_REVISION, current_revision
from caseworker.store.models import Client, Screening

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "caseload-f878038"
PASSPHRASE = "previous release passphrase"
# An encrypted file from the previous release: nothing here is about a server.
pytestmark = pytest.mark.sqlcipher


@pytest.fixture
def old_caseload(tmp_path: Path) -> Path:
    target = tmp_path / "caseload"
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def test_the_fixture_is_from_before_this_release(old_caseload):
    from caseworker.store.encrypted_engine import sqlcipher_engine
    from caseworker.store.keyfile import read, unwrap

    key = unwrap(read(old_caseload / "caseworker.key"), PASSPHRASE)
    engine = sqlcipher_engine(old_caseload / "caseworker.db", key)
    try:
        assert current_revision(engine) == "0003"
    finally:
        engine.dispose()


def test_a_previous_release_caseload_opens_and_keeps_its_records(old_caseload):
    db = open_database(old_caseload, PASSPHRASE)
    try:
        assert current_revision(db.engine) == HEAD_REVISION
        assert db.anchor_problem is None
        with db.session() as s:
            assert s.execute(select(func.count()).select_from(Client)).scalar_one() == 12
            assert s.execute(select(func.count()).select_from(Screening)).scalar_one() == 2
    finally:
        db.close()


def test_a_previous_release_caseload_passes_check(old_caseload, monkeypatch, capsys):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    code = main(["check", "--data-dir", str(old_caseload)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Trail: ok" in out and "Database integrity: ok" in out
    # and again, now that it has been upgraded and closed by this release
    assert main(["check", "--data-dir", str(old_caseload)]) == 0


def test_a_previous_release_key_file_becomes_its_first_owners_slot(old_caseload):
    """Version 1 (one unnamed wrap, no checksum): opened as the first owner, then given
    that owner's slot, so a second person can be added beside them."""
    from caseworker.store import keyfile
    from caseworker.store.keyfile import KdfParams
    from caseworker.store.persons import add_person, identify
    from caseworker.store.settings import setting

    db = open_database(old_caseload, PASSPHRASE)
    try:
        with db.session() as s:
            owner = setting(s, "current_worker_id")
        assert str(db.worker_id) == owner
        doc = keyfile.read(old_caseload / "caseworker.key")
        assert doc["version"] == 3 and [x["person"] for x in doc["slots"]] == [owner]
        kim = add_person(db, "Kim Lowe", "supervisor", "kim's own passphrase",
                         kdf=KdfParams.fast_for_tests())  # fmt: skip
        assert identify(db, "kim's own passphrase") == kim
        assert str(identify(db, PASSPHRASE)) == owner
    finally:
        db.close()
