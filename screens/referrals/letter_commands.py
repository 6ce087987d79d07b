"""The letters' command, from any screen with a client chosen (the palette lists it
everywhere): "Draft a letter" - a mixin of CaseworkerApp, as VisitCommands is."""

from __future__ import annotations

import uuid

from textual.binding import Binding, BindingType

from screens.app_commands import AppCommands

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


class LetterCommands(AppCommands):
    APP_BINDINGS = LETTER_BINDINGS

    def action_draft_letter(self) -> None:
        from screens.referrals.letters import ChooseLetterForm, LetterScreen

        if self.db is None:
            self.when_open(self.action_draft_letter)
            return
        client_id = self.chosen_client("draft a letter")
        if client_id is None:
            return

        def chosen_letter(result: object) -> None:
            if isinstance(result, tuple):
                template, child_id = result
                assert child_id is None or isinstance(child_id, uuid.UUID)
                self.push_screen(LetterScreen(client_id, template, child_id))

        self.push_screen(ChooseLetterForm(client_id), chosen_letter)
