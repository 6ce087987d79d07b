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
