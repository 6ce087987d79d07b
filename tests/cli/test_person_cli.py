"""`caseworker person add|list|remove`, run in-process as CI would (no terminal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from caseloads import PASSPHRASE, new_caseload
from sqlalchemy import select

from caseworker.cli import commands as cli
from caseworker.core.paths import KEY_FILENAME
from caseworker.store import keyfile
from caseworker.store.database import open_database
from caseworker.store.models import TrailEvent, Worker

KIM = "kim's own passphrase"


@pytest.fixture
def caseload(monkeypatch, tmp_path) -> Path:
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    new_caseload(data_dir).close()
    return data_dir


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _add_kim(capsys, monkeypatch) -> None:
    monkeypatch.setenv("CASEWORKER_NEW_PASSPHRASE", KIM)
    code, _, err = run(capsys, "person", "add", "--name", "Kim Lowe", "--role", "supervisor",
                       "--team", "North")  # fmt: skip
    assert code == 0, err
    assert "Kim Lowe (supervisor) can now open this caseload" in err
    monkeypatch.delenv("CASEWORKER_NEW_PASSPHRASE")


def test_add_then_the_new_person_opens_it_as_themselves(caseload, capsys, monkeypatch):
    _add_kim(capsys, monkeypatch)
    db = open_database(caseload, KIM)
    try:
        with db.session() as s:
            worker = s.get(Worker, db.worker_id)
            assert worker is not None and (worker.name, worker.role, worker.team) == (
                "Kim Lowe", "supervisor", "North",
            )  # fmt: skip
            actions = list(s.scalars(select(TrailEvent.action)))
            assert "person_add" in actions
    finally:
        db.close()
    assert len(keyfile.read(caseload / KEY_FILENAME)["slots"]) == 2


def test_list_shows_everyone_and_who_you_are(caseload, capsys, monkeypatch):
    _add_kim(capsys, monkeypatch)
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", KIM)
    code, out, _ = run(capsys, "person", "list")
    assert code == 0
    assert out.splitlines() == [
        "Kim Lowe  supervisor  can open  North  (you)",
        "Sam Worker  worker  can open",
    ]


def test_add_without_the_new_passphrase_and_no_terminal_says_what_to_set(caseload, capsys):
    code, _, err = run(capsys, "person", "add", "--name", "Kim", "--role", "worker")
    assert code == 2
    assert "CASEWORKER_NEW_PASSPHRASE" in err and "Traceback" not in err


def test_add_with_a_wrong_unlocking_passphrase_changes_nothing(caseload, capsys, monkeypatch):
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", "not anyone's at all")
    monkeypatch.setenv("CASEWORKER_NEW_PASSPHRASE", KIM)
    code, _, err = run(capsys, "person", "add", "--name", "Kim", "--role", "worker")
    assert code == 1 and "not right" in err
    assert len(keyfile.read(caseload / KEY_FILENAME)["slots"]) == 1


def test_a_short_new_passphrase_is_a_usage_error(caseload, capsys, monkeypatch):
    monkeypatch.setenv("CASEWORKER_NEW_PASSPHRASE", "short")
    code, _, err = run(capsys, "person", "add", "--name", "Kim", "--role", "worker")
    assert code == 2 and "at least 8" in err and "Nothing was changed" in err


def test_remove_needs_the_removers_passphrase_and_keeps_the_last(caseload, capsys, monkeypatch):
    _add_kim(capsys, monkeypatch)
    # Sam (a worker) cannot remove Kim.
    code, _, err = run(capsys, "person", "remove", "--name", "Kim Lowe")
    assert code == 1 and "Only a supervisor can remove someone else" in err
    # Kim (a supervisor) removes Sam with Kim's own passphrase.
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", KIM)
    code, _, err = run(capsys, "person", "remove", "--name", "sam worker")
    assert code == 0, err
    assert "Sam Worker can no longer open this caseload" in err
    with pytest.raises(Exception, match="not right"):
        open_database(caseload, PASSPHRASE)
    # And Kim, now the last, cannot remove herself.
    code, _, err = run(capsys, "person", "remove", "--name", "Kim Lowe")
    assert code == 1 and "last person" in err
    code, _, err = run(capsys, "person", "remove", "--name", "Nobody Here")
    assert code == 1 and "Nobody called 'Nobody Here'" in err


def test_help_names_the_actions(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["person", "--help"])
    out, _ = capsys.readouterr()
    assert stopped.value.code == 0
    assert "add" in out and "remove" in out and "own passphrase" in out
