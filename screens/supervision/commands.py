"""The supervision command, from any screen (the palette lists it everywhere) - a mixin of
CaseworkerApp."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from screens.app_commands import AppCommands

SUPERVISION_BINDINGS: list[BindingType] = [
    Binding(
        "f3",
        "app.supervision",
        "Supervision",
        show=False,
        tooltip="Supervision: the caseload review, the session, sign-off and the pack",
        id="app.supervision",
    ),
]


class SupervisionCommands(AppCommands):
    APP_BINDINGS = SUPERVISION_BINDINGS

    def action_supervision(self) -> None:
        from screens.supervision.screen import SupervisionScreen

        if self.db is None:
            self.when_open(self.action_supervision)
            return
        if not isinstance(self.screen, SupervisionScreen):
            self.push_screen(SupervisionScreen())
