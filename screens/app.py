"""The App: unlock, then the caseload; app-wide keys and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from screens.caseload.finder import ClientFinder

if TYPE_CHECKING:  # the database layer is imported while the unlock screen is up
    from caseworker.caseload import Database


class CaseworkerApp(App[None]):
    # Absolute, so subclasses defined elsewhere (tests, benchmark) find it too.
    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"
    TITLE = "caseworker"
    COMMANDS = App.COMMANDS | {ClientFinder}
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
    ]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        *,
        db: Database | None = None,
        data_dir: Path | None = None,
        passphrase: str | None = None,
        data_key: Future[bytes] | None = None,
        demo: bool = False,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.data_key = data_key
        self.data_dir = data_dir
        self.initial_passphrase = passphrase
        self.demo = demo
        self._today = today

    @property
    def today(self) -> date:
        return self._today or date.today()

    def on_mount(self) -> None:
        from caseworker.core.paths import database_url  # light: paths imports no database code

        message = ""
        server = database_url() is not None  # no key file, no passphrase
        if self.db is None and self.data_dir is not None and (self.initial_passphrase or server):
            self.db, message = self._open_with_initial_passphrase()
        if self.db is not None:
            self.show_caseload()
        else:
            from screens.unlock.screen import UnlockScreen

            self.push_screen(UnlockScreen(message))

    def _open_with_initial_passphrase(self) -> tuple[Database | None, str]:
        """Passphrase given up front (CASEWORKER_PASSPHRASE): open straight into the
        caseload, using the key already being unwrapped if the CLI started that. Any
        failure falls back to the unlock screen, which says what went wrong."""
        from caseworker.caseload import open_caseload, unwrap_key
        from caseworker.core.errors import CaseworkerError, WrongPassphrase
        from caseworker.core.paths import database_url

        try:
            if database_url():
                return open_caseload(self.data_dir, None), ""
            future = self.data_key or unwrap_key(self.data_dir, self.initial_passphrase)
            self.data_key = None
            return open_caseload(self.data_dir, None, data_key=future.result()), ""
        except WrongPassphrase:
            return None, "The passphrase in CASEWORKER_PASSPHRASE is not right. Type it here."
        except CaseworkerError as exc:
            return None, str(exc)

    def unlocked(self, db: Database) -> None:
        self.db = db
        self.show_caseload()

    def show_caseload(self) -> None:
        from caseworker.caseload import service_name
        from screens.caseload.screen import CaseloadScreen
        from screens.unlock.screen import UnlockScreen

        service = service_name(self.db)
        if self.demo:
            service = "DEMO: throwaway data, deleted on quit"
        screen = CaseloadScreen(service)
        if isinstance(self.screen, UnlockScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_client(self, client_id) -> None:
        from screens.record.screen import ClientScreen

        self.push_screen(ClientScreen(client_id))

    async def action_quit(self) -> None:
        """Ctrl+Q: never lose typing silently (screens save as they go; forms do not)."""
        from screens.modals.confirm import ConfirmScreen
        from screens.widgets.form import FormScreen

        form = self.screen
        if isinstance(form, FormScreen) and form.is_dirty():

            def answered(leave: bool | None) -> None:
                if leave:
                    self.exit()

            self.push_screen(
                ConfirmScreen("Quit and lose what you typed in this form?", "Quit", "Keep editing"),
                answered,
            )
            return
        self.exit()

    def action_help(self) -> None:
        from screens.modals.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def go_to_caseload(self) -> None:
        from screens.caseload.screen import CaseloadScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, CaseloadScreen):
            self.pop_screen()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from screens.caseload.screen import CaseloadScreen
        from screens.record.screen import ClientScreen

        yield SystemCommand(
            "Help for this screen", "Keys and what they do (? or F1)", self.action_help
        )
        if self.db is None:
            yield SystemCommand("Quit", "Leave caseworker", self.exit)
            return
        yield SystemCommand("Caseload", "Go back to the caseload list", self.go_to_caseload)
        if isinstance(screen, CaseloadScreen):
            yield SystemCommand(
                "New client", "Add a client to the caseload (n)", screen.action_new_client
            )
            yield SystemCommand(
                "Search caseload", "Find by name or alias (/)", screen.action_search
            )
            from caseworker.caseload.page import FILTERS

            for fid, label in FILTERS:
                yield SystemCommand(
                    f"Filter: {label}",
                    "Show only these clients",
                    lambda f=fid: screen.set_filter(f),
                )
        if isinstance(screen, ClientScreen):
            yield SystemCommand(
                "Add child", "Add a child to the register (c)", screen.action_add_child
            )
            yield SystemCommand(
                "Edit profile", "Change the client's details (e)", screen.action_edit_client
            )
            yield SystemCommand(
                "Add household member", "Someone else in the home (h)", screen.action_add_household
            )
            yield SystemCommand(
                "Add professional contact", "An agency involved (n)", screen.action_add_contact
            )
            yield SystemCommand(
                "Record consent",
                "Consent to share with a named recipient (k)",
                screen.action_record_consent,
            )
        yield SystemCommand("Quit", "Leave caseworker", self.exit)

    def _fatal_error(self) -> None:
        """An unexpected error: say where, never what. Textual's own report prints the
        exception message and local variables, which would put client data on screen
        and into whatever captures the terminal."""
        import sys
        import traceback

        from rich.text import Text

        exc_type, _, tb = sys.exc_info()
        if exc_type is None and self._exception is not None:
            exc_type, tb = type(self._exception), self._exception.__traceback__
        frames = traceback.extract_tb(tb)[-3:] if tb else []
        where = "; ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames)
        name = exc_type.__name__ if exc_type else "error"
        self.bell()
        self._exit_renderables.append(
            Text(
                f"caseworker stopped on an unexpected error ({name} at {where or 'unknown'}).\n"
                "Everything saved before it is safe. Please report this message: it holds "
                "no client data."
            )
        )
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        if self.db is not None:
            self.db.close()


def run_app(
    *,
    db: Database | None = None,
    data_dir: Path | None = None,
    passphrase: str | None = None,
    data_key: Future[bytes] | None = None,
    demo: bool = False,
) -> None:
    CaseworkerApp(
        db=db, data_dir=data_dir, passphrase=passphrase, data_key=data_key, demo=demo
    ).run()
