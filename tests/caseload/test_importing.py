"""`caseworker import`: an export into another caseload, all or nothing, validated as the
forms validate (runs on SQLCipher and, in CI, on PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from caseloads import TODAY
from sqlalchemy import select
from sqlmodel import SQLModel

from caseworker.caseload.importing import IMPORTED, import_file, import_records, read_export
from caseworker.core.errors import ImportRefused
from caseworker.demo.caseload import populate
from caseworker.people import client_reference, clients
from caseworker.store.export import export_to_file
from caseworker.store.models import Client, DueItem, TrailEvent
from caseworker.store.trail import verify_chain

# Worked out again on import (search_text, sort_key) or stamped by this caseload: the
# version counter starts again at 1 (the demo's referrals and visit notes were changed
# after they were made, through the domain, so theirs were higher).
_DERIVED_COLUMNS = {"search_text", "sort_key", "version"}


def _rows(db, table: str) -> dict[str, dict]:
    t = SQLModel.metadata.tables[table]
    with db.engine.connect() as conn:
        out = {}
        for row in conn.execute(select(t)):
            values = dict(row._mapping)
            out[str(values["id"])] = {k: v for k, v in values.items() if k not in _DERIVED_COLUMNS}
        return out


def _dues(db) -> set[tuple]:
    with db.session() as s:
        return {
            (d.client_id, d.child_id, d.kind, d.due_on, d.reason, d.source_id)
            for d in s.scalars(select(DueItem))
        }


def _count(db, model) -> int:
    with db.session() as s:
        return len(list(s.scalars(select(model.id))))


@pytest.fixture
def exported(db, tmp_path) -> Path:
    """The demo caseload (60 clients), exported as `caseworker export --out` writes it."""
    populate(db, 60, today=TODAY, seed=1)
    path = tmp_path / "moving.json"
    export_to_file(db, path)
    return path


def test_moving_to_a_new_laptop_is_export_then_import(db, exported, another_caseload):
    new = another_caseload("new-laptop")
    summary = import_file(new, exported)
    assert summary.clients == 60
    for model in IMPORTED:
        table = model.__table__.name
        old, moved = _rows(db, table), _rows(new, table)
        if table == "worker":  # the new laptop's own worker is there too
            assert old.items() <= moved.items()
        else:
            assert moved == old, table  # every record, every column, equal
    assert _dues(new) == _dues(db)  # what is due is worked out the same again
    with new.session() as s:
        assert verify_chain(s).ok
        imports = list(s.scalars(select(TrailEvent).where(TrailEvent.action == "import")))
        creates = list(s.scalars(select(TrailEvent).where(TrailEvent.entity == "client")))
    assert len(imports) == 1 and imports[0].changes["clients"] == 60
    assert len(creates) == 60  # each record on the trail as it came in


def _edit_export(path: Path, edit) -> Path:
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc["tables"])
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_a_bad_field_is_named_with_its_record_and_nothing_is_imported(exported, another_caseload):
    def bad_date_of_birth(tables):
        tables["client"][2]["date_of_birth"] = "2990-01-01"

    path = _edit_export(exported, bad_date_of_birth)
    third = json.loads(path.read_text(encoding="utf-8"))["tables"]["client"][2]["id"]
    new = another_caseload("new")
    with pytest.raises(ImportRefused) as refused:
        import_file(new, path)
    ref = client_reference(uuid.UUID(third))
    assert str(refused.value).startswith(
        f"client 3 (ref {ref}): Date of birth: cannot be in the future"
    )
    assert "Nothing was imported" in str(refused.value)
    assert _count(new, Client) == 0  # all or nothing


@pytest.mark.parametrize(
    ("table", "field", "value", "expected"),
    [
        ("child", "client_role", "aunt", "child 1 (client ref"),
        ("consent", "state", None, "Consent: choose one"),
        ("networkcontact", "agency", "", "Agency: is required"),
        ("client", "treatment_type", "surgery", "Treatment type: choose one of the options"),
        ("client", "favourite_colour", "blue", "Favourite colour: is not a field"),
    ],
)
def test_each_kind_of_record_is_validated_as_its_form_is(
    exported, another_caseload, table, field, value, expected
):
    path = _edit_export(exported, lambda t: t[table][0].__setitem__(field, value))
    new = another_caseload("new")
    with pytest.raises(ImportRefused, match="Nothing was imported") as refused:
        import_file(new, path)
    assert expected in str(refused.value)
    assert _count(new, Client) == 0


def test_records_already_here_are_refused_not_overwritten(db, exported):
    with db.session() as s:
        first = s.scalars(select(Client).order_by(Client.sort_key)).first()
        assert first is not None
        clients.update_client(
            s, first.id, {**clients.client_form_values(s, first), "notes": "kept"}, TODAY
        )
    before = _count(db, Client)
    with pytest.raises(ImportRefused, match="is already in this caseload"):
        import_file(db, exported)
    assert _count(db, Client) == before
    with db.session() as s:
        assert clients.get_client(s, first.id).notes == "kept"


def test_some_clients_import_on_their_own_and_a_stray_record_is_refused(exported, another_caseload):
    def only_first_client(tables):
        keep = tables["client"][0]["id"]
        for name, rows in tables.items():
            key = "id" if name == "client" else "client_id"
            if rows and key in rows[0]:
                tables[name] = [r for r in rows if r[key] == keep]

    path = _edit_export(exported, only_first_client)
    new = another_caseload("new")
    assert import_file(new, path).clients == 1
    assert _count(new, Client) == 1
    stray = _edit_export(exported, lambda t: t["client"].pop(0))
    other = another_caseload("other")
    with pytest.raises(ImportRefused, match="its client is not in the file"):
        import_file(other, stray)
    assert _count(other, Client) == 0


def test_a_name_that_looks_like_markup_is_imported_as_typed(db, tmp_path, another_caseload):
    with db.session() as s:
        clients.create_client(s, {"given_name": "Ann", "family_name": "Zed[/"}, TODAY)
    path = tmp_path / "zed.json"
    export_to_file(db, path)
    new = another_caseload("new")
    import_file(new, path)
    with new.session() as s:
        (zed,) = s.scalars(select(Client))
        assert (zed.given_name, zed.family_name, zed.sort_key) == ("Ann", "Zed[/", "zed[/ ann")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("not json at all", "is not a caseworker export (not JSON)"),
        ('{"format": "something-else"}', "is not a caseworker export"),
        ('{"format": "caseworker-export", "format_version": 9}', "format version 9"),
        (
            '{"format": "caseworker-export", "format_version": 1, '
            '"exported_at": "2026-11-23T10:00:00+00:00", "tables": {"spaceship": []}}',
            "tables this version of caseworker does not know (spaceship)",
        ),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_plainly(tmp_path, text, expected):
    path = tmp_path / "file.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused, match="Nothing was imported") as refused:
        read_export(path)
    assert expected in str(refused.value)


def test_a_big_file_reports_its_progress(db, tmp_path, another_caseload):
    populate(db, 90, today=TODAY, seed=1)  # more than 500 records: progress is reported
    exported = tmp_path / "big.json"
    export_to_file(db, exported)
    new = another_caseload("new")
    calls: list[tuple[int, int]] = []
    export = read_export(exported)
    with new.session() as s:
        summary = import_records(s, export, lambda done, total: calls.append((done, total)))
    total = calls[-1][1]
    assert total >= summary.records > 500  # the demo caseload is big enough to report
    assert len(calls) >= 2 and calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
