"""The letters' command, from any screen with a client chosen (the palette lists it
everywhere): "Draft a letter" - a mixin of CaseworkerApp, as VisitCommands is."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.app import App

    from caseworker.caseload import Database

    class _AppBase(App[Any]):
        db: Database | None

        def when_open(self, action: Callable[[], object]) -> None: ...  # screens.opening
else:
    _AppBase = object

LETTER_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+e",
        "app.draft_letter",
        "Draft a letter",
        show=False,
        tooltip="Draft a letter: from a template, filled from the record of the client on screen",
        id="app.draft_letter",
    ),
]


class LetterCommands(_AppBase):
    def __init_subclass__(cls, **kwargs: Any) -> None:
        # As VisitCommands: Textual gathers BINDINGS from DOMNode classes only, so the app
        # class that mixes this in gets its keys added to its own.
        own = cls.__dict__.get("BINDINGS")
        if own is not None and not any(b in own for b in LETTER_BINDINGS):
            cls.BINDINGS = [*own, *LETTER_BINDINGS]
        super().__init_subclass__(**kwargs)

    def action_draft_letter(self) -> None:
        from screens.referrals.letters import ChooseLetterForm, LetterScreen

        if self.db is None:
            self.when_open(self.action_draft_letter)
            return
        chosen = getattr(self.screen, "chosen_client_id", None)
        client_id = chosen() if callable(chosen) else None
        if client_id is None:
            self.notify("Open a client (or choose one in a list) to draft a letter.", markup=False)
            return

        def chosen_letter(result: object) -> None:
            if isinstance(result, tuple):
                template, child_id = result
                assert child_id is None or isinstance(child_id, uuid.UUID)
                self.push_screen(LetterScreen(client_id, template, child_id))

        self.push_screen(ChooseLetterForm(client_id), chosen_letter)
