"""The visits' commands, from any screen (the palette lists them everywhere): "Plan a
visit", "New visit note" and "Check in" - a mixin of CaseworkerApp.

Check in is one key from anywhere, a form included (a priority key): a worker back in the
car with a note half typed must not have to close it to say they are safe.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.app import App

    from caseworker.caseload import Database

    class _AppBase(App[Any]):
        db: Database | None

        def when_open(self, action: Callable[[], object]) -> None: ...  # screens.opening
else:
    _AppBase = object

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


class VisitCommands(_AppBase):
    # The moment the visits read (a missed return, a signature): None is the wall clock; a
    # test or a demo sets a function here.
    visit_clock: Callable[[], datetime] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Textual gathers BINDINGS from the DOMNode classes only, and this mixin is not one:
        # the app class that mixes it in gets its keys added to its own, before Textual
        # merges them (so the keymap, the help and the palette all have them).
        own = cls.__dict__.get("BINDINGS")
        if own is not None and not any(b in own for b in VISIT_BINDINGS):
            cls.BINDINGS = [*own, *VISIT_BINDINGS]
        super().__init_subclass__(**kwargs)

    def _chosen_client(self, what: str) -> Any:
        chosen = getattr(self.screen, "chosen_client_id", None)
        client_id = chosen() if callable(chosen) else None
        if client_id is None:
            self.notify(f"Open a client (or choose one in a list) to {what}.", markup=False)
        return client_id

    def action_plan_visit(self) -> None:
        from screens.visits.forms import PlanVisitForm
        from screens.visits.history import VisitHistoryScreen

        if self.db is None:
            self.when_open(self.action_plan_visit)
            return
        client_id = self._chosen_client("plan a visit")
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
        client_id = self._chosen_client("write a visit note")
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
        client_id = self._chosen_client("see their home visits")
        if client_id is not None and not isinstance(self.screen, VisitHistoryScreen):
            self.push_screen(VisitHistoryScreen(client_id))
