"""`caseworker import FILE` as a worker runs it: export on one laptop, import on another."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from sqlalchemy import select

from caseworker.cli import commands as cli
from caseworker.people import clients
from caseworker.store.database import open_database
from caseworker.store.models import Client, TrailEvent

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def laptops(monkeypatch, tmp_path) -> tuple[Path, Path]:
    """The old laptop's caseload (Zed[/ among its clients) and a new, empty one."""
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    old, new = tmp_path / "old", tmp_path / "new"
    db = new_caseload(old)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Ann", "family_name": "Zed[/"}, TODAY)
        clients.create_client(s, {"given_name": "Bo", "family_name": "Lee"}, TODAY)
    db.close()
    new_caseload(new).close()
    return old, new


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _names(data_dir: Path) -> list[tuple[str, str]]:
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            rows = s.scalars(select(Client).order_by(Client.sort_key))
            return [(c.given_name, c.family_name) for c in rows]
    finally:
        db.close()


def test_export_then_import_moves_the_caseload(laptops, tmp_path, capsys):
    old, new = laptops
    moving = tmp_path / "moving.json"
    code, _, err = run(
        capsys, "--data-dir", str(old), "export", "--recipient", "self", "--out", str(moving)
    )
    assert code == 0, err
    code, _, err = run(capsys, "--data-dir", str(new), "import", str(moving))
    assert code == 0, err
    assert "Imported 2 clients (" in err and "recorded in the trail" in err
    assert "NOT encrypted" in err
    assert _names(new) == [("Bo", "Lee"), ("Ann", "Zed[/")]
    db = open_database(new, PASSPHRASE)
    try:
        with db.session() as s:
            actions = list(s.scalars(select(TrailEvent.action)))
    finally:
        db.close()
    assert actions.count("import") == 1


def test_a_refused_import_names_the_record_and_imports_nothing(laptops, tmp_path, capsys):
    old, new = laptops
    moving = tmp_path / "moving.json"
    run(capsys, "--data-dir", str(old), "export", "--recipient", "self", "--out", str(moving))
    doc = json.loads(moving.read_text(encoding="utf-8"))
    doc["tables"]["client"][1]["date_of_birth"] = "31/02/1980"  # not how an export writes it
    moving.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", str(new), "import", str(moving))
    assert code != 0 and out == ""
    assert err.startswith("caseworker: client 2 (ref ")
    assert "Date of birth: 31/02/1980 is not a real date" in err
    assert "Nothing was imported" in err and "Traceback" not in err
    assert _names(new) == []
    # Importing the same file twice: the second is refused, the first is kept as it was.
    run(capsys, "--data-dir", str(old), "export", "--recipient", "self", "--out", str(moving))
    assert run(capsys, "--data-dir", str(new), "import", str(moving))[0] == 0
    code, _, err = run(capsys, "--data-dir", str(new), "import", str(moving))
    assert code != 0 and "is already in this caseload" in err
    assert len(_names(new)) == 2


def test_import_is_in_the_help(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "import" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["import", "--help"])
    text = capsys.readouterr().out
    assert "caseworker export" in text and "nothing at all is imported" in text


def test_caseworker_import_runs_as_a_command(laptops, tmp_path):
    old, new = laptops
    moving = tmp_path / "moving.json"
    env = {**os.environ, "CASEWORKER_PASSPHRASE": PASSPHRASE, "CI": "true"}
    base = [sys.executable, "-m", "screens"]
    for args in (("--data-dir", str(old), "export", "--recipient", "self", "--out", str(moving)),
                 ("--data-dir", str(new), "import", str(moving))):  # fmt: skip
        proc = subprocess.run(
            [*base, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr
    assert "Imported 2 clients" in proc.stderr
    assert ("Ann", "Zed[/") in _names(new)
