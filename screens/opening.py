"""Opening the caseload when the passphrase was given up front: the caseload screen at
once, its first page read with the raw driver, then the database layer loaded and handed
over to. A key pressed meanwhile that needs the database (new client, the diary) is done
once it is open, and the keys typed after it wait for it (when_open). A mixin of
CaseworkerApp, kept apart so the App stays small."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

if TYPE_CHECKING:
    import threading

    from textual.app import App

    from caseworker.caseload import Database, FirstPage, Unlocked
    from screens.caseload.screen import CaseloadScreen

    class _AppBase(App[Any]):
        db: Database | None
        data_key: Future[Unlocked] | None
        first_page_ahead: Future[FirstPage | None] | None
        initial_passphrase: str | None
        demo: bool

        @property
        def today(self) -> date: ...
        def _caseload_is_open(self) -> None: ...
        def _warm_up_record(self) -> Any: ...  # a worker
        def hold_keys(self) -> None: ...  # screens.widgets.keys_in_order
        def release_keys(self, *, drop: bool = False) -> None: ...
else:
    _AppBase = object


class OpensCaseload(_AppBase):
    # The passphrase was given up front and the caseload is being opened; what keys
    # pressed meanwhile asked for, to do once it is open.
    _opening = False
    _when_open: tuple[Callable[[], object], ...] = ()

    def _open_initially(self, data_dir: Path, server: bool) -> None:
        self._opening, self._when_open = True, ()
        self._open_in_thread(data_dir, server)

    def when_open(self, action: Callable[[], object]) -> None:
        """A key that needs the database was pressed: do what it asks now, or, while the
        caseload is still opening (its first page drawn before the database layer is
        loaded), once it is open; the keys typed after it wait until then, so that
        "n" then "Anna" at once puts "Anna" into the new client's form. Not open and not
        opening (the unlock screen): nothing to do, and the keys go on as typed."""
        if self.db is not None:
            action()
        elif self._opening:
            self._when_open = (*self._when_open, action)
            self.hold_keys()

    def _done_opening(self, *, run: bool) -> None:
        """The open is over. It opened (``run``): do what was asked meanwhile, and let the
        keys waiting for it go to what is now on top. It did not: what they were typed
        for never opens, so they go nowhere (not into the passphrase box now shown)."""
        actions, self._when_open, self._opening = self._when_open, (), False
        try:
            for action in actions if run else ():
                action()
        finally:
            self.release_keys(drop=not run)

    @work(thread=True, exclusive=True, group="open")
    def _open_in_thread(self, data_dir: Path, server: bool) -> None:
        """Open with the passphrase given up front, using the key the CLI is already
        unwrapping if it started that. First the first page, read with the raw driver
        (a few milliseconds, no ORM), shown at once; then, once that is on screen, the
        database layer is imported and opened (a few hundred milliseconds) and the
        caseload screen hands over to it. Any failure goes to the unlock screen, which
        says what went wrong."""
        import threading

        from caseworker.caseload import (
            open_caseload,
            person_at_keyboard,
            read_first_page,
            service_name,
            unwrap_key,
        )
        from caseworker.core.errors import CaseworkerError, WrongPassphrase

        # Not kept for later: after a lock, the worker types it again. (Python cannot wipe
        # a str; CASEWORKER_PASSPHRASE stays in the environment too.)
        given, self.initial_passphrase = self.initial_passphrase, None
        try:
            key: bytes | None = None
            person = None  # whose passphrase it was: the caseload opens as them
            if not server:
                future, ahead = self.data_key, self.first_page_ahead
                if future is None:
                    assert given is not None
                    # As open_ahead: the app is starting, Argon2 keeps off its core.
                    future = unwrap_key(data_dir, given, threads=1)
                self.data_key = self.first_page_ahead = None
                unlocked = future.result()
                key, person = unlocked.data_key, unlocked.person_id
                # Read already by the command line, as the key came (caseload.open_ahead).
                first = ahead.result() if ahead else read_first_page(data_dir, key, self.today)
                if first is not None:
                    drawn = threading.Event()
                    self.call_from_thread(self._show_first_page, first, drawn)
                    # Importing holds the interpreter: let the rows reach the screen first.
                    drawn.wait(timeout=2)
            # The passphrase too: where no key file says who it is (a server), it does.
            db = open_caseload(data_dir, given, data_key=key, person_id=person)
            service = self._service_title(service_name(db), person_at_keyboard(db))
        except WrongPassphrase:
            message = (
                "The passphrase in CASEWORKER_PASSPHRASE is not right. Type it here."
                if given
                else "Type your passphrase to open the caseload."
            )
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
            self._done_opening(run=False)
            return
        self.db = db
        screen = self._caseload_screen()
        if screen is not None:
            screen.database_open(service)
        self._caseload_is_open()
        self._warm_up_record()
        # Last, so that what was asked for is on top (over any offer of drafts left).
        self._done_opening(run=True)

    def _unlock_instead(self, message: str) -> None:
        """Over the caseload screen that was waiting (replacing it within a frame would
        leave its Header's title watcher looking for a widget already gone)."""
        from screens.unlock.screen import UnlockScreen

        self.push_screen(UnlockScreen(message))
        self._done_opening(run=False)

    def _service_title(self, service: str, person: str = "") -> str:
        """The caseload screen's sub-title: the service, and who is at the keyboard (each
        person on a caseload unlocks with their own passphrase, and works as themselves)."""
        if self.demo:
            return "DEMO: throwaway data, deleted on quit"
        return f"{service} · {person}" if person else service
