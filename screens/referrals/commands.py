"""The referrals' commands, from any screen (the palette lists them everywhere):
"Referrals" for the client on screen and "Record a referral" - a mixin of CaseworkerApp."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from screens.app_commands import AppCommands

REFERRAL_BINDINGS: list[BindingType] = [
    Binding("ctrl+r", "app.referrals", "Referrals", show=False,
            tooltip="Referrals: made, sent, chased, answered, for the client on screen",
            id="app.referrals"),
    Binding("ctrl+b", "app.record_referral", "Record a referral", show=False,
            tooltip="Record a referral: to an agency, for the client on screen",
            id="app.record_referral"),
]  # fmt: skip


class ReferralCommands(AppCommands):
    APP_BINDINGS = REFERRAL_BINDINGS

    def action_referrals(self) -> None:
        from screens.referrals.screen import ReferralsScreen

        if self.db is None:
            self.when_open(self.action_referrals)
            return
        client_id = self.chosen_client("see their referrals")
        if client_id is not None and not isinstance(self.screen, ReferralsScreen):
            self.push_screen(ReferralsScreen(client_id))

    def action_record_referral(self) -> None:
        from screens.referrals.forms import ReferralForm
        from screens.referrals.screen import ReferralsScreen

        if self.db is None:
            self.when_open(self.action_record_referral)
            return
        client_id = self.chosen_client("record a referral")
        if client_id is None:
            return

        def saved(result: object) -> None:
            if result and not isinstance(self.screen, ReferralsScreen):
                self.push_screen(ReferralsScreen(client_id))

        self.push_screen(ReferralForm(client_id), saved)
