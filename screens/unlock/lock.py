"""The idle lock: after some minutes without a key or the mouse (settings.toml, [lock]
idle_minutes, default 10), or on the lock key, the app goes back to the unlock screen.

The unlock screen is pushed over whatever is open, so nothing behind it is thrown away:
a half-typed form, the record, the caseload's page are all still there, hidden, and the
worker is back among them once the passphrase is typed again. Meanwhile the caseload is
closed and its key dropped (Database.close, forget_key: what Python can and cannot
promise about that is said there), so nothing on screen or in memory gives the caseload
to someone who sits down at an unattended laptop.

A screen that keeps something in memory it would not want to lose if the app were then
quit from the unlock screen (a form's draft) may define ``before_lock()``: it is called
on every screen of the stack, top first, while the caseload is still open.

A read still running in a worker thread when the lock closes the caseload fails with
CaseloadLocked. That is not an error to stop the app for (closed_under_a_read): each
screen reads again when it is shown after the unlock (on_screen_resume).
"""

from __future__ import annotations

from time import monotonic
from typing import TYPE_CHECKING

from textual.timer import Timer

if TYPE_CHECKING:
    from caseworker.caseload import Database
    from screens.app import CaseworkerApp


def _duration(minutes: float) -> str:
    if minutes < 1:
        seconds = round(minutes * 60)
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{minutes:g} minute{'s' if minutes != 1 else ''}"


class IdleLock:
    def __init__(self, app: CaseworkerApp) -> None:
        self.app = app
        self.minutes = 10.0
        self.locked = False
        self._last_activity = monotonic()
        self._timer: Timer | None = None
        self.ticks = 0  # how often idleness was looked at (tests wait on it, not on time)

    def start(self, minutes: float) -> None:
        """Watch for idleness (called once the app is mounted and the settings read)."""
        self.minutes = minutes
        # Often enough to lock within a few seconds of the time, rarely enough to cost nothing.
        every = min(15.0, max(0.1, minutes * 60 / 8))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_interval(every, self._tick, name="idle-lock")

    def activity(self) -> None:
        self._last_activity = monotonic()

    def quiet_for(self) -> float:
        """Seconds since the last key, click or paste."""
        return monotonic() - self._last_activity

    def can_lock(self) -> bool:
        """A caseload is open and can be unlocked again (the demo's passphrase is random
        and never shown, so the demo does not lock: it holds only synthetic people)."""
        app = self.app
        if not app.screen_stack:
            return False  # the app is closing (its timers can fire once more)
        return not self.locked and app.db is not None and app.data_dir is not None

    @staticmethod
    def closed_under_a_read(error: BaseException) -> bool:
        """Whether an error a worker raised is the caseload closed under its read (the
        lock or the quit came while it ran), rather than anything wrong."""
        from textual.worker import WorkerFailed

        from caseworker.core.errors import CaseloadLocked

        return isinstance(error, WorkerFailed) and isinstance(error.error, CaseloadLocked)

    def _tick(self) -> None:
        self.ticks += 1
        if self.app.keys_held:
            return  # a screen is opening (or built ahead, unseen): at the next tick
        if self.can_lock() and monotonic() - self._last_activity >= self.minutes * 60:
            self.lock(f"Locked after {_duration(self.minutes)} without a key pressed.")

    def lock(self, message: str = "Locked.") -> None:
        from screens.unlock.screen import UnlockScreen

        if not self.can_lock():
            return
        app = self.app
        for screen in reversed(app.screen_stack):
            before_lock = getattr(screen, "before_lock", None)
            if callable(before_lock):
                before_lock()
        db, app.db = app.db, None
        self.locked = True
        # First the screen over everything (nothing behind it shows), then the caseload
        # closed: the anchor written, the key forgotten, then every connection closed.
        app.push_screen(UnlockScreen(f"{message} Your work is as you left it.", locked=True))
        if db is not None:
            db.close()

    def unlocked(self, db: Database) -> None:
        """The passphrase was right: back to exactly where the worker was."""
        app = self.app
        app.db = db
        self.locked = False
        self.activity()
        app.pop_screen()
