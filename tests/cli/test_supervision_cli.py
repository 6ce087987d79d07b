"""`caseworker report supervision --worker NAME --format json|md|docx|pdf --out FILE`, run
in-process: the JSON's figures are the review's, each with its clients; a name not on the
caseload, a bad format or a missing --out is a plain line and a non-zero exit."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload

from caseworker.cli import commands as cli
from caseworker.diary import uk_date
from caseworker.people import add_child, clients
from caseworker.store.database import open_database
from caseworker.supervision import caseload_review


@pytest.fixture
def caseload(monkeypatch, tmp_path):
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    db = new_caseload(data_dir)
    with db.session() as s:
        ada = clients.create_client(
            s, {"given_name": "Ada", "family_name": "Lee", "parental_status": "all_live_with"},
            TODAY,
        )  # fmt: skip
        add_child(s, ada.id, {"given_name": "Sam", "date_of_birth": "01/03/2019",
                              "client_role": "mother", "current_help": "child_in_need"},
                  TODAY)  # fmt: skip
        clients.create_client(s, {"given_name": "Bo", "family_name": "Ray"}, TODAY)
    db.close()
    return data_dir


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    _, err = capsys.readouterr()
    return code, err


def test_the_json_pack_has_the_reviews_figures(caseload, capsys, tmp_path):
    out = tmp_path / "pack.json"
    code, err = run(capsys, "report", "supervision", "--worker", "sam worker",
                    "--format", "json", "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert "Wrote the supervision pack of Sam Worker" in err and "NOT encrypted" in err
    content = json.loads(out.read_text("utf-8"))
    db = open_database(caseload, PASSPHRASE)
    try:
        with db.session() as s:
            review = caseload_review(s, db.worker_id, uk_date(datetime.now(UTC)))
    finally:
        db.close()
    assert content["figures"] == {k: f.to_json() for k, f in review.figures.items()}
    assert content["figures"]["children_child_in_need"]["count"] == 1
    assert content["figures"]["parents_total"]["count"] == 1
    assert content["session"] is None and content["trail_head"]["hash"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--worker", "Nobody", "--format", "json", "--out", "X"], "No one called 'Nobody'"),
        (["--worker", "Sam Worker", "--format", "xls", "--out", "X"], "use --format json"),
        (["--worker", "Sam Worker", "--format", "pdf"], "add --out FILE"),
        (["--format", "pdf", "--out", "X"], "add --worker NAME"),
    ],
)
def test_a_bad_request_is_one_plain_line(caseload, capsys, tmp_path, argv, message):
    argv = [str(tmp_path / a) if a == "X" else a for a in argv]
    code, err = run(capsys, "report", "supervision", *argv)
    assert code != 0 and message in err and "Traceback" not in err
    assert not (tmp_path / "X").exists()
