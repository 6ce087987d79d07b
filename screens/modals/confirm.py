"""Small modal dialogs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from screens.keys import key_for
from screens.widgets.screen import Dialog
from screens.widgets.text import escape, plain


class ConfirmScreen(Dialog[bool]):
    """Yes/no before anything destructive (leaving the dialog is no)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), classes="question")
            with Horizontal(classes="buttons"):
                yes, no = key_for(self, "confirm.yes"), key_for(self, "confirm.no")
                yield Button(escape(f"{self.yes} ({yes})"), id="yes", variant="error")
                yield Button(escape(f"{self.no} ({no})"), id="no", variant="primary")

    def on_mount(self) -> None:
        # At once, not .focus(): that is queued behind the keys already read, and an Enter
        # typed straight after the key that asked (Escape in a form) pressed the first
        # button, "Discard", before the focus came to the default.
        self.set_focus(self.query_one("#no", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
