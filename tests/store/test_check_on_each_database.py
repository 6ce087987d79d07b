"""`caseworker check` says what it checked on the database in use (this runs on SQLCipher
and, in CI, on PostgreSQL): on a server, the trail, and what is the server's job."""

from __future__ import annotations

from caseloads import PASSPHRASE

from caseworker.cli import main
from caseworker.people import clients


def test_check_names_what_it_checked_here(db, db_dir, today, monkeypatch, capsys):
    with db.session() as s:
        clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, today)
    db.close()
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    code = main(["--data-dir", str(db_dir), "check"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Trail: ok (" in out
    if db.encrypted:
        assert "Database integrity: ok" in out
        assert "PostgreSQL" not in out
    else:
        assert "Database integrity" not in out  # nothing claimed that was not checked
        assert "a PostgreSQL server" in out and "Checked here: the trail" in out
        assert "The server's job, not checked here: the integrity of its pages" in out
        assert "backups (pg_dump" in out
