"""A validated form in a modal: fields from a spec, errors named beside each field.

The form only collects text and choices; validation and saving happen in
caseworker/ (the subclass's ``save``), which raises ValidationFailed naming
each bad field. Nothing is half-saved: a failed save rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static

from caseworker.core.errors import CaseworkerError, ValidationFailed
from caseworker.core.vocab import Choices
from screens.keys import key_for
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


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: str = "text"  # text | date | select | check
    choices: Choices = ()
    placeholder: str = ""
    # A select the worker must answer: it starts blank rather than on the first option,
    # so nothing (consent, a parental role) is recorded that nobody chose.
    must_choose: bool = False


class FormScreen(Dialog[Any]):
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
        with Horizontal(classes="field-row"):
            yield Label(spec.label, classes="field-label")
            if spec.kind == "check":
                yield YesNo(bool(value), id=wid)
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
                yield Input(str(value or ""), placeholder=placeholder, compact=True,
                            select_on_focus=False, id=wid)  # fmt: skip
        error = Static("", id=f"e-{spec.name}", classes="field-error")
        error.display = False
        yield error

    # The field that takes focus first (default: the first one).
    FIRST_FIELD: str | None = None

    def on_mount(self) -> None:
        if self.FIRST_FIELD:
            self.query_one(f"#f-{self.FIRST_FIELD}").focus()
        else:
            fields = self.query_one("#form-fields").walk_children()
            first = next((w for w in fields if isinstance(w, Input | Select | Checkbox)), None)
            if isinstance(first, Widget):
                first.focus()
        self._baseline = self.collect()

    def is_dirty(self) -> bool:
        return self.collect() != self._baseline

    # ---- values -------------------------------------------------------------------------

    def collect(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for spec in self.FIELDS:
            field = self.query_one(f"#f-{spec.name}")
            assert isinstance(field, Input | Select | Checkbox)  # what _field makes
            value = field.value
            values[spec.name] = None if value is Select.NULL else value
        return values

    def save(self, values: dict[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

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
        except CaseworkerError as exc:
            self.query_one("#form-errors", Static).update(plain(f"Not saved: {exc}"))
            return
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
            first.focus()
            first.scroll_visible()

    def action_cancel(self) -> None:
        if not self.is_dirty():
            self.dismiss(None)
            return
        from screens.modals.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard what you typed in this form?", "Discard", "Keep editing"),
            answered,
        )
