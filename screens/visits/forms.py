"""The visit's small forms: planning one, going out (the expected return), and an addendum
to a signed note. Each is a FormScreen, so what is typed is kept as a draft."""

from __future__ import annotations

import uuid
from typing import Any

from caseworker.visits import (
    OFFLINE_WORDS,
    add_addendum,
    before_leaving,
    cancel_visit,
    plan_visit,
    start_visit,
)
from screens.visits.clock import now_of
from screens.widgets.form import FieldSpec, FormScreen


class PlanVisitForm(FormScreen):
    FORM_TITLE = "Plan a home visit"
    DRAFT_ARGS = ("client_id",)
    FIELDS = (
        FieldSpec("planned_for", "Date", kind="date"),
        FieldSpec("planned_at", "Time (HH:MM)", placeholder="14:30"),
        FieldSpec("back_by", "Expected back (HH:MM)", placeholder="16:00"),
        FieldSpec("address", "Address (blank: the client's)"),
        FieldSpec("unannounced", "Unannounced", kind="check"),
        FieldSpec("joint_agency", "Joint visit with (agency)"),
        FieldSpec("joint_contact", "Their contact"),
        FieldSpec("purpose", "Purpose", kind="notes"),
    )

    def __init__(self, client_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id = client_id

    def initial_values(self) -> dict[str, Any]:
        return {"planned_for": f"{self.caseworker_app.today:%d/%m/%Y}"}

    def intro(self) -> str:
        with self.db.session() as s:
            first = before_leaving(s, self.client_id)
        lines = [first.risk_words] if first.risk_to_staff else ["No risk to staff recorded."]
        lines.append(f"Address on record: {first.address or 'none'}")
        return "\n".join(lines)

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return plan_visit(s, self.client_id, values, self.caseworker_app.today).id


class StartVisitForm(FormScreen):
    """Going out now: the expected return is what a missed return is measured against."""

    FORM_TITLE = "Going out on the visit"
    DRAFT_ARGS = ("client_id", "visit_id")
    FIELDS = (FieldSpec("back_by", "Expected back (HH:MM)", placeholder="16:00"),)

    def __init__(self, client_id: uuid.UUID, visit_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id, self.visit_id = client_id, visit_id

    def intro(self) -> str:
        with self.db.session() as s:
            first = before_leaving(s, self.client_id)
        risk = first.risk_words or "No risk to staff recorded."
        return (
            f"{risk}\nBlank: the expected return of the plan. Check in when you are back. "
            f"{OFFLINE_WORDS}"
        )

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return start_visit(s, self.visit_id, now_of(self.app), values.get("back_by")).id


class AddendumForm(FormScreen):
    FORM_TITLE = "Addendum to the signed note (stamped with your name and the time)"
    DRAFT_ARGS = ("client_id", "visit_id")
    FIELDS = (FieldSpec("text", "Addendum", kind="notes"),)

    def __init__(self, client_id: uuid.UUID, visit_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id, self.visit_id = client_id, visit_id

    def intro(self) -> str:
        return "The note itself cannot change: this is added beneath it, never edited."

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return add_addendum(s, self.visit_id, values.get("text") or "", now_of(self.app)).id


class CancelVisitForm(FormScreen):
    """A planned visit that will not happen: why (it leaves the diary)."""

    FORM_TITLE = "Cancel the planned visit"
    DRAFT_ARGS = ("client_id", "visit_id")
    FIELDS = (FieldSpec("reason", "Why", kind="notes"),)

    def __init__(self, client_id: uuid.UUID, visit_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id, self.visit_id = client_id, visit_id

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            return cancel_visit(s, self.visit_id, values.get("reason") or "").id
