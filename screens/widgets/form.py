"""A validated form in a modal: fields from a spec, errors named beside each field, and
nothing typed ever lost.

The form only collects text and choices; validation and saving happen in
caseworker/ (the subclass's ``save``), which raises ValidationFailed naming
each bad field. Nothing is half-saved: a failed save rolls back.

Drafts (caseworker.drafts; screens.widgets.form_drafts keeps them): within a second or
two of the last change, every form keeps what is typed in the encrypted database; saving
it, or discarding the typing, removes the draft. Opening the same form again (on the same
record) carries on from its draft, and when the app starts after a kill or a crash it
offers every draft left (screens.modals.drafts).
A new form gets all of this by being a FormScreen; it declares only what it is open on:

    class MeetingForm(FormScreen):
        DRAFT_ARGS = ("client_id", "meeting_id")   # constructor arguments, kept as
                                                   # attributes of the same name (UUIDs)
        def __init__(self, client_id: uuid.UUID, meeting_id: uuid.UUID | None = None): ...

The draft is reopened as ``MeetingForm(client_id=…, meeting_id=…)``; a form whose
constructor takes anything else overrides ``draft_args`` and ``from_draft``. A form on a
client's record names it in ``client_id`` so that it reopens over that record.

Free text that may run to several lines (notes, reasons, evidence) is a ``"notes"`` field:
a multi-line box that keeps every line pasted into it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from caseworker.core.errors import CaseworkerError, ChangedElsewhere, ValidationFailed
from caseworker.core.vocab import Choices
from screens.keys import key_for
from screens.widgets.footer import Footer
from screens.widgets.form_drafts import KeepsDraft
from screens.widgets.screen import Dialog
from screens.widgets.text import escape, plain


class YesNo(Checkbox):
    """A checkbox that says "yes"/"no" in words: its tick is otherwise shown by colour
    alone, which NO_COLOR (and some terminals) lose."""

    def __init__(self, value: bool, id: str) -> None:
        super().__init__("yes" if value else "no", value=value, id=id, compact=True)

    def watch_value(self) -> None:  # as ToggleButton's: the value is already the new one
        super().watch_value()  # the -on class and the Changed message
        self.label = "yes" if self.value else "no"


class OneLine(Input):
    """A one-line field: several lines pasted into it are joined, not cut to the first."""

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.prevent_default()  # Input's own keeps only the first line
            event.stop()
            self.replace(", ".join(lines), *self.selection)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "text"  # text | notes (several lines) | date | select | check
    choices: Choices = ()
    placeholder: str = ""
    # A select the worker must answer: it starts blank rather than on the first option,
    # so nothing (consent, a parental role) is recorded that nobody chose.
    must_choose: bool = False


FieldWidget = Input | TextArea | Select | Checkbox


class FormScreen(KeepsDraft, Dialog[Any]):
    FORM_TITLE = "Form"
    FIELDS: tuple[FieldSpec, ...] = ()
    HELP = (
        "Fill in what you know and save. Dates are written dd/mm/yyyy. Anything that cannot "
        "be saved is named beside its field, and nothing is half-saved. Cancelling asks "
        "first if you have typed anything."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save this form",
                id="form.save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close the form without saving",
                id="form.cancel"),
        # A dialog stops the app's keys, and "?" is typed here: the help has its own key.
        Binding("f1", "app.help", "Help", tooltip="Help for this form", id="app.help"),
    ]  # fmt: skip

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.initial = values or {}

    def initial_values(self) -> dict[str, Any]:
        """Values of an existing record to edit (read when the form is shown)."""
        return {}

    def intro(self) -> str:
        """Text shown above the fields (what the record already holds, say)."""
        return ""

    # ---- building -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        problem = ""
        try:
            self.initial = {**self.initial, **self.initial_values()}
            self.carry_on_from_draft()
        except CaseworkerError as exc:  # the record went (removed in another window, say)
            problem = f"Could not load the record: {exc}"
        with Vertical(classes="dialog form"):
            yield Static(plain(self.FORM_TITLE), classes="title")
            intro = self.intro()
            if intro:
                yield Static(plain(intro), id="form-intro")
            yield Static(plain(problem), id="form-errors")
            with VerticalScroll(id="form-fields"):
                for spec in self.FIELDS:
                    yield from self._field(spec)
            with Horizontal(classes="buttons"):
                save, cancel = key_for(self, "form.save"), key_for(self, "form.cancel")
                yield Button(escape(f"Save ({save})"), id="save", variant="primary")
                yield Button(escape(f"Cancel ({cancel})"), id="cancel")
        yield Footer(compact=True)  # the form's own keys (its help key: "?" is typed here)

    def _field(self, spec: FieldSpec) -> ComposeResult:
        # One line per field (label left, widget right) so a whole form fits 80x24.
        value = self.initial.get(spec.name)
        wid = f"f-{spec.name}"
        with Horizontal(classes="field-row notes-row" if spec.kind == "notes" else "field-row"):
            yield Label(spec.label, classes="field-label")
            if spec.kind == "check":
                yield YesNo(bool(value), id=wid)
            elif spec.kind == "notes":
                # Tab still moves on (Enter starts a new line): the form stays keyboard-first.
                yield TextArea(str(value or ""), id=wid, compact=True, tab_behavior="focus",
                               classes="notes")  # fmt: skip
            elif spec.kind == "select":
                options = [(label, v) for v, label in spec.choices]
                known = value in {v for v, _ in spec.choices}
                if spec.must_choose:
                    start = value if known else Select.NULL
                    yield Select(options, value=start, allow_blank=True, prompt="Choose…",
                                 compact=True, id=wid)  # fmt: skip
                else:
                    default = value if known else spec.choices[0][0]
                    yield Select(options, value=default, allow_blank=False, compact=True, id=wid)
            else:
                placeholder = spec.placeholder or ("dd/mm/yyyy" if spec.kind == "date" else "")
                # select_on_focus off: typing into a filled field must not wipe it.
                yield OneLine(str(value or ""), placeholder=placeholder, compact=True,
                              select_on_focus=False, id=wid)  # fmt: skip
        error = Static("", id=f"e-{spec.name}", classes="field-error")
        error.display = False
        yield error

    # The field that takes focus first (default: the first one).
    FIRST_FIELD: str | None = None

    def on_mount(self) -> None:
        if self.FIRST_FIELD:
            first: Widget | None = self.query_one(f"#f-{self.FIRST_FIELD}")
        else:
            fields = self.query_one("#form-fields").walk_children()
            first = next((w for w in fields if isinstance(w, FieldWidget)), None)
        # At once, not first.focus(): that is queued behind keys already typed, and would
        # pull the focus back to this field in the middle of them (screens.widgets
        # .keys_in_order holds those keys until this screen is mounted).
        self.set_focus(first)
        self._baseline = self.collect()
        if self.draft_saved_at:
            self.notify(
                f"Carrying on from what was typed here on {self.draft_saved_at} (not yet saved).",
                timeout=6,
            )

    def is_dirty(self) -> bool:
        # Opened on a draft: what it holds was typed, not saved, even before a key is pressed.
        return self.draft_saved_at is not None or self.collect() != self._baseline

    # ---- values -------------------------------------------------------------------------

    def collect(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for spec in self.FIELDS:
            field = self.query_one(f"#f-{spec.name}")
            assert isinstance(field, FieldWidget)  # what _field makes
            value = field.text if isinstance(field, TextArea) else field.value
            values[spec.name] = None if value is Select.NULL else value
        return values

    def save(self, values: dict[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    @contextmanager
    def versioned(self) -> Iterator[int | None]:
        """The version of the record the form was opened with (initial_values' "version"),
        for an update to pass back. Refused because someone else saved in between, the
        form takes their version: saving again is then a choice made after seeing theirs."""
        try:
            yield self.initial.get("version")
        except ChangedElsewhere as exc:
            if exc.version is not None:
                self.initial["version"] = exc.version
            raise

    # ---- actions ------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        for spec in self.FIELDS:
            err = self.query_one(f"#e-{spec.name}", Static)
            err.update("")
            err.display = False
        try:
            result = self.save(self.collect())
        except ValidationFailed as exc:
            self._show_errors(exc)
            return
        except ChangedElsewhere as exc:  # theirs in full: str() stays fit for a log
            self.query_one("#form-errors", Static).update(escape(f"Not saved: {exc.in_full}"))
            return
        except CaseworkerError as exc:
            self.query_one("#form-errors", Static).update(plain(f"Not saved: {exc}"))
            return
        self.discard_draft()
        self.dismiss(result)

    def _show_errors(self, exc: ValidationFailed) -> None:
        n = len(exc.errors)
        summary = f"Not saved: {n} thing{'s' if n != 1 else ''} to fix. " + "; ".join(
            str(e) for e in exc.errors[:3]
        )
        self.query_one("#form-errors", Static).update(plain(summary))
        # An error about the form as a whole (no field of its own) is in the summary only.
        shown = {spec.name for spec in self.FIELDS}
        named = [e for e in exc.errors if e.field in shown]
        for err in named:
            line = self.query_one(f"#e-{err.field}", Static)
            line.update(plain(f"↑ {err.label} {err.message}"))
            line.display = True
        if named:
            first = self.query_one(f"#f-{named[0].field}")
            self.set_focus(first)
            first.scroll_visible()

    def action_cancel(self) -> None:
        if not self.is_dirty():
            self.discard_draft()
            self.dismiss(None)
            return
        from screens.modals.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.discard_draft()
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard what you typed in this form?", "Discard", "Keep editing"),
            answered,
        )
