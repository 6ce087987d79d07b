"""First run: create the encrypted caseload and the worker who owns this installation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from caseworker.core import vocab
from caseworker.core.errors import AlreadyExists, SetupError
from caseworker.core.validation import LINE, NAME, text_problem
from caseworker.store.database import Database, create_database
from caseworker.store.keyfile import KdfParams
from caseworker.store.models import Setting, Worker

MIN_PASSPHRASE = 8


@dataclass
class SetupAnswers:
    worker_name: str
    role: str
    service_name: str
    passphrase: str
    team: str = ""


def check_answers(a: SetupAnswers) -> None:
    if not a.worker_name.strip():
        raise SetupError("Worker name is required.")
    if a.role not in vocab.values(vocab.WORKER_ROLES):
        raise SetupError("Role must be 'worker' or 'supervisor'.")
    if not a.service_name.strip():
        raise SetupError("Service name is required.")
    for label, value, limit in (("Worker name", a.worker_name, NAME),
                                ("Service name", a.service_name, NAME),
                                ("Team", a.team, LINE)):  # fmt: skip
        problem = text_problem(value.strip(), max_len=limit)
        if problem:
            raise SetupError(f"{label} {problem}.")
    check_passphrase(a.passphrase)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise SetupError(f"The passphrase must be at least {MIN_PASSPHRASE} characters.")
    # Lone surrogates cannot be encoded, so could never be typed again to unlock.
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in passphrase):
        raise SetupError("The passphrase holds a broken character (from a paste?): retype it.")


def initialise(data_dir: Path, answers: SetupAnswers, *, kdf: KdfParams | None = None) -> Database:
    check_answers(answers)
    db = None
    try:
        db = create_database(data_dir, answers.passphrase, kdf=kdf)
        worker = Worker(
            name=answers.worker_name.strip(), role=answers.role, team=answers.team.strip()
        )
        db.worker_id = worker.id
        with db.session() as s:
            s.add(worker)
            s.add(Setting(key="current_worker_id", value=str(worker.id)))
            s.add(Setting(key="service_name", value=answers.service_name.strip()))
    except AlreadyExists:
        raise  # someone else's caseload: never remove it
    except BaseException:
        # Interrupted (Ctrl+C, full disk) before the worker was recorded: remove the
        # half-made caseload so that `init` can simply be run again.
        if db is not None:
            db.close()
        remove_caseload_files(Path(data_dir))
        raise
    return db


def remove_caseload_files(data_dir: Path) -> None:
    from caseworker.core.paths import DB_FILENAME, KEY_FILENAME

    for name in (DB_FILENAME, f"{DB_FILENAME}-wal", f"{DB_FILENAME}-shm", KEY_FILENAME,
                 f"{KEY_FILENAME}.tmp"):  # fmt: skip
        (data_dir / name).unlink(missing_ok=True)
