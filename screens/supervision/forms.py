"""The supervision forms: a case discussed (kept as a draft as it is typed, like every form),
the pack's file, and the sign-off dialog that asks the supervisor's own passphrase (never
a form: a passphrase is never kept, not even as a draft)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from caseworker.core.errors import FieldError, ValidationFailed
from caseworker.documents import check_target
from caseworker.people import client_names
from caseworker.supervision import (
    PACK_FORMATS,
    THINK_FAMILY_QUESTION,
    case_of,
    record_case,
)
from screens.keys import key_for
from screens.widgets.form import FieldSpec, FormScreen
from screens.widgets.screen import Dialog
from screens.widgets.text import escape, plain

PACK_FORMAT_CHOICES = (
    ("docx", "Word (.docx)"),
    ("pdf", "PDF (.pdf)"),
    ("md", "Markdown (.md)"),
    ("json", "JSON (.json), for management systems"),
)
assert {v for v, _ in PACK_FORMAT_CHOICES} == set(PACK_FORMATS)


class CaseForm(FormScreen):
    """What was discussed about one client, the decision, the Think Family answer and the
    actions agreed. Marked discussed only with a decision and the answer."""

    FORM_TITLE = "Supervision: the case discussed"
    DRAFT_ARGS = ("session_id", "client_id")
    FIELDS = (
        FieldSpec("discussion", "Discussion", kind="notes"),
        FieldSpec("decision", "Decision", kind="notes"),
        FieldSpec("think_family", "Think Family", kind="notes"),
        FieldSpec(
            "actions", "Actions", kind="notes", placeholder="owner; what; dd/mm/yyyy (one a line)"
        ),
        FieldSpec("discussed", "Discussed", kind="check"),
    )
    HELP = (
        "Record what was discussed about this client and what was decided. The Think Family "
        "question is asked of every case. Actions are written one a line as "
        "owner; what; dd/mm/yyyy and enter the diary when the session is signed off. A case "
        "is marked discussed only once its decision is recorded and the question answered. "
        "You can come back to a case and change it until the session is signed off."
    )

    def __init__(
        self, session_id: uuid.UUID, client_id: uuid.UUID, reasons: str = "", name: str = ""
    ) -> None:
        super().__init__()
        self.session_id, self.client_id = session_id, client_id
        self.reasons, self.client_name = reasons, name

    def initial_values(self) -> dict[str, Any]:
        with self.db.session() as s:
            found = case_of(s, self.session_id, self.client_id)
            if not self.client_name:  # reopened from a draft: the name is read again
                self.client_name = client_names(s, [self.client_id]).get(self.client_id, "")
        if found is None:
            return {}
        c = found.case
        self.reasons = self.reasons or c.reasons
        actions = "\n".join(f"{a.owner}; {a.what}; {a.due_on:%d/%m/%Y}" for a in found.actions)
        return {
            "discussion": c.discussion,
            "decision": c.decision,
            "think_family": c.think_family,
            "actions": actions,
            "discussed": c.discussed,
        }

    def intro(self) -> str:
        why = "; ".join(r for r in self.reasons.splitlines() if r) or "chosen to discuss"
        return (
            f"{self.client_name or 'This client'} · {why}\n{THINK_FAMILY_QUESTION}\n"
            "Actions: one a line, as owner; what; dd/mm/yyyy (they enter the diary at sign-off)."
        )

    def save(self, values: dict[str, Any]) -> Any:
        with self.db.session() as s:
            raw = {**values, "reasons": self.reasons}
            return record_case(s, self.session_id, self.client_id, raw, self.caseworker_app.today)


class PackForm(FormScreen):
    """Where to write the supervision pack, and as what."""

    FORM_TITLE = "Write the supervision pack"
    DRAFT_ARGS = ("worker_id",)
    FIELDS = (
        FieldSpec("path", "Save as"),
        FieldSpec("format", "Format", kind="select", choices=PACK_FORMAT_CHOICES),
    )
    HELP = (
        "The pack holds every figure with its clients, the latest session's cases, "
        "decisions and actions, the months so far and the trail's head hash. It is written "
        "whole or not at all, is NOT encrypted and names clients: keep it with the "
        "service's supervision records."
    )

    def __init__(self, worker_id: uuid.UUID, session_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.worker_id, self.session_id = worker_id, session_id

    def initial_values(self) -> dict[str, Any]:
        today = self.caseworker_app.today
        return {"path": str(Path.home() / f"supervision-{today:%Y-%m-%d}"), "format": "docx"}

    def save(self, values: dict[str, Any]) -> Any:
        """Where and as what (checked here); the pack itself is written by the screen, off
        the event loop: a review of a big caseload and a PDF take a moment."""
        fmt = str(values.get("format") or "docx")
        typed = str(values.get("path") or "").strip()
        if not typed:
            raise ValidationFailed([FieldError("path", "Save as", "is required")])
        path = Path(typed).expanduser()
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        return check_target(path), fmt


class SignOffDialog(Dialog[str | None]):
    """The supervisor's own passphrase, to sign off as themselves (Esc: not now)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Not now", id="signoff.cancel"),
        Binding("f1", "app.help", "Help", tooltip="Help for signing off", id="app.help"),
    ]
    HELP = (
        "Signing off seals the session: nothing in it can be changed afterwards, and its "
        "actions enter the diary. Type your own passphrase, the one you unlock with: it "
        "says it is you who signs, whoever is at the keyboard. A worker's passphrase "
        "signs nothing."
    )

    def __init__(self, worker_name: str, discussed: int, not_discussed: int = 0) -> None:
        super().__init__()
        self.worker_name, self.discussed, self.not_discussed = worker_name, discussed, not_discussed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                plain(
                    f"Sign off the supervision of {self.worker_name} ({self.discussed} "
                    f"case{'s' if self.discussed != 1 else ''} discussed). It is then sealed: "
                    "nothing in it can be changed."
                    + (
                        f"\n{self.not_discussed} case{'s' if self.not_discussed != 1 else ''} "
                        "begun but not marked discussed will be kept as not discussed."
                        if self.not_discussed
                        else ""
                    )
                    + "\nThe supervisor's own passphrase:"
                ),
                classes="question",
            )
            yield Input(password=True, id="signoff-passphrase", placeholder="passphrase")
            with Horizontal(classes="buttons"):
                cancel = key_for(self, "signoff.cancel")
                yield Button("Sign off (Enter)", id="sign", variant="primary")
                yield Button(escape(f"Cancel ({cancel})"), id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._sign()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "sign":
            self._sign()
        else:
            self.dismiss(None)

    def _sign(self) -> None:
        typed = self.query_one(Input).value
        if typed:
            self.dismiss(typed)

    def action_cancel(self) -> None:
        self.dismiss(None)
