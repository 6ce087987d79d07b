"""Home visits move with an export: a signed (sealed) note, its rows and its addenda are
imported into another caseload exactly (the seals refuse changes, not the rows arriving),
and they stay sealed there. Runs on SQLCipher and, in CI, on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from caseloads import TODAY
from sqlalchemy import Uuid, bindparam, select, text
from sqlmodel import SQLModel

from caseworker.caseload.importing import import_file
from caseworker.core.errors import StorageError
from caseworker.people import add_child, clients
from caseworker.store.export import export_to_file
from caseworker.visits import (
    add_addendum,
    child_field,
    item_field,
    plan_visit,
    save_note,
    sign_off,
    start_visit,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TABLES = ("visit", "visit_note", "visit_child", "visit_observation", "visit_action",
          "visit_addendum")  # fmt: skip


def _rows(db, table: str) -> dict[str, dict]:
    t = SQLModel.metadata.tables[table]
    with db.engine.connect() as conn:
        return {str(r._mapping["id"]): dict(r._mapping) for r in conn.execute(select(t))}


def test_visits_move_exactly_and_stay_sealed(db, tmp_path, another_caseload):
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        sam = add_child(s, ada.id, {"given_name": "Sam", "family_name": "Lee",
                                    "date_of_birth": "01/03/2019", "lives_with": "client",
                                    "client_role": "mother"}, TODAY)  # fmt: skip
        visit = plan_visit(s, ada.id, {"planned_for": "23/11/2026", "back_by": "12:00"}, TODAY)
        start_visit(s, visit.id, NOW)
        save_note(s, visit.id, {"narrative": "Seen.", child_field(sam.id, "seen"): True,
                                item_field("food"): "no_concern",
                                "actions": "DAS; call back; 30/11/2026"}, TODAY)  # fmt: skip
        sign_off(s, visit.id, NOW)
    with db.session() as s:
        add_addendum(s, visit.id, "Later: all well.", NOW)
    path = tmp_path / "moving.json"
    export_to_file(db, path)
    new = another_caseload("new-laptop")
    import_file(new, path)
    for table in TABLES:
        old, moved = _rows(db, table), _rows(new, table)
        for key in old:
            # The version counter starts afresh in the new caseload (the ORM's, on insert).
            diff = {
                k: (v, moved[key][k])
                for k, v in old[key].items()
                if moved[key][k] != v and k != "version"
            }
            assert not diff, (table, diff)
        assert old and set(moved) == set(old), table
    with pytest.raises(StorageError, match="sealed"), new.session() as s:
        s.execute(
            text("UPDATE visit_note SET narrative = 'x' WHERE visit_id = :id").bindparams(
                bindparam("id", type_=Uuid)
            ),
            {"id": visit.id},
        )
