"""The pre-CAF's dialogs: an element's rating with its evidence and source (for one child
or the whole family), and the worker's decision. Both are forms: what is typed is kept
as a draft within seconds, and offered back after a crash."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from caseworker.assessment import (
    CAF_CONSENT,
    CSC_GROUNDS,
    DECISIONS,
    RATINGS,
    SOURCES,
    checklist,
    decide,
    export_precaf_summary,
    facts_for,
    precaf_view,
    rate,
    start_precaf,
    summary_file_name,
)
from caseworker.documents import FORMAT_CHOICES, validate_document_target
from screens.widgets.form import FieldSpec as F
from screens.widgets.form import FormScreen


def _choices(ids: tuple[str, ...], label) -> tuple[tuple[str, str], ...]:
    return tuple((i, label(i)) for i in ids)


class EvidenceForm(FormScreen):
    """One element: its rating, the evidence in the worker's words and where it came from."""

    FORM_TITLE = "Rating and evidence"
    DRAFT_ARGS = ("client_id", "child_id")

    def __init__(
        self,
        client_id: uuid.UUID,
        child_id: uuid.UUID | None = None,
        element: str = "",
        *,
        children: tuple[uuid.UUID, ...] = (),
        values: dict[str, Any] | None = None,
        about: str = "",
    ) -> None:
        words = checklist()
        self.FIELDS = (
            F("rating", "Rating *", "select", _choices(RATINGS, words.rating_label),
              must_choose=True),
            F("evidence", "Evidence", "notes"),
            F("source", "Source", "select", _choices(SOURCES, words.source_label),
              must_choose=True),
        )  # fmt: skip
        super().__init__(values)
        self.client_id = client_id
        self.child_id = child_id  # None: every child of the family at once
        self.element = element
        self.rated_children = children or ((child_id,) if child_id else ())
        self.about = about

    def draft_args(self) -> dict[str, str]:
        return {
            **super().draft_args(),
            "element": self.element,
            "children": ",".join(map(str, self.rated_children)),
        }

    @classmethod
    def from_draft(cls, args: dict[str, str]) -> EvidenceForm:
        children = tuple(uuid.UUID(c) for c in args.get("children", "").split(",") if c)
        child = args.get("child_id")
        return cls(
            uuid.UUID(args["client_id"]),
            uuid.UUID(child) if child else None,
            args.get("element", ""),
            children=children,
        )

    def intro(self) -> str:
        words = checklist()
        element = words.element(self.element)
        with self.db.session() as s:
            view = precaf_view(s, self.client_id, self.caseworker_app.today)
        lines = [f"{element.label} — {self.about or 'the whole family'}"]
        if element.hint:
            lines.append(element.hint)
        for fact in facts_for(view.facts, self.element, self.child_id):
            lines.append(f"On record ({fact.where}): {fact.text}")
        return "\n".join(lines)

    def save(self, values: dict[str, Any]) -> Any:
        from caseworker.core.errors import FieldError, ValidationFailed

        if not values.get("rating"):
            raise ValidationFailed([FieldError("rating", "Rating", "choose one")])
        with self.db.session() as s:
            precaf = start_precaf(s, self.client_id, self.caseworker_app.today)
            rate(
                s,
                precaf.id,
                self.rated_children,
                self.element,
                values["rating"],
                evidence=str(values.get("evidence") or ""),
                source=values.get("source") or None,
            )
        return True


_GROUNDS = tuple((f"ground_{g}", label) for g, label in CSC_GROUNDS)


class DecisionForm(FormScreen):
    """The worker's decision on the pre-CAF, signed as they save it."""

    FORM_TITLE = "Decide the pre-CAF (signed by you, then sealed)"
    DRAFT_ARGS = ("client_id", "precaf_id")

    def __init__(self, client_id: uuid.UUID, precaf_id: uuid.UUID) -> None:
        words = checklist()
        self.FIELDS = (
            F("decision", "Decision *", "select", _choices(DECISIONS, words.decision_label),
              must_choose=True),
            F("against_suggestion", "Why not the suggestion", "notes"),
            F("reason", "Reason (required for no additional needs)", "notes"),
            F("rescreen_on", "No additional needs: re-screen on", "date"),
            F("caf_lead", f"{words.decision_label('caf')}: who leads"),
            F("caf_consent", f"{words.decision_label('caf')}: consent", "select", CAF_CONSENT,
              must_choose=True),
            F("agencies", "Agencies to involve"),
            F("actions", "Action plan (agency; what; dd/mm/yyyy)", "notes"),
            *(F(name, f"CSC: {label}", "check") for name, label in _GROUNDS),
        )  # fmt: skip
        super().__init__()
        self.client_id = client_id
        self.precaf_id = precaf_id

    def intro(self) -> str:
        with self.db.session() as s:
            view = precaf_view(s, self.client_id, self.caseworker_app.today)
        s_ = view.suggestion
        # Why, from the children whose ratings lead to the family's suggestion.
        reasons = "; ".join(
            dict.fromkeys(
                c.reasons[0].text for c in s_.by_child.values() if c.decision == s_.decision
            )
        )
        if len(reasons) > 160:
            reasons = reasons[:159] + "…"
        caf = checklist().decision_label("caf")
        return (
            f"Suggested: {s_.label} ({reasons}). Another decision needs its reason.\n"
            f"No additional needs: a reason. {caf}: who leads, consent, an action plan. "
            "CSC: the grounds."
        )

    def save(self, values: dict[str, Any]) -> Any:
        raw = {k: v for k, v in values.items() if not k.startswith("ground_")}
        raw["csc_grounds"] = [name[len("ground_") :] for name, _ in _GROUNDS if values.get(name)]
        with self.db.session() as s:
            precaf = decide(s, self.precaf_id, raw, self.caseworker_app.today, datetime.now(UTC))
            return precaf.decision


class SummaryExportForm(FormScreen):
    """The pre-CAF's summary for the case file, as Word or Markdown, where the worker
    chooses (written whole or not at all, and recorded in the trail)."""

    FORM_TITLE = "Save the pre-CAF summary"
    FIELDS = (
        F("format", "Format", "select", FORMAT_CHOICES),
        F("path", "Save as *"),
    )
    DRAFT_ARGS = ("client_id", "precaf_id")

    def __init__(self, client_id: uuid.UUID, precaf_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id = client_id
        self.precaf_id = precaf_id

    def initial_values(self) -> dict[str, Any]:
        with self.db.session() as s:
            name = summary_file_name(s, self.precaf_id, "docx")
        return {"format": "docx", "path": str(Path.home() / name)}

    def intro(self) -> str:
        return ("Ratings, evidence, the suggestion and the decision, for the case file. The "
                "file is not encrypted: keep it where your service keeps case files.")  # fmt: skip

    def save(self, values: dict[str, Any]) -> Any:
        target = validate_document_target(values)
        return export_precaf_summary(self.db, self.precaf_id, target["path"], target["format"])
