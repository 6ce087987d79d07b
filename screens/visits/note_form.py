"""The visit note: who was present, each child, the checklist's observations, what was
explained and understood, the narrative, concerns and actions.

Its fields depend on the visit (the children in the home or visiting, and whether the
storage of medication is asked), so they are built as the form is, from the capability's
note shape; everything else - the draft kept within a second or two of each keystroke and
offered again after a kill, errors named beside their fields - is FormScreen's.
"""

from __future__ import annotations

import uuid
from typing import Any

from textual.app import ComposeResult

from caseworker.visits import (
    UNDERSTOOD,
    child_field,
    item_field,
    item_note_field,
    note_shape,
    note_values,
    save_note,
)
from screens.keys import key_for
from screens.widgets.form import FieldSpec, FormScreen


def note_fields(shape: Any) -> tuple[FieldSpec, ...]:
    specs = [FieldSpec("adults", "Adults present", kind="notes")]
    for child in shape.children:
        name = (child.given_name or "Child").strip()
        specs += [
            FieldSpec(child_field(child.id, "seen"), f"{name}: seen", kind="check"),
            FieldSpec(child_field(child.id, "seen_alone"), f"{name}: seen alone", kind="check"),
            FieldSpec(child_field(child.id, "spoken_with"), f"{name}: spoken with", kind="check"),
            FieldSpec(child_field(child.id, "presentation"), f"{name}: presentation"),
            FieldSpec(child_field(child.id, "own_words"), f"{name}: own words", kind="notes"),
        ]
    for item in shape.items:
        specs += [
            FieldSpec(
                item_field(item.id),
                item.label,
                kind="select",
                choices=item.answers,
                must_choose=True,
            ),
            FieldSpec(item_note_field(item.id), "  note", placeholder=item.hint[:60]),
        ]
    specs += [
        FieldSpec("explained_to_parent", "Explained to the parent", kind="notes"),
        FieldSpec("understood", "Understood?", kind="select", choices=UNDERSTOOD, must_choose=True),
        FieldSpec("narrative", "Narrative", kind="notes"),
        FieldSpec("concerns", "Concerns", kind="notes"),
        FieldSpec("actions", "Actions (owner; what; dd/mm/yyyy)", kind="notes"),
    ]
    return tuple(specs)


class VisitNoteForm(FormScreen):
    FORM_TITLE = "Visit note (kept as you type; sign it off from the visit history)"
    DRAFT_ARGS = ("client_id", "visit_id")
    FIRST_FIELD = "adults"

    def __init__(self, client_id: uuid.UUID, visit_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id, self.visit_id = client_id, visit_id

    def compose(self) -> ComposeResult:
        with self.db.session() as s:
            self.FIELDS = note_fields(note_shape(s, self.visit_id))
        yield from super().compose()

    def initial_values(self) -> dict[str, Any]:
        with self.db.session() as s:
            return note_values(s, self.visit_id)

    def intro(self) -> str:
        save = key_for(self, "form.save")
        return f"One line per adult. Tab moves on; {save} saves it (not yet signed off)."

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return save_note(s, self.visit_id, values, self.caseworker_app.today).id
