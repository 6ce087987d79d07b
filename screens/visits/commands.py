"""The visits' commands, from any screen (the palette lists them everywhere): "Plan a
visit", "New visit note" and "Check in" - a mixin of CaseworkerApp.

Check in is one key from anywhere, a form included (a priority key): a worker back in the
car with a note half typed must not have to close it to say they are safe.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.binding import Binding, BindingType

from screens.app_commands import AppCommands

VISIT_BINDINGS: list[BindingType] = [
    Binding("ctrl+t", "app.plan_visit", "Plan a visit", show=False,
            tooltip="Plan a visit: a home visit for the client on screen", id="app.plan_visit"),
    Binding("ctrl+n", "app.visit_note", "New visit note", show=False,
            tooltip="New visit note: write up the latest visit of the client on screen",
            id="app.visit_note"),
    Binding("f2", "app.check_in", "Check in", show=False, priority=True,
            tooltip="Check in: back safe from a home visit (clears the missed-return alert)",
            id="app.check_in"),
    Binding("ctrl+y", "app.visits", "Home visits", show=False,
            tooltip="Home visits: out, check in, note and sign off, for the client on screen",
            id="app.visits"),
]  # fmt: skip


class VisitCommands(AppCommands):
    APP_BINDINGS = VISIT_BINDINGS
    # The moment the visits read (a missed return, a signature): None is the wall clock; a
    # test or a demo sets a function here.
    visit_clock: Callable[[], datetime] | None = None

    def action_plan_visit(self) -> None:
        from screens.visits.forms import PlanVisitForm
        from screens.visits.history import VisitHistoryScreen

        if self.db is None:
            self.when_open(self.action_plan_visit)
            return
        client_id = self.chosen_client("plan a visit")
        if client_id is None:
            return

        def saved(result: object) -> None:
            if result and not isinstance(self.screen, VisitHistoryScreen):
                self.push_screen(VisitHistoryScreen(client_id))

        self.push_screen(PlanVisitForm(client_id), saved)

    def action_visit_note(self) -> None:
        from caseworker.visits import visit_to_write_up
        from screens.visits.note_form import VisitNoteForm

        if self.db is None:
            self.when_open(self.action_visit_note)
            return
        client_id = self.chosen_client("write a visit note")
        if client_id is None:
            return
        with self.db.session() as s:
            visit = visit_to_write_up(s, client_id)
        if visit is None:
            self.notify("No visit to write up: plan one first (the palette: Plan a visit).",
                        markup=False)  # fmt: skip
            return
        self.push_screen(VisitNoteForm(client_id, visit.id))

    def action_check_in(self) -> None:
        from caseworker.core.errors import CaseworkerError
        from caseworker.visits import check_in_all
        from screens.visits.banner import MissedReturnBanner
        from screens.visits.clock import now_of
        from screens.visits.history import VisitHistoryScreen

        if self.db is None:
            self.when_open(self.action_check_in)
            return
        try:
            with self.db.session() as s:
                back = check_in_all(s, now_of(self))
        except CaseworkerError as exc:
            self.notify(str(exc), markup=False)
            return
        self.notify(f"Checked in from {len(back)} visit{'s' if len(back) > 1 else ''}: "
                    "welcome back", markup=False)  # fmt: skip
        for screen in self.screen_stack:
            for banner in screen.walk_children(MissedReturnBanner):
                banner.check()
        if isinstance(self.screen, VisitHistoryScreen):
            self.screen.load()

    def action_visits(self) -> None:
        from screens.visits.history import VisitHistoryScreen

        if self.db is None:
            self.when_open(self.action_visits)
            return
        client_id = self.chosen_client("see their home visits")
        if client_id is not None and not isinstance(self.screen, VisitHistoryScreen):
            self.push_screen(VisitHistoryScreen(client_id))
