"""The App: unlock, then the caseload; app-wide keys, the keymap and the command palette."""

from __future__ import annotations

import traceback
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from screens.diary.commands import DiaryCommands
from screens.opening import OpensCaseload
from screens.referrals.commands import ReferralCommands
from screens.referrals.letter_commands import LetterCommands
from screens.settings import KeysFromSettings
from screens.supervision.commands import SupervisionCommands
from screens.unlock.lock import IdleLock
from screens.visits.commands import VisitCommands
from screens.widgets.keys_in_order import KeysInOrder

if TYPE_CHECKING:  # the database layer is imported after the first frame
    import uuid

    from textual.command import Provider
    from textual.driver import Driver
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from caseworker.caseload import Database, FirstPage, Unlocked


def client_finder() -> type[Provider]:
    """The palette's client search, imported when the palette first opens: it brings the
    caseload's wording (and the diary and protocol behind it), which the unlock screen,
    drawn first, does not need."""
    from screens.caseload.finder import ClientFinder

    return ClientFinder


class CaseworkerApp(
    KeysInOrder,
    KeysFromSettings,
    DiaryCommands,
    VisitCommands,
    LetterCommands,
    ReferralCommands,
    SupervisionCommands,
    OpensCaseload,
    App[None],
):
    # Absolute, so subclasses defined elsewhere (tests, benchmark) find it too.
    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"
    TITLE = "caseworker"
    COMMANDS = App.COMMANDS | {client_finder}
    # The keys that work everywhere (a dialog gets only the priority ones, so forms bind
    # their own "app.help"). These replace Textual's own, which have no ids.
    BINDINGS = [
        Binding("question_mark,f1", "app.help", "Help", tooltip="Help for this screen: what it "
                "is for and every key it answers to", id="app.help"),
        Binding("ctrl+q", "app.quit", "Quit", show=False, priority=True,
                tooltip="Leave caseworker (asks first if a form holds typing)", id="app.quit"),
        Binding("ctrl+p", "app.command_palette", "Commands", show=False, priority=True,
                tooltip="This screen's commands, and open any client by name", id="app.palette"),
        Binding("ctrl+c", "app.help_quit", "How to quit", show=False, system=True,
                id="app.help_quit"),
        Binding("ctrl+d", "app.diary('today')", "Diary", show=False,
                tooltip="Diary: what is due today, this week, overdue", id="app.diary"),
        Binding("ctrl+o", "app.diary('overdue')", "Overdue items", show=False,
                tooltip="Overdue items: everything overdue in the diary", id="app.overdue"),
        Binding("ctrl+g", "app.record_meeting", "Record a meeting", show=False,
                tooltip="Record a meeting (or review) held, for the client on screen",
                id="app.record_meeting"),
        Binding("ctrl+l", "app.lock", "Lock", show=False, priority=True,
                tooltip="Lock now: back to the unlock screen, your work kept as it is "
                "(the app also locks itself after the idle minutes of settings.toml)",
                id="app.lock"),
    ]  # fmt: skip
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        *,
        db: Database | None = None,
        data_dir: Path | None = None,
        passphrase: str | None = None,
        data_key: Future[Unlocked] | None = None,
        first_page: Future[FirstPage | None] | None = None,
        demo: bool = False,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.data_key = data_key
        self.first_page_ahead = first_page
        self.data_dir = data_dir
        self.initial_passphrase = passphrase
        self.demo = demo
        self._today = today
        # What is wrong with settings.toml, if anything (also shown when the app starts).
        self.settings_problems: list[str] = []
        self.idle = IdleLock(self)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform, reading the terminal leniently on Linux and
        macOS (screens.terminal: a byte that is not UTF-8 never stops the app)."""
        from textual.drivers.linux_driver import LinuxDriver

        driver = super().get_driver_class()
        if driver is LinuxDriver:
            from screens.terminal import LenientLinuxDriver

            return LenientLinuxDriver
        return driver

    @property
    def today(self) -> date:
        return self._today or date.today()

    def require_db(self) -> Database:
        """The open caseload, for the screens that work on it (all but the unlock screen):
        CaseloadLocked if it is not (locked under a worker's read, which then stops)."""
        from caseworker.core.errors import CaseloadLocked  # light: no database code

        if self.db is None:
            raise CaseloadLocked()
        return self.db

    def _on_server(self) -> bool:
        from caseworker.core.paths import database_url  # light: paths imports no database code

        return database_url() is not None  # no key file, no passphrase

    def _opens_initially(self) -> bool:
        """The passphrase was given up front (CASEWORKER_PASSPHRASE) or the caseload is on
        a server: the caseload screen now, its rows once the key is unwrapped, the database
        layer after those are drawn."""
        return (
            self.db is None
            and self.data_dir is not None
            and bool(self.initial_passphrase or self._on_server())
        )

    def get_default_screen(self) -> Screen:
        """The caseload screen itself when it is what starts (the caseload given, or its
        passphrase): made with the app as a bare app's widgets are, not pushed over an
        empty screen after it, which costs the start-up a screen's styling and frames."""
        if self.db is not None or self._opens_initially():
            from screens.caseload.screen import CaseloadScreen

            service = "" if self.db is None else self._title_of(self.db)
            return CaseloadScreen(service)
        return super().get_default_screen()

    def on_mount(self) -> None:
        self._apply_settings()
        self.idle.start(self.idle.minutes)
        if self._opens_initially():
            assert self.data_dir is not None
            self._open_initially(self.data_dir, self._on_server())
        elif self.db is not None:
            self._caseload_is_open()
        else:
            from screens.unlock.screen import UnlockScreen

            self.push_screen(UnlockScreen())

    def unlocked(self, db: Database) -> None:
        if self.idle.locked:
            self.idle.unlocked(db)  # back where the worker was
            self._show_who(db)  # whoever unlocked: perhaps not who locked
            return
        self.db = db
        waiting = self._caseload_screen()
        if waiting is None:
            self.show_caseload()
        else:  # the passphrase given up front was not right: the screen below was waiting
            self.pop_screen()
            waiting.database_open(self._title_of(db))
            self._caseload_is_open()
        self._warm_up_record()

    @work(thread=True, exclusive=True, group="warm-up")
    def _warm_up_record(self) -> None:
        # The caseload is up: import the client record's screen and what it reads with
        # now, with one record's reads, so that the first client opened shows at once;
        # then its screen is built ahead (on_worker_state_changed).
        import screens.record.kept  # noqa: F401
        from screens.record.loading import warm_up

        if self.db is not None:
            warm_up(self.db, self.today)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "warm-up" and event.state == WorkerState.SUCCESS:
            from screens.record.kept import keep_ahead

            keep_ahead(self)

    async def on_event(self, event: events.Event) -> None:
        # Every key, click and paste, whichever screen it goes to, is the worker still there.
        if isinstance(event, events.InputEvent | events.Paste) and not event.is_forwarded:
            self.idle.activity()
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "lock":
            return self.idle.can_lock()  # nothing open to lock: not offered at all
        return True

    def action_lock(self) -> None:
        self.idle.lock()

    def show_caseload(self) -> None:
        """The caseload screen: of the open caseload, or (not open yet) waiting for it."""
        from screens.caseload.screen import CaseloadScreen
        from screens.unlock.screen import UnlockScreen

        service = "" if self.db is None else self._title_of(self.db)
        screen = CaseloadScreen(service)
        if isinstance(self.screen, UnlockScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if self.db is not None:
            self._caseload_is_open()

    def _title_of(self, db: Database) -> str:
        from caseworker.caseload import person_at_keyboard, service_name

        return self._service_title(service_name(db), person_at_keyboard(db))

    def _show_who(self, db: Database) -> None:
        screen = self._caseload_screen()
        if screen is not None:
            screen.sub_title = self._title_of(db)

    def _caseload_is_open(self) -> None:
        """Once the caseload is open: what the worker must know before anything else."""
        from screens.modals.drafts import offer_drafts

        self._warn_if_protocol_broken()
        offer_drafts(self)  # what a kill or a crash left unsaved

    def _warn_if_protocol_broken(self) -> None:
        """A service's protocol.toml that cannot be read: the caseload still opens (nothing
        is lost), but due dates cannot be worked out, so saving what they depend on is
        refused. Say so at once, not at the first refused save."""
        from caseworker.content import load_protocol
        from caseworker.core.errors import ContentFileError

        try:
            load_protocol()  # cached: the due dates read it anyway, so no extra work
        except ContentFileError as exc:
            self.notify(
                f"{exc}\nUntil this file is fixed, due dates are not updated and saving "
                "a client, a child or a screening is refused (caseworker protocol shows the file).",
                title="The local protocol cannot be read",
                severity="error",
                timeout=60,
                markup=False,
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text, whoever sends it: a message may quote what a
        worker typed (an error naming a value, a name), which must never be read as markup.
        Screens' notify() comes here too."""
        from screens.widgets.text import shown

        del markup  # nothing the app says is styled with markup
        super().notify(
            shown(message), title=shown(title), severity=severity, timeout=timeout, markup=False
        )

    def open_client(
        self, client_id: uuid.UUID, section: str | None = None, *, at_once: bool = False
    ) -> None:
        """The client's record on screen: once its summary is read (see
        screens.record.kept), or ``at_once`` for a caller that pushes a screen over it."""
        from screens.record.kept import open_record

        open_record(self, client_id, section, at_once=at_once)

    async def action_quit(self) -> None:
        """Ctrl+Q: never lose typing silently (screens save as they go; forms do not)."""
        from screens.modals.confirm import ConfirmScreen
        from screens.widgets.form import FormScreen

        # Any form of the stack: one may be under a dialog, or under the unlock screen
        # (which kept their drafts as it locked, while the caseload was still open).
        dirty = [s for s in self.screen_stack if isinstance(s, FormScreen) and s.is_dirty()]
        if dirty:
            if self.db is not None:
                for form in dirty:
                    form.keep_draft_now()  # a demo caseload is deleted on quit: its drafts too
            question = (
                "Quit and lose what you typed in this form?"
                if self.demo
                else "Quit? What you typed in this form is kept as a draft, offered when "
                "caseworker next opens."
            )

            self.push_screen(ConfirmScreen(question, "Quit", "Keep editing"), self._quit_if)
            return
        # A screen part-way through something (a questionnaire) says what to ask first.
        asks = getattr(self.screen, "quit_question", None)
        ask: str | None = asks() if callable(asks) else None
        if ask:
            self.push_screen(ConfirmScreen(ask, "Quit", "Stay"), self._quit_if)
            return
        self.exit()

    def _quit_if(self, leave: bool | None) -> None:
        if leave:
            self.exit()

    def action_help(self) -> None:
        from screens.modals.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def _handle_exception(self, error: Exception) -> None:
        if self.idle.closed_under_a_read(error):
            return  # a worker's read the lock closed the caseload under: read again after
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """An unexpected error: say where, never what. Textual's own report prints the
        exception message and local variables, which would put client data on screen
        and into whatever captures the terminal."""
        import sys

        from rich.text import Text

        exc_type, _, tb = sys.exc_info()
        if exc_type is None and self._exception is not None:
            exc_type, tb = type(self._exception), self._exception.__traceback__
        frames = traceback.extract_tb(tb) if tb else []
        where = "; ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames[-3:])
        name = exc_type.__name__ if exc_type else "error"
        from screens.crash import write_crash_report

        report = write_crash_report(name, frames)
        self.bell()
        self._exit_renderables.append(
            Text(
                f"caseworker stopped on an unexpected error ({name} at {where or 'unknown'}).\n"
                "Everything saved before it is safe. Please send "
                + (f"the report {report}" if report else "this message")
                + ": it holds no client data."
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
    data_key: Future[Unlocked] | None = None,
    first_page: Future[FirstPage | None] | None = None,
    demo: bool = False,
) -> int:
    """Run the app; its exit code (1 after an unexpected error, so a crash never looks
    like a normal quit to a script or a shell)."""
    app = CaseworkerApp(
        db=db,
        data_dir=data_dir,
        passphrase=passphrase,
        data_key=data_key,
        first_page=first_page,
        demo=demo,
    )
    app.run()
    return app.return_code or 0
