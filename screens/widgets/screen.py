"""What every screen and dialog of the app starts from: the keys they all share, with ids
(see screens.keys), in place of Textual's own, and the app typed (see app_access)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual.app import App
from textual.screen import ModalScreen, Screen

from screens.keys import COMMON_BINDINGS
from screens.widgets.app_access import caseworker_app
from screens.widgets.frames import FramedScreen

if TYPE_CHECKING:
    from caseworker.caseload import Database
    from screens.app import CaseworkerApp

ResultType = TypeVar("ResultType")


class _HasApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


class _OfTheApp:
    """The app, typed, and its open caseload: for screens and dialogs alike."""

    @property
    def caseworker_app(self: _HasApp) -> CaseworkerApp:
        return caseworker_app(self.app)

    @property
    def db(self: _HasApp) -> Database:
        """The open caseload (raises if none is open: only the unlock screen comes first)."""
        return caseworker_app(self.app).require_db()


class AppScreen(_OfTheApp, FramedScreen, Screen):
    BINDINGS = COMMON_BINDINGS

    def tell_read_failed(self, error: Exception) -> None:
        """From a worker thread: the screen's read stopped on ``error``, told as a warning;
        not if the lock closed the caseload under it (the screen reads again when it is
        shown after the unlock: on_screen_resume)."""
        from caseworker.core.errors import CaseloadLocked  # light: no database code

        if not isinstance(error, CaseloadLocked):
            self.app.call_from_thread(self.notify, str(error), severity="warning", markup=False)

    # Set just before a screen above it that changed nothing is popped (the client record
    # built ahead, unseen: screens.record.kept): its on_screen_resume need not read again.
    resume_unchanged = False


class Dialog(_OfTheApp, FramedScreen, ModalScreen[ResultType]):
    BINDINGS = COMMON_BINDINGS
