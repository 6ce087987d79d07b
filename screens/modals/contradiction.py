"""Before a form saves two facts that disagree: name each one and offer the fix.

The rules are caseworker.people's (Contradiction); this only asks. The answers: use
the fix (where the record answers the question), open the record it may duplicate,
save as typed (the worker knows better: the register may be incomplete), or go back to
the form. Leaving is "back".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from caseworker.people import Contradiction
from screens.keys import key_for
from screens.widgets.footer import Footer
from screens.widgets.screen import Dialog

Answer = Literal["fix", "keep", "open"] | None


class ContradictionDialog(Dialog[Answer]):
    BINDINGS = [
        Binding("f", "answer('fix')", "Use the fix", tooltip="Save with the fix shown",
                id="contradiction.fix"),
        Binding("o", "answer('open')", "Open their record",
                tooltip="Open the record this may be the same as (nothing is saved)",
                id="contradiction.open"),
        Binding("s", "answer('keep')", "Save as typed",
                tooltip="Save as typed: the disagreement stays on the record",
                id="contradiction.keep"),
        Binding("escape", "answer(None)", "Back to the form",
                tooltip="Back to the form to change it", id="contradiction.back"),
    ]  # fmt: skip

    def __init__(self, problems: Sequence[Contradiction]) -> None:
        super().__init__()
        self.problems = list(problems)
        self.fixable = any(p.fix for p in self.problems)
        self.other = next((p.other_client for p in self.problems if p.other_client), None)

    def compose(self) -> ComposeResult:
        n = len(self.problems)
        with Vertical(classes="dialog"):
            yield Static(
                f"{'These do' if n > 1 else 'This does'} not agree with the record:",
                classes="title",
            )
            lines = Text()
            for p in self.problems:
                lines.append("• " + p.message + "\n")
                if p.fix_text:
                    lines.append("  Fix: " + p.fix_text + "\n", style="bold")
            yield Static(lines, id="contradictions", classes="question")
            with Horizontal(classes="buttons"):
                if self.fixable:
                    yield Button(self._label("fix", "Use the fix"), id="fix", variant="primary")
                if self.other is not None:
                    yield Button(self._label("open", "Open their record"), id="open")
                yield Button(self._label("keep", "Save as typed"), id="keep", variant="warning")
                yield Button(self._label("back", "Back to the form"), id="back")
        yield Footer(compact=True)  # its keys, not the form's underneath

    def _label(self, name: str, words: str) -> Text:
        return Text(f"{words} ({key_for(self, f'contradiction.{name}')})")

    def on_mount(self) -> None:
        # At once (see ConfirmScreen): an Enter typed straight after Save presses this one.
        self.set_focus(self.query_one("#fix" if self.fixable else "#back", Button))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters == ("fix",):
            return self.fixable
        if action == "answer" and parameters == ("open",):
            return self.other is not None
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        answer = event.button.id
        self.dismiss(answer if answer in ("fix", "keep", "open") else None)  # type: ignore[arg-type]

    def action_answer(self, answer: Answer) -> None:
        self.dismiss(answer)
