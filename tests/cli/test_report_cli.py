"""`caseworker report precaf --client REF --format md|docx --out FILE`, run in-process."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from sqlalchemy import select

from caseworker.cli import commands as cli
from caseworker.people import add_child, clients
from caseworker.store.database import open_database
from caseworker.store.models import PreCaf, PreCafRating, TrailEvent


@pytest.fixture
def caseload(monkeypatch, tmp_path) -> tuple[Path, str, str, str]:
    """No terminal, the passphrase from the environment; one client with a decided
    pre-CAF and a later draft. Returns (data dir, client ref, old pre-CAF id, draft id)."""
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    db = new_caseload(data_dir)
    with db.session() as s:
        zeb = clients.create_client(
            s, {"given_name": "Zebedee", "family_name": "Quuxington"}, TODAY
        )
        kid = add_child(
            s, zeb.id, {"given_name": "Ivy", "date_of_birth": "01/01/2020",
                        "client_role": "father"}, TODAY,
        )  # fmt: skip
        s.flush()
        old = PreCaf(client_id=zeb.id, started_on=date(2026, 10, 1), occasion="screen")
        draft = PreCaf(client_id=zeb.id, started_on=date(2026, 11, 20), occasion="Ivy back")
        s.add_all([old, draft])
        s.flush()
        rating = PreCafRating(
            precaf_id=draft.id, client_id=zeb.id, child_id=kid.id, element="learning",
            rating="some_concern", evidence="*absent*",
        )  # fmt: skip
        s.add(rating)
        old.decision, old.reason = "no_additional_needs", "All well"
        old.decided_on, old.signed_as = date(2026, 10, 2), "Sam Worker"
        ids = (zeb.id.hex[:8], str(old.id), str(draft.id))
    db.close()
    return data_dir, *ids


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def exported(data_dir: Path) -> list[str]:
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            stmt = select(TrailEvent.entity_id).where(
                TrailEvent.action == "export", TrailEvent.entity == "precaf"
            )
            return list(s.scalars(stmt))
    finally:
        db.close()


def test_the_latest_precaf_as_markdown(caseload, capsys, tmp_path):
    data_dir, ref, _old, draft = caseload
    out = tmp_path / "precaf.md"
    code, stdout, err = run(capsys, "report", "precaf", "--client", ref, "--format", "md",
                            "--out", str(out))  # fmt: skip
    assert code == 0, err
    text = out.read_text("utf-8")
    assert text.startswith("# Pre-CAF assessment: summary for the case file")
    assert "**DRAFT — not decided**" in text and r"\*absent\*" in text
    assert "Zebedee Quuxington" in text and "Ivy Quuxington" in text
    assert stdout == ""
    assert "the pre-CAF of 20/11/2026 (a draft, not decided)" in err and "NOT encrypted" in err
    assert exported(data_dir) == [draft]


def test_an_earlier_precaf_as_word(caseload, capsys, tmp_path):
    data_dir, ref, old, _draft = caseload
    out = tmp_path / "precaf.docx"
    code, _, err = run(capsys, "report", "precaf", "--client", ref, "--precaf", old[:6],
                       "--format", "docx", "--out", str(out))  # fmt: skip
    assert code == 0, err
    word = docx.Document(io.BytesIO(out.read_bytes()))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "No additional needs" in cells and "All well" in cells
    assert not any("DRAFT" in p.text for p in word.paragraphs)
    assert "decided 02/10/2026" in err
    assert exported(data_dir) == [old]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--format", "pdf"], 2, "Unknown format 'pdf': use --format md or --format docx."),
        ([], 2, "No format given"),
        (["--format", "md", "--client", "REF"], 2, "No file given: add --out FILE"),
        (["--format", "md", "--out", "x.md"], 2, "No client given"),
        (["--format", "md", "--client", "abc", "--out", "x.md"], 1, "is not a client reference"),
        (["--format", "md", "--client", "ffffff", "--out", "x.md"], 1, "No client's reference"),
        (["--format", "md", "--client", "{ref}", "--precaf", "000000", "--out", "x.md"], 1,
         "This client has no pre-CAF assessment '000000'"),
        (["--format", "md", "--client", "{ref}", "--out", "nowhere/x.md"], 1,
         "Folder does not exist"),
    ],
)  # fmt: skip
def test_wrong_arguments_are_one_plain_line(caseload, capsys, tmp_path, monkeypatch, argv,
                                            code, message):  # fmt: skip
    data_dir, ref, _old, _draft = caseload
    monkeypatch.chdir(tmp_path)
    argv = [a.replace("{ref}", ref) for a in argv]
    got, stdout, err = run(capsys, "report", "precaf", *argv)
    assert got == code
    assert message in err and "Traceback" not in err
    assert err.count("\n") == 1 and stdout == ""
    assert not (tmp_path / "x.md").exists()
    assert exported(data_dir) == []
