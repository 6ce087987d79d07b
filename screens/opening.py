"""Opening the caseload when the passphrase was given up front: the caseload screen at
once, its first page read with the raw driver, then the database layer loaded and handed
over to. A mixin of CaseworkerApp, kept apart so the App stays small."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

if TYPE_CHECKING:
    import threading

    from textual.app import App

    from caseworker.caseload import Database, FirstPage
    from screens.caseload.screen import CaseloadScreen

    class _AppBase(App[Any]):
        db: Database | None
        data_key: Future[bytes] | None
        initial_passphrase: str | None
        demo: bool

        @property
        def today(self) -> date: ...
        def _caseload_is_open(self) -> None: ...
        def _warm_up_record(self) -> Any: ...  # a worker
else:
    _AppBase = object


class OpensCaseload(_AppBase):
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
                # Not kept for later: after a lock, the worker types it again. (Python
                # cannot wipe a str; CASEWORKER_PASSPHRASE stays in the environment too.)
                self.initial_passphrase = None
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
        self._caseload_is_open()
        self._warm_up_record()

    def _unlock_instead(self, message: str) -> None:
        """Over the caseload screen that was waiting (replacing it within a frame would
        leave its Header's title watcher looking for a widget already gone)."""
        from screens.unlock.screen import UnlockScreen

        self.push_screen(UnlockScreen(message))

    def _service_title(self, service: str) -> str:
        return "DEMO: throwaway data, deleted on quit" if self.demo else service
