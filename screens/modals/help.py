"""Help for the current screen: what it is for, and every key it answers to, made from its
bindings (and the app's) as they stand, keymap included: the help cannot drift from the keys."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from screens.keys import Key, key_for, keys_of
from screens.widgets.screen import Dialog
from screens.widgets.text import plain


def help_rows(keys: list[Key]) -> list[tuple[str, str, str]]:
    """(keys, what they do, binding id) per line; a group (the answer keys 1-9) is one line."""
    rows: list[tuple[str, str, str]] = []
    grouped: dict[str, int] = {}
    for key in keys:
        what = key.description
        if key.tooltip.lower().startswith(key.description.lower()):
            what = key.tooltip  # it says the same, and more
        elif key.tooltip:
            what += ": " + key.tooltip[0].lower() + key.tooltip[1:]
        if key.enabled is None:
            what += " (not now)"
        if key.group:
            if key.group in grouped:
                at = grouped[key.group]
                shown, desc, ids = rows[at]
                rows[at] = (f"{shown} {key.display}", desc, f"{ids.split(' ')[0]} …")
                continue
            grouped[key.group] = len(rows)
            what = key.group
        rows.append((key.display, what, key.id))
    return rows


class HelpScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", tooltip="Close the help",
                id="help.close"),
    ]  # fmt: skip

    def __init__(self, about: Screen) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        text = getattr(self.about, "HELP", "") or "No help written for this screen yet."
        # Reflow paragraphs: the source wraps at 80, the dialog is narrower.
        text = "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))
        keys = [k for k in keys_of(self.about) if k.description]
        self.listed = keys  # what this help lists (the tests compare it with the bindings)
        title = (
            getattr(self.about, "HELP_TITLE", None)
            or getattr(self.about, "FORM_TITLE", None)
            or self.about.__class__.__name__.replace("Screen", "")
        )
        with Vertical(classes="dialog help"):
            yield Static(plain(f"Help: {title}"), classes="title")
            with VerticalScroll():
                yield Static(plain(text))
                yield Static("Keys on this screen", classes="subtitle")
                yield Static(self._lines([k for k in keys if not k.everywhere]), id="help-keys")
                yield Static("Keys everywhere", classes="subtitle")
                yield Static(self._lines([k for k in keys if k.everywhere]), id="help-global")
                yield Static(
                    "Any key can be moved in settings.toml, by the id shown beside it.",
                    classes="hint",
                )
            yield Static(plain(f"{key_for(self, 'help.close')} closes this help"), classes="hint")

    @staticmethod
    def _lines(keys: list[Key]) -> Text:
        rows = help_rows(keys)
        if not rows:
            return Text("  (none)")
        # The id on a line of its own: it is what settings.toml names to move the key.
        lines = [
            Text.assemble(f"  {shown:<12} {what}\n", (f"  {'':<12} {ids}", "dim"))
            for shown, what, ids in rows
        ]
        return Text("\n").join(lines)
