"""Unlock: the passphrase opens the key file; a wrong one gets a message and another try."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.css.query import NoMatches
from textual.widgets import Input, Label, Static

from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen
from screens.widgets.text import plain

HELP = """\
Type the passphrase you chose when this caseload was set up.

The caseload is encrypted on disk; without the passphrase nobody can read it,
including you. If you have forgotten it, ask your service's administrator for
the last backup: the passphrase cannot be recovered.

After a lock (the lock key, or the idle minutes of settings.toml) the caseload
is closed and its key dropped from memory; whatever you had open is kept as it
was, behind this screen, and comes back when the passphrase is typed again.
"""


class UnlockScreen(AppScreen):
    HELP = HELP
    BINDINGS = [
        # The app's own quit key, shown here: the one way out before the caseload opens.
        Binding("ctrl+q", "app.quit", "Quit", priority=True,
                tooltip="Leave caseworker", id="app.quit"),
    ]  # fmt: skip

    def __init__(self, message: str = "", *, locked: bool = False) -> None:
        super().__init__()
        self._message = message
        self.locked = locked  # over the worker's open screens, after a lock

    def compose(self) -> ComposeResult:
        # No Header here: this screen is often replaced within a frame, and Header's
        # title watcher then queries a widget that is already gone.
        yield Static("caseworker", classes="app-title")
        with Center(), Vertical(id="unlock-box"):
            title = "Locked: type your passphrase" if self.locked else "Unlock your caseload"
            yield Static(title, classes="title")
            yield Label("Passphrase")
            yield Input(password=True, id="passphrase", placeholder="passphrase")
            yield Static(plain(self._message), id="unlock-message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        try:
            self.set_focus(self.query_one("#passphrase", Input))
        except NoMatches:
            # The app is closing while this screen still mounts (a quit, a test ending):
            # a screen half taken down has no field to focus.
            return
        # After the first frame: importing now would only delay the screen itself.
        self.call_after_refresh(self._warm_up)

    @work(thread=True)
    def _warm_up(self) -> None:
        # Import the database layer while the worker types the passphrase.
        from caseworker.caseload import load_database_layer

        load_database_layer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value:
            self._try(event.value)

    def _try(self, passphrase: str) -> None:
        self.query_one("#unlock-message", Static).update("Unlocking…")
        self.query_one("#passphrase", Input).disabled = True
        self._unlock(passphrase)

    @work(thread=True, exclusive=True)
    def _unlock(self, passphrase: str) -> None:
        # Argon2 takes a fraction of a second on purpose: keep the UI responsive.
        from caseworker.caseload import open_caseload
        from caseworker.core.errors import CaseworkerError, WrongPassphrase

        app = self.caseworker_app
        if app.data_dir is None:  # the app shows this screen only with a caseload to open
            raise RuntimeError("The unlock screen needs the caseload's data directory.")
        try:
            db = open_caseload(app.data_dir, passphrase)
        except WrongPassphrase:
            app.call_from_thread(self._failed, "That passphrase is not right. Try again.")
        except CaseworkerError as exc:
            app.call_from_thread(self._failed, str(exc))
        else:
            app.call_from_thread(app.unlocked, db)

    def _failed(self, message: str) -> None:
        box = self.query_one("#passphrase", Input)
        box.disabled = False
        box.value = ""
        self.set_focus(box)
        self.query_one("#unlock-message", Static).update(plain(message))
