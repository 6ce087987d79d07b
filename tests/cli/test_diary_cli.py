"""`caseworker diary --format ics|json`, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from icalendar import Calendar
from sqlalchemy import select

from caseworker.cli import commands as cli
from caseworker.people import clients
from caseworker.screening import complete_parental
from caseworker.store.database import open_database
from caseworker.store.models import TrailEvent


@pytest.fixture
def caseload(monkeypatch, tmp_path) -> Path:
    """No terminal, the passphrase from the environment, one client with a pre-CAF and a
    re-screen due."""
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    db = new_caseload(data_dir)
    with db.session() as s:
        zeb = clients.create_client(
            s, {"given_name": "Zebedee", "family_name": "Quuxington"}, TODAY
        )
        complete_parental(s, zeb.id, {"parental_status": "all_live_with"}, TODAY)
    db.close()
    return data_dir


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def diary_exports(data_dir: Path) -> list[str]:
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            stmt = select(TrailEvent.summary).where(
                TrailEvent.action == "export", TrailEvent.entity == "diary"
            )
            return list(s.scalars(stmt))
    finally:
        db.close()


def ics_events(path: Path) -> list:
    return Calendar.from_ical(path.read_text("utf-8")).walk("VEVENT")


def test_ics_to_a_file(caseload, capsys, tmp_path):
    out = tmp_path / "diary.ics"
    code, stdout, err = run(capsys, "diary", "--format", "ics", "--out", str(out))
    assert code == 0, err
    assert stdout == ""
    text = out.read_text("utf-8")
    assert len(ics_events(out)) == 2
    assert "zebedee" not in text.lower() and "quuxington" not in text.lower()
    assert "Z.Q. · ref " in text
    assert out.stat().st_mode & 0o777 == 0o600
    assert "Exported 2 due items" in err and "NOT encrypted" not in err
    assert diary_exports(caseload) == [
        "Diary exported (ics, 2 items, initials and references, no names)"
    ]
    # A second export: the same events.
    again = tmp_path / "again.ics"
    assert run(capsys, "diary", "--format", "ics", "--out", str(again))[0] == 0
    first, second = ({str(e["UID"]) for e in ics_events(p)} for p in (out, again))
    assert first == second and len(first) == 2


def test_json_to_stdout(caseload, capsys):
    code, stdout, err = run(capsys, "diary", "--format", "json")
    assert code == 0, err
    doc = json.loads(stdout)
    assert [i["kind"] for i in doc["items"]] == ["precaf", "rescreen"]
    assert {i["status"] for i in doc["items"]} <= {"overdue", "due today", "upcoming", "later"}
    assert "Zebedee" not in stdout and "Quuxington" not in stdout
    assert err == ""
    assert len(diary_exports(caseload)) == 1


def test_with_names_says_the_output_is_not_encrypted(caseload, capsys, tmp_path):
    code, stdout, err = run(capsys, "diary", "--format", "json", "--with-names")
    assert code == 0, err
    assert {i["client"]["name"] for i in json.loads(stdout)["items"]} == {"Zebedee Quuxington"}
    assert "NOT encrypted" in err and "names clients" in err
    out = tmp_path / "named.ics"
    code, _, err = run(capsys, "diary", "--format", "ics", "--with-names", "--out", str(out))
    assert code == 0, err
    assert "Zebedee Quuxington" in out.read_text("utf-8")
    assert "This file is NOT encrypted" in err
    assert [s.endswith("with client names)") for s in diary_exports(caseload)] == [True, True]


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["--format", "xml"], 2, "Unknown format 'xml': use --format ics or --format json."),
        ([], 2, "No format given: use --format ics or --format json."),
        (["--format", "ics", "--out", "{missing}/diary.ics"], 1, "Folder does not exist: "),
        (["--format", "ics", "--out", "{folder}"], 1, "is a folder: give a file name"),
    ],
)
def test_errors_are_one_plain_line(caseload, capsys, tmp_path, argv, code, words):
    argv = [a.format(missing=tmp_path / "nowhere", folder=tmp_path) for a in argv]
    got, stdout, err = run(capsys, "diary", *argv)
    assert got == code
    assert stdout == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("caseworker: ")
    assert words in err
    assert diary_exports(caseload) == []  # nothing was exported, so nothing recorded
