"""What every screen and dialog of the app starts from: the keys they all share, with ids
(see screens.keys), in place of Textual's own, and the app typed (see app_access)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import ModalScreen, Screen

from screens.keys import COMMON_BINDINGS
from screens.widgets.app_access import caseworker_app

if TYPE_CHECKING:
    from caseworker.caseload import Database
    from screens.app import CaseworkerApp

ResultType = TypeVar("ResultType")


class AppScreen(Screen):
    BINDINGS = COMMON_BINDINGS

    @property
    def caseworker_app(self) -> CaseworkerApp:
        return caseworker_app(self.app)

    @property
    def db(self) -> Database:
        """The open caseload (raises if none is open: only the unlock screen comes first)."""
        return self.caseworker_app.require_db()


class Dialog(ModalScreen[ResultType]):
    BINDINGS = COMMON_BINDINGS

    @property
    def caseworker_app(self) -> CaseworkerApp:
        return caseworker_app(self.app)

    @property
    def db(self) -> Database:
        """The open caseload (raises if none is open: only the unlock screen comes first)."""
        return self.caseworker_app.require_db()
