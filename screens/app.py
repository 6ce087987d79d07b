"""The App: unlock, then the caseload; app-wide keys, the keymap and the command palette."""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable
from concurrent.futures import Future
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from screens.caseload.finder import ClientFinder

if TYPE_CHECKING:  # the database layer is imported after the first frame
    import threading
    import uuid

    from caseworker.caseload import Database, FirstPage
    from screens.caseload.screen import CaseloadScreen


class CaseworkerApp(App[None]):
    # Absolute, so subclasses defined elsewhere (tests, benchmark) find it too.
    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"
    TITLE = "caseworker"
    COMMANDS = App.COMMANDS | {ClientFinder}
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
    ]  # fmt: skip
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
        # What is wrong with settings.toml, if anything (also shown when the app starts).
        self.settings_problems: list[str] = []

    @property
    def today(self) -> date:
        return self._today or date.today()

    def require_db(self) -> Database:
        """The open caseload, for the screens that work on it (all but the unlock screen)."""
        if self.db is None:
            raise RuntimeError("No caseload is open: unlock it before showing this screen.")
        return self.db

    def on_mount(self) -> None:
        from caseworker.core.paths import database_url  # light: paths imports no database code

        self._apply_settings()
        server = database_url() is not None  # no key file, no passphrase
        if self.db is None and self.data_dir is not None and (self.initial_passphrase or server):
            # Passphrase given up front (CASEWORKER_PASSPHRASE): the caseload screen now,
            # its rows once the key is unwrapped, the database layer after those are drawn.
            self.show_caseload()
            self._open_initially(self.data_dir, server)
        elif self.db is not None:
            self.show_caseload()
        else:
            from screens.unlock.screen import UnlockScreen

            self.push_screen(UnlockScreen())

    @work(thread=True, exclusive=True, group="open")
    def _open_initially(self, data_dir: Path, server: bool) -> None:
        """Open with the passphrase given up front, using the key the CLI is already
        unwrapping if it started that. First the first page, read with the raw driver
        (a few milliseconds, no ORM), shown at once; then, once that is on screen, the
        database layer is imported and opened (a few hundred milliseconds) and the
        caseload screen hands over to it. Any failure goes to the unlock screen, which
        says what went wrong."""
        import threading

        from caseworker.caseload import open_caseload, read_first_page, service_name, unwrap_key
        from caseworker.core.errors import CaseworkerError, WrongPassphrase

        try:
            key: bytes | None = None
            if not server:
                future = self.data_key
                if future is None:
                    assert self.initial_passphrase is not None
                    future = unwrap_key(data_dir, self.initial_passphrase)
                self.data_key = None
                key = future.result()
                first = read_first_page(data_dir, key, self.today)
                if first is not None:
                    drawn = threading.Event()
                    self.call_from_thread(self._show_first_page, first, drawn)
                    # Importing holds the interpreter: let the rows reach the screen first.
                    drawn.wait(timeout=2)
            db = open_caseload(data_dir, None, data_key=key)
            service = service_name(db)
        except WrongPassphrase:
            message = "The passphrase in CASEWORKER_PASSPHRASE is not right. Type it here."
            self.call_from_thread(self._unlock_instead, message)
        except CaseworkerError as exc:
            self.call_from_thread(self._unlock_instead, str(exc))
        else:
            try:
                self.call_from_thread(self._opened, db, service)
            except RuntimeError:  # the app has already gone (quit while opening)
                db.close()

    def _caseload_screen(self) -> CaseloadScreen | None:
        from screens.caseload.screen import CaseloadScreen

        for screen in self.screen_stack:
            if isinstance(screen, CaseloadScreen):
                return screen
        return None

    def _show_first_page(self, first: FirstPage, drawn: threading.Event) -> None:
        screen = self._caseload_screen()
        if screen is None:
            drawn.set()
            return
        screen.show_first_page(first.page, self._service_title(first.service_name))
        self.call_after_refresh(drawn.set)

    def _opened(self, db: Database, service: str) -> None:
        if self.db is not None:  # the app closed it meanwhile, or was given one
            return
        self.db = db
        screen = self._caseload_screen()
        if screen is not None:
            screen.database_open(self._service_title(service))
        self._warn_if_protocol_broken()
        self._warm_up_record()

    def _unlock_instead(self, message: str) -> None:
        """Over the caseload screen that was waiting (replacing it within a frame would
        leave its Header's title watcher looking for a widget already gone)."""
        from screens.unlock.screen import UnlockScreen

        self.push_screen(UnlockScreen(message))

    def _service_title(self, service: str) -> str:
        return "DEMO: throwaway data, deleted on quit" if self.demo else service

    def unlocked(self, db: Database) -> None:
        from caseworker.caseload import service_name

        self.db = db
        waiting = self._caseload_screen()
        if waiting is None:
            self.show_caseload()
        else:  # the passphrase given up front was not right: the screen below was waiting
            self.pop_screen()
            waiting.database_open(self._service_title(service_name(db)))
            self._warn_if_protocol_broken()
        self._warm_up_record()

    @work(thread=True, exclusive=True, group="warm-up")
    def _warm_up_record(self) -> None:
        # The caseload is up: import the client record's screen and what it reads with
        # now, so that the first client opened shows at once.
        import screens.record.screen  # noqa: F401

    def show_caseload(self) -> None:
        """The caseload screen: of the open caseload, or (not open yet) waiting for it."""
        from screens.caseload.screen import CaseloadScreen
        from screens.unlock.screen import UnlockScreen

        service = ""
        if self.db is not None:
            from caseworker.caseload import service_name

            service = self._service_title(service_name(self.db))
        screen = CaseloadScreen(service)
        if isinstance(self.screen, UnlockScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if self.db is not None:
            self._warn_if_protocol_broken()

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

    def open_client(self, client_id: uuid.UUID) -> None:
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

    # ---- keys: the keymap, and the palette made from the bindings -------------------------

    def _apply_settings(self) -> None:
        """The keymap of settings.toml, before any screen shows. A broken file never stops
        the app: it starts with the default keys and says what is wrong."""
        from caseworker.content import load_settings
        from caseworker.core.errors import ContentFileError
        from screens.keys import keymap_of

        try:
            settings = load_settings()
        except ContentFileError as exc:
            self._report_settings(f"Settings not used (the default keys apply). {exc}")
            return
        if not settings.keymap:
            return
        self.set_keymap(settings.keymap)
        keymap = keymap_of(self)  # as Textual normalised it ("?" -> "question_mark")
        if "app.palette" in keymap:  # the footer finds the palette's key by this name
            # On this app, not the class (Textual types it a ClassVar): the Footer reads it
            # through the app, and other apps in the process (tests) keep the default.
            palette_key = keymap["app.palette"].split(",")[0]
            self.COMMAND_PALETTE_BINDING = palette_key  # type: ignore[misc]
        self._check_keymap(keymap, str(settings.path))

    @work(thread=True, exclusive=True, group="settings")
    def _check_keymap(self, keymap: dict[str, str], path: str) -> None:
        # On a thread: knowing every id means importing every screen, which the unlock
        # screen should not wait for.
        from screens.keys import binding_classes, bindings_by_id

        unknown = sorted(set(keymap) - set(bindings_by_id()))
        if unknown:
            names = ", ".join(repr(u) for u in unknown)
            self.call_from_thread(
                self._report_settings,
                f"{path}: [keymap] names {names}, which no screen has; the other keys are "
                "used. Each screen's help lists its keys with their ids.",
            )
        # A key moved onto one that another action of the same screen had takes it away.
        lost: set[str] = set()
        for cls in binding_classes():
            bindings = cls._merge_bindings()
            before = {b.id for _, b in bindings if b.id}
            bindings.apply_keymap(keymap)
            lost |= before - {b.id for _, b in bindings if b.id}
        if lost:
            names = ", ".join(repr(i) for i in sorted(lost))
            self.call_from_thread(
                self._report_settings,
                f"{path}: [keymap] gives the key of {names} to another action on the same "
                "screen, which leaves it without a key.",
            )

    def _report_settings(self, message: str) -> None:
        self.settings_problems.append(message)
        self.notify(message, title="settings.toml", severity="error", timeout=20, markup=False)

    def get_key_display(self, binding: Binding) -> str:
        from screens.keys import key_display

        return binding.key_display or key_display(binding.key)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: every key of this screen (and the app's) whose action can run now."""
        from screens.keys import keys_of

        for key in keys_of(screen):
            if key.enabled is not True or key.system or key.id == "app.palette":
                continue
            run = partial(self.run_action, key.action, key.namespace)
            yield SystemCommand(key.title, f"{key.display} · {key.description}", run)

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


def write_crash_report(name: str, frames: list[traceback.FrameSummary]) -> Path | None:
    """Where the error happened, frame by frame: file, line, function and the line of code.
    Never the exception's message or any variable (either may hold client data)."""
    from datetime import UTC, datetime

    from caseworker import __version__
    from caseworker.core.paths import report_dir

    lines = [f"caseworker {__version__}, {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC", name]
    lines += [f"  {f.filename}:{f.lineno} in {f.name}: {(f.line or '').strip()}" for f in frames]
    folder = report_dir()
    path = folder / f"crash-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}.txt"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    except OSError:
        return None  # a read-only home: the message on screen still says where
    return path


def run_app(
    *,
    db: Database | None = None,
    data_dir: Path | None = None,
    passphrase: str | None = None,
    data_key: Future[bytes] | None = None,
    demo: bool = False,
) -> int:
    """Run the app; its exit code (1 after an unexpected error, so a crash never looks
    like a normal quit to a script or a shell)."""
    app = CaseworkerApp(
        db=db, data_dir=data_dir, passphrase=passphrase, data_key=data_key, demo=demo
    )
    app.run()
    return app.return_code or 0
