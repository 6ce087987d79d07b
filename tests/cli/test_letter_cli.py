"""`caseworker letter`, run in-process: --list, a draft in each format, finalising refused
without consent or basis (exit 3, nothing frozen) and done with one, and usage errors."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from sqlalchemy import func, select

from caseworker.cli import commands as cli
from caseworker.cli.letter import EXIT_REFUSED
from caseworker.drafts import keep_draft
from caseworker.people import add_child, clients
from caseworker.referrals import letter_draft_key
from caseworker.store.database import open_database
from caseworker.store.models import Letter, SharingDecision


@pytest.fixture
def caseload(monkeypatch, tmp_path) -> tuple[Path, str]:
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    db = new_caseload(data_dir)
    with db.session() as s:
        zeb = clients.create_client(s, {"given_name": "Zebedee", "family_name": "Quux"}, TODAY)
        ivy = add_child(
            s,
            zeb.id,
            {
                "given_name": "Ivy",
                "date_of_birth": "01/01/2020",
                "client_role": "father",
                "school": "Hill Infants",
            },
            TODAY,
        )
        add_child(
            s,
            zeb.id,
            {"given_name": "Tom", "date_of_birth": "01/01/2016", "client_role": "father"},
            TODAY,
        )
        # The worker's typing in the app, kept as the form's draft: the CLI prints it.
        key = letter_draft_key(zeb.id, "school-nurse", ivy.id)
        keep_draft(
            s,
            key,
            "LetterForm",
            {"body": "Dear nurse,\n\nIvy needs a check-up.", "recipient": "School nurse"},
            client_id=zeb.id,
        )
        ref = zeb.id.hex[:8]
    db.close()
    return data_dir, ref


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def letters(data_dir: Path, model: type = Letter) -> int:
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            return s.scalar(select(func.count()).select_from(model)) or 0
    finally:
        db.close()


def test_the_list_names_every_template(capsys):
    code, out, _ = run(capsys, "letter", "--list")
    assert code == 0
    for template_id in ("csc-referral", "csc-confirmation", "midwifery-referral", "young-carers"):
        assert template_id in out


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_the_current_draft_is_written_marked_draft(caseload, capsys, tmp_path, fmt):
    data_dir, ref = caseload
    out = tmp_path / f"l.{fmt}"
    code, _, said = run(
        capsys,
        "letter",
        "--client",
        ref,
        "--template",
        "school-nurse",
        "--child",
        "ivy",
        "--format",
        fmt,
        "--out",
        str(out),
    )
    assert code == 0 and "Wrote the DRAFT" in said and "NOT encrypted" in said
    if fmt == "md":
        got = out.read_text("utf-8")
    elif fmt == "docx":
        got = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    else:
        got = "\n".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "DRAFT" in got and "Ivy needs a check-up." in got
    assert letters(data_dir) == 0


def test_finalising_without_consent_or_basis_is_refused(caseload, capsys, tmp_path):
    data_dir, ref = caseload
    out = tmp_path / "l.md"
    argv = [
        "letter",
        "--client",
        ref,
        "--template",
        "school-nurse",
        "--child",
        "Ivy",
        "--format",
        "md",
        "--out",
        str(out),
        "--finalise",
    ]
    code, _, err = run(capsys, *argv)
    assert code == EXIT_REFUSED
    assert "Not finalised" in err and "--basis" in err and "Traceback" not in err
    assert not out.exists() and letters(data_dir) == 0
    code, _, said = run(capsys, *argv, "--basis", "statutory", "--reason", "Section 47 enquiry")
    assert code == 0 and "Finalised school-nurse" in said
    assert letters(data_dir) == 1 and "DRAFT" not in out.read_text("utf-8")
    assert letters(data_dir, SharingDecision) == 1  # the refusal logged nothing


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (["--template", "gp", "--format", "md", "--out", "x.md"], 2, "No client given"),
        (["--client", "abcdef12", "--format", "rtf", "--out", "x"], 2, "md, docx or pdf"),
        (["--client", "abcdef12", "--template", "gp", "--format", "md"], 2, "No file given"),
        (
            [
                "--client",
                "X",
                "--template",
                "gp",
                "--format",
                "md",
                "--out",
                "x.md",
                "--basis",
                "whim",
                "--finalise",
            ],
            2,
            "Unknown basis",
        ),
    ],
)
def test_wrong_arguments_are_one_plain_line(
    caseload, capsys, monkeypatch, tmp_path, argv, code, words
):
    monkeypatch.chdir(tmp_path)
    got, _, err = run(capsys, "letter", *argv)
    assert got == code and words in err and "Traceback" not in err


def test_a_child_letter_for_a_family_of_two_asks_which_child(caseload, capsys, tmp_path):
    _, ref = caseload
    code, _, err = run(
        capsys,
        "letter",
        "--client",
        ref,
        "--template",
        "young-carers",
        "--format",
        "md",
        "--out",
        str(tmp_path / "y.md"),
    )
    # Said plainly, with the children to choose from and the option to give (not the
    # template's file, as for a fault in the template).
    assert code == 2 and "This letter is about one child: choose which (" in err
    assert "Add --child NAME." in err and ".toml" not in err


def test_a_letter_that_cannot_be_written_is_not_finalised(caseload, capsys, tmp_path, monkeypatch):
    import errno

    from caseloads import fail_writes_in

    data_dir, ref = caseload
    folder = tmp_path / "full"
    folder.mkdir()
    fail_writes_in(monkeypatch, folder, errno.ENOSPC)
    code, _, err = run(
        capsys,
        "letter",
        "--client",
        ref,
        "--template",
        "school-nurse",
        "--child",
        "Ivy",
        "--format",
        "pdf",
        "--out",
        str(folder / "l.pdf"),
        "--finalise",
        "--basis",
        "statutory",
        "--reason",
        "s47",
    )
    monkeypatch.undo()
    assert code == 1 and "Nothing was written" in err and "Traceback" not in err
    # The file, the frozen letter and its sharing decision go together, or none of them.
    assert list(folder.iterdir()) == [] and letters(data_dir) == 0
    assert letters(data_dir, SharingDecision) == 0
