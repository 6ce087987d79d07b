"""`caseworker export` through the consent check: for this service itself (`--recipient
self`) no consent is needed and nothing goes in a sharing log; for anyone else each
client's consent for that recipient decides, or a basis with its reason, and every client
gets a sharing decision, signed and sealed; the file is written only when someone may go."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from sqlalchemy import Uuid, bindparam, select, text

from caseworker.cli import commands as cli
from caseworker.cli.terminal import EXIT_REFUSED
from caseworker.core.errors import StorageError
from caseworker.people import clients, record_consent
from caseworker.store.database import open_database
from caseworker.store.models import Client, SharingDecision, TrailEvent

CSC = "Children's Social Care"


@pytest.fixture
def caseload(monkeypatch, tmp_path) -> tuple[Path, dict[str, uuid.UUID]]:
    """Five clients: consent to share with CSC given, given for part of the record only
    (a scope), refused, expired, and none recorded."""
    data_dir = tmp_path / "cw"
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CASEWORKER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CASEWORKER_PASSPHRASE", PASSPHRASE)
    db = new_caseload(data_dir)
    ids = {}
    consents = {
        "given": {"state": "given"},
        "scoped": {"state": "given", "scope": "attendance only"},
        "refused": {"state": "refused"},
        "expired": {"state": "given", "decided_on": "01/01/2026", "expires_on": "01/06/2026"},
        "none": None,
    }
    with db.session() as s:
        for name, consent in consents.items():
            c = clients.create_client(s, {"given_name": name.title(), "family_name": "Quux"}, TODAY)
            ids[name] = c.id
            if consent:
                raw = {"recipient": CSC, "decided_on": "01/11/2026"} | consent
                record_consent(s, c.id, raw, TODAY)
    db.close()
    return data_dir, ids


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def read(data_dir: Path, stmt):
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            return list(s.scalars(stmt))
    finally:
        db.close()


def decisions(data_dir: Path) -> list[SharingDecision]:
    return read(data_dir, select(SharingDecision))


def trail(data_dir: Path) -> list[str]:
    return read(data_dir, select(TrailEvent.action).order_by(TrailEvent.seq))


def test_whom_an_export_is_for_must_be_said(caseload, capsys, tmp_path):
    data_dir, _ = caseload
    before = trail(data_dir)
    for argv, words in (
        ([], "No recipient given: say whom the export is for: --recipient self"),
        (["--recipient", "self", "--basis", "statutory", "--reason", "x"], "needs no consent"),
        (["--recipient", CSC, "--basis", "statutory"], "--basis needs --reason"),
        (["--recipient", CSC, "--basis", "hunch", "--reason", "x"], "Unknown basis 'hunch'"),
        (["--recipient", CSC], "No file given: add --out FILE"),
    ):
        code, out, err = run(capsys, "export", *argv)
        assert (code, out) == (2, ""), err
        assert words in err
    assert trail(data_dir) == before  # the passphrase was not even asked for


def test_without_consent_or_basis_nothing_is_written_or_recorded(caseload, capsys, tmp_path):
    data_dir, _ = caseload
    target = tmp_path / "for-probation.json"
    target.write_text("an older file", encoding="utf-8")
    before = trail(data_dir)
    code, out, err = run(capsys, "export", "--recipient", "Probation", "--out", str(target))
    assert code == EXIT_REFUSED, err
    assert "No client has consent to share with Probation (5 with none recorded)" in err
    assert "--basis immediate-risk, increased-risk or statutory with --reason" in err
    assert "Traceback" not in err and out == ""
    assert target.read_text(encoding="utf-8") == "an older file"  # not replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cw", "for-probation.json"]
    assert decisions(data_dir) == [] and trail(data_dir) == before


def test_only_clients_with_consent_go_and_each_gets_its_decision(caseload, capsys, tmp_path):
    data_dir, ids = caseload
    target = tmp_path / "csc.json"
    code, _, err = run(capsys, "export", "--recipient", CSC.upper(), "--out", str(target))
    assert code == 0, err
    assert "Exported the records of 1 client (" in err and "1 on their consent" in err
    assert (
        "Left out 4 clients without consent to share with CHILDREN'S SOCIAL CARE "
        "(1 with no consent recorded, 1 refused or withdrawn, 1 expired, "
        "1 with consent to part of the record only)" in err
    )
    assert "Sharing decisions recorded: 5" in err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["recipient"] == CSC.upper()
    assert [c["id"] for c in doc["tables"]["client"]] == [str(ids["given"])]
    assert {r["client_id"] for r in doc["tables"]["consent"]} == {str(ids["given"])}
    # Never the trail (it holds every client's data), the due items or drafts.
    assert not {"trail_event", "dueitem", "form_draft", "setting"} & set(doc["tables"])
    # The file carries the decision that let it go; not those that kept others back.
    (carried,) = doc["tables"]["sharing_decision"]
    assert (carried["client_id"], carried["shared"]) == (str(ids["given"]), True)
    made = {d.client_id: d for d in decisions(data_dir)}
    assert set(made) == set(ids.values())
    given = made[ids["given"]]
    assert (given.shared, given.basis, given.consent_state) == (True, "consent", "given")
    for state in ("refused", "expired", "none"):
        d = made[ids[state]]
        assert (d.shared, d.basis, d.consent_state) == (False, "", state)
        assert d.reason.startswith("Left out of the export: ")
    scoped = made[ids["scoped"]]  # a scope is the client's word for that part only
    assert (scoped.shared, scoped.consent_state) == (False, "given")
    assert "scope does not cover the whole record" in scoped.reason
    assert {(d.signed_as, d.decided_by is not None) for d in made.values()} == {
        ("Sam Worker", True)
    }
    # The decisions point at the export's event in the trail.
    (event_id,) = {d.source_id for d in made.values()}
    (export,) = read(data_dir, select(TrailEvent).where(TrailEvent.id == event_id))
    assert export.action == "export" and export.changes["recipient"] == CSC.upper()
    code, out, err = run(capsys, "check")
    assert code == 0, out + err


def test_a_basis_with_its_reason_shares_those_without_consent(caseload, capsys, tmp_path):
    data_dir, ids = caseload
    target = tmp_path / "csc.json"
    reason = "Section 47 enquiry: the local authority's request of 30/11/2026"
    code, _, err = run(
        capsys, "export", "--recipient", CSC, "--basis", "statutory", "--reason", reason,
        "--out", str(target),
    )  # fmt: skip
    assert code == 0, err
    assert "of 5 clients" in err and "4 without it, on the basis you gave (statutory)" in err
    assert "Left out" not in err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert {c["id"] for c in doc["tables"]["client"]} == {str(i) for i in ids.values()}
    made = {d.client_id: d for d in decisions(data_dir)}
    assert all(d.shared for d in made.values())
    assert (made[ids["given"]].basis, made[ids["given"]].reason) == ("consent", "")
    for state in ("refused", "expired", "none", "scoped"):
        assert (made[ids[state]].basis, made[ids[state]].reason) == ("statutory", reason)
        assert made[ids[state]].consent_state == ("given" if state == "scoped" else state)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE sharing_decision SET shared = 1 WHERE id = :id",
     "DELETE FROM sharing_decision WHERE id = :id"],
)  # fmt: skip
def test_an_export_s_decisions_are_sealed(caseload, capsys, tmp_path, statement):
    data_dir, ids = caseload
    run(capsys, "export", "--recipient", CSC, "--out", str(tmp_path / "csc.json"))
    (kept_back,) = [d for d in decisions(data_dir) if d.client_id == ids["none"]]
    db = open_database(data_dir, PASSPHRASE)
    try:
        with pytest.raises(StorageError, match="sealed"), db.session() as s:
            s.execute(text(statement).bindparams(bindparam("id", type_=Uuid)), {"id": kept_back.id})
    finally:
        db.close()


def test_a_failed_write_leaves_no_file_and_no_decision(caseload, capsys, tmp_path, monkeypatch):
    from caseworker.caseload import exporting

    data_dir, _ = caseload
    before = trail(data_dir)

    def half_then_fail(session, out, *args):
        out.write('{"tables": {"client": [')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting, "write_clients_export", half_then_fail)
    code, _, err = run(capsys, "export", "--recipient", CSC, "--out", str(tmp_path / "c.json"))
    assert code != 0 and "No space left on device" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cw"]
    assert decisions(data_dir) == [] and trail(data_dir) == before


def test_the_export_for_a_recipient_imports(caseload, capsys, tmp_path):
    _, ids = caseload
    target = tmp_path / "csc.json"
    run(capsys, "export", "--recipient", CSC, "--out", str(target))
    other = tmp_path / "other"
    new_caseload(other).close()
    code, _, err = run(capsys, "--data-dir", str(other), "import", str(target))
    assert code == 0, err
    assert read(other, select(Client.id)) == [ids["given"]]
    assert [d.recipient for d in decisions(other)] == [CSC]  # the decision came with it
    code, out, err = run(capsys, "--data-dir", str(other), "check")
    assert code == 0, out + err


def test_an_export_of_some_clients_for_this_service(caseload, capsys, tmp_path):
    data_dir, ids = caseload
    target = tmp_path / "one.json"
    ref = ids["refused"].hex[:8]
    code, _, err = run(
        capsys, "export", "--recipient", "self", "--client", ref, "--out", str(target)
    )
    assert code == 0, err
    assert "records of 1 client (" in err and "for this service's own use" in err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert [c["id"] for c in doc["tables"]["client"]] == [str(ids["refused"])]
    assert "trail_event" not in doc["tables"]
    assert decisions(data_dir) == []  # not shared with anyone: the trail records it
    assert trail(data_dir)[-1] == "export"


def test_the_whole_database_for_this_service_records_no_sharing(caseload, capsys, tmp_path):
    data_dir, _ = caseload
    target = tmp_path / "all.json"
    code, _, err = run(capsys, "export", "--recipient", "self", "--out", str(target))
    assert code == 0, err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert len(doc["tables"]["client"]) == 5 and doc["recipient"] == "self"
    assert doc["tables"]["trail_event"][-1]["changes"] == {"recipient": "self"}
    assert decisions(data_dir) == []
