"""A household member's domestic abuse (migration 0012) moves with an export, and an
export made before it existed still imports (as not recorded)."""

from __future__ import annotations

import json

from caseloads import TODAY
from sqlalchemy import select

from caseworker.caseload.importing import import_file
from caseworker.people import add_household_member, clients
from caseworker.store.export import export_to_file
from caseworker.store.models import HouseholdMember


def members(db) -> dict[str, bool]:
    with db.session() as s:
        return {m.name: m.domestic_abuse for m in s.scalars(select(HouseholdMember))}


def test_domestic_abuse_moves_with_the_export(db, tmp_path, another_caseload):
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        add_household_member(s, ada.id, {"name": "Dan", "domestic_abuse": True}, TODAY)
        add_household_member(s, ada.id, {"name": "Eve"}, TODAY)
    path = tmp_path / "out.json"
    export_to_file(db, path)
    new = another_caseload("new")
    import_file(new, path)
    assert members(new) == {"Dan": True, "Eve": False}

    # An export from before the field: its rows have no such key.
    doc = json.loads(path.read_text("utf-8"))
    for row in doc["tables"]["householdmember"]:
        del row["domestic_abuse"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(doc), "utf-8")
    again = another_caseload("again")
    import_file(again, older)
    assert members(again) == {"Dan": False, "Eve": False}
