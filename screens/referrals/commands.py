"""The referrals' commands, from any screen (the palette lists them everywhere):
"Referrals" for the client on screen and "Record a referral" - a mixin of CaseworkerApp."""

from __future__ import annotations

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

REFERRAL_BINDINGS: list[BindingType] = [
    Binding("ctrl+r", "app.referrals", "Referrals", show=False,
            tooltip="Referrals: made, sent, chased, answered, for the client on screen",
            id="app.referrals"),
    Binding("ctrl+b", "app.record_referral", "Record a referral", show=False,
            tooltip="Record a referral: to an agency, for the client on screen",
            id="app.record_referral"),
]  # fmt: skip


class ReferralCommands(_AppBase):
    def __init_subclass__(cls, **kwargs: Any) -> None:
        # As VisitCommands: Textual gathers BINDINGS from DOMNode classes only, so the app
        # class that mixes this in gets its keys added to its own.
        own = cls.__dict__.get("BINDINGS")
        if own is not None and not any(b in own for b in REFERRAL_BINDINGS):
            cls.BINDINGS = [*own, *REFERRAL_BINDINGS]
        super().__init_subclass__(**kwargs)

    def _referral_client(self, what: str) -> Any:
        chosen = getattr(self.screen, "chosen_client_id", None)
        client_id = chosen() if callable(chosen) else None
        if client_id is None:
            self.notify(f"Open a client (or choose one in a list) to {what}.", markup=False)
        return client_id

    def action_referrals(self) -> None:
        from screens.referrals.screen import ReferralsScreen

        if self.db is None:
            self.when_open(self.action_referrals)
            return
        client_id = self._referral_client("see their referrals")
        if client_id is not None and not isinstance(self.screen, ReferralsScreen):
            self.push_screen(ReferralsScreen(client_id))

    def action_record_referral(self) -> None:
        from screens.referrals.forms import ReferralForm
        from screens.referrals.screen import ReferralsScreen

        if self.db is None:
            self.when_open(self.action_record_referral)
            return
        client_id = self._referral_client("record a referral")
        if client_id is None:
            return

        def saved(result: object) -> None:
            if result and not isinstance(self.screen, ReferralsScreen):
                self.push_screen(ReferralsScreen(client_id))

        self.push_screen(ReferralForm(client_id), saved)
