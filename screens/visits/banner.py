"""The lone-working alert: a missed return, shown on the caseload, in the diary and on the
visit history until the worker checks in, in words and capitals (never colour alone).

It reads the missed returns every few seconds at the app's moment (its injected clock in
tests, the wall clock otherwise), off the event loop, and says plainly that offline the
alert is only on this machine.
"""

from __future__ import annotations

from textual.widgets import Static
from textual.worker import get_current_worker

from caseworker.core.errors import CaseworkerError
from screens.keys import key_for
from screens.visits.clock import now_of
from screens.widgets.text import plain

CHECK_EVERY_SECONDS = 15.0


class MissedReturnBanner(Static):
    DEFAULT_CSS = """
    MissedReturnBanner {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="missed-return")
        self.display = False
        self.alerts: list[str] = []
        self.checks = 0  # reads shown so far (for tests)

    def on_mount(self) -> None:
        self.check()
        self.set_interval(CHECK_EVERY_SECONDS, self.check)

    def check(self) -> None:
        self.run_worker(self._read, group="missed-return", exclusive=True, thread=True)

    def _read(self) -> None:
        app = self.app
        db = getattr(app, "db", None)  # once: the lock can close it between two looks
        if db is None:
            return  # still opening (the screen checks again once open), or locked
        # Here, not at the top: the caseload shows this banner before the ORM is loaded
        # (and not before the check above: its import would compete with the first frame).
        from caseworker.visits import missed_returns

        now = now_of(app)
        try:
            with db.session() as s:
                found = [m.words(now) for m in missed_returns(s, now)]
        except CaseworkerError:  # locked under the read among them: checked again later
            return
        if not get_current_worker().is_cancelled:
            app.call_from_thread(self._show, found)

    def _show(self, alerts: list[str]) -> None:
        from caseworker.visits import OFFLINE_WORDS

        self.alerts = alerts
        self.checks += 1
        if not alerts:
            self.display = False
            return
        key = key_for(self, "app.check_in")
        lines = [*alerts, f"{key} checks in. {OFFLINE_WORDS}"]
        self.update(plain("\n".join(lines)))
        self.display = True
