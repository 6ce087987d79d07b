"""Help for the current screen: what it is for, and every key it answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GLOBAL_KEYS = [
    ("ctrl+p", "Command palette: the app's commands, and open any client by name"),
    ("? / F1", "This help (in a form, F1: there ? is typed)"),
    ("Esc", "Back / close"),
    ("Tab / Shift+Tab", "Move between fields and lists"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def __init__(self, about: Screen) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        text = getattr(self.about, "HELP", "") or "No help written for this screen yet."
        # Reflow paragraphs: the source wraps at 80, the dialog is narrower.
        text = "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))
        lines = []
        for key, b in self._bindings_of(self.about):
            lines.append(f"  {key:<16} {b}")
        keys = "\n".join(lines)
        glob = "\n".join(f"  {k:<16} {d}" for k, d in GLOBAL_KEYS)
        title = (
            getattr(self.about, "HELP_TITLE", None)
            or getattr(self.about, "FORM_TITLE", None)
            or self.about.__class__.__name__.replace("Screen", "")
        )
        with Vertical(classes="dialog help"):
            yield Static(f"Help: {title}", classes="title")
            with VerticalScroll():
                yield Static(text)
                yield Static("Keys on this screen", classes="subtitle")
                yield Static(keys or "  (none)")
                yield Static("Keys everywhere", classes="subtitle")
                yield Static(glob)
            yield Static("Esc closes this help", classes="hint")

    @staticmethod
    def _bindings_of(screen: Screen) -> list[tuple[str, str]]:
        seen: list[tuple[str, str]] = []
        for b in getattr(screen, "BINDINGS", []):
            if not isinstance(b, Binding) or not b.description:
                continue
            key = b.key_display or b.key.split(",")[0]
            key = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter"}.get(
                key, key
            )
            seen.append((key, b.description))
        return seen
