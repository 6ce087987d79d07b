"""A client's home visits: each visit (planned, out, back) in a list, and the chosen one's
note in full beneath it - and beneath a signed note, each addendum with its own stamp.

From here a visit is started (out, with the expected return), checked back in, written up,
signed off (after a confirmation: a signed note is sealed) and added to by an addendum.
"""

from __future__ import annotations

import uuid
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from caseworker.core.errors import CaseworkerError
from caseworker.diary import format_uk_time
from caseworker.people import children_of, get_client
from caseworker.visits import (
    OUT,
    PLANNED,
    STATUSES,
    UNDERSTOOD,
    VisitHistory,
    check_in,
    load_visit_checklist,
    sign_off,
    visits_of,
)
from screens.keys import key_for
from screens.visits.banner import MissedReturnBanner
from screens.visits.clock import now_of
from screens.visits.forms import AddendumForm, CancelVisitForm, StartVisitForm
from screens.visits.note_form import VisitNoteForm
from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen
from screens.widgets.text import cell, plain

HELP = """\
The client's home visits, latest first. Choose one to read its note beneath.

Out records that you have gone, with the time you expect to be back: if you have not
checked in by then, the app shows a missed return on every screen. Check in when you
are back. Offline, that alert can only be on this machine: tell a colleague where you
are going and when you expect to be back.

Note writes the visit up (kept as you type, even if the laptop dies). Sign off seals
it, with your name and the time: from then on it cannot change, here or in the
database, and a correction is an addendum, stamped and shown beneath the note.
"""


def _when(at: Any) -> str:
    return format_uk_time(at) if at is not None else ""


def note_text(h: VisitHistory, names: dict[uuid.UUID, str] | None = None) -> str:
    """The visit and its note as the worker reads it (addenda beneath, each stamped)."""
    v = h.visit
    status = dict(STATUSES)[v.status]
    at = f" {v.planned_at}" if v.planned_at else ""
    lines = [
        f"Visit {v.planned_for:%d/%m/%Y}{at} · {status}"
        + ("" if v.announced else " · unannounced"),
        f"Address: {v.address or 'none given'}",
    ]
    if v.joint_agency:
        lines.append(f"Joint visit with {v.joint_agency} ({v.joint_contact or 'no contact'})")
    if v.purpose:
        lines.append(f"Purpose: {v.purpose}")
    if v.out_at:
        lines.append(f"Out {_when(v.out_at)}, expected back {_when(v.expected_back)}")
    if v.back_at:
        lines.append(f"Back {_when(v.back_at)}")
    if v.cancelled_reason:
        lines.append(f"Cancelled: {v.cancelled_reason}")
    note = h.note
    if note is None:
        lines.append("No note written yet.")
        return "\n".join(lines)
    checklist = load_visit_checklist()
    lines += ["", f"Adults present: {note.adults or 'not recorded'}"]
    for c in h.children:
        seen = "seen" if c.seen else "NOT SEEN"
        alone = ", seen alone" if c.seen_alone else ""
        spoke = ", spoken with" if c.spoken_with else ""
        name = (names or {}).get(c.child_id) or "A child"
        lines.append(f"{name}: {seen}{alone}{spoke}. {c.presentation}")
        if c.own_words:
            lines.append(f"  In their own words: {c.own_words}")
    for o in h.observations:
        try:
            item = checklist.item(o.item)
            label, answer = item.label, item.answer_label(o.answer)
        except CaseworkerError:
            label, answer = o.item, o.answer
        lines.append(f"{label}: {answer or 'not answered'}" + (f" ({o.note})" if o.note else ""))
    understood = dict(UNDERSTOOD).get(note.understood, "not said")
    lines += [
        f"Explained to the parent: {note.explained_to_parent or 'nothing recorded'}"
        f" · understood: {understood}",
        f"Narrative: {note.narrative or '(none yet)'}",
        f"Concerns: {note.concerns or 'none recorded'}",
    ]
    for a in h.actions:
        lines.append(f"Action: {a.owner}: {a.what}, by {a.due_on:%d/%m/%Y}")
    if note.signed_off_at is not None:
        lines.append(f"SIGNED OFF by {note.signed_as}, {_when(note.signed_off_at)}: sealed")
    else:
        lines.append("Not signed off yet: it can still be changed.")
    for n, addendum in enumerate(h.addenda, start=1):
        lines += [
            "",
            f"Addendum {n}, {addendum.stamped_as}, {_when(addendum.stamped_at)}:",
            addendum.text,
        ]
    return "\n".join(lines)


class VisitHistoryScreen(AppScreen):
    DEFAULT_CSS = """
    VisitHistoryScreen #visits-table { height: 7; }
    VisitHistoryScreen #visit-note { height: 1fr; padding: 0 1; }
    """
    HELP = HELP
    HELP_TITLE = "Home visits"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False, tooltip="Back to the record",
                id="visits.back"),
        Binding("o", "out", "Out", tooltip="Going out on this visit now (expected back by …)",
                id="visits.out"),
        Binding("i", "check_in", "Check in", tooltip="Back from this visit", id="visits.check_in"),
        Binding("n", "note", "Note", tooltip="Write up this visit (kept as you type)",
                id="visits.note"),
        Binding("s", "sign_off", "Sign off", tooltip="Sign the note off: then it is sealed",
                id="visits.sign_off"),
        Binding("a", "addendum", "Addendum", tooltip="Add to a signed note, stamped",
                id="visits.addendum"),
        Binding("c", "cancel_visit", "Cancel visit", show=False,
                tooltip="Cancel a planned visit, saying why", id="visits.cancel"),
    ]  # fmt: skip

    def __init__(self, client_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id = client_id
        self.history: list[VisitHistory] = []
        self.names: dict[uuid.UUID, str] = {}
        self.loads = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield MissedReturnBanner()
        yield Static("", id="visits-title")
        yield DataTable(id="visits-table", cursor_type="row")
        with VerticalScroll(id="visit-note"):
            yield Static("", id="visit-note-text")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Date", width=11)
        table.add_column("Status", width=18)
        table.add_column("Note", width=30)
        self.set_focus(table)
        # Read by on_screen_resume, which runs on the first show too.

    def on_screen_resume(self) -> None:
        self.load()

    def chosen_client_id(self) -> uuid.UUID:
        return self.client_id

    def load(self) -> None:
        with self.db.session() as s:
            client = get_client(s, self.client_id)
            self.history = visits_of(s, self.client_id)
            self.names = {c.id: c.given_name for c in children_of(s, self.client_id)}
            name = f"{client.given_name} {client.family_name}"
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for h in self.history:
            state = "none" if h.note is None else ("signed off" if h.signed else "draft, unsigned")
            if h.addenda:
                state += f", {len(h.addenda)} addend{'a' if len(h.addenda) > 1 else 'um'}"
            table.add_row(cell(f"{h.visit.planned_for:%d/%m/%Y}"),
                          cell(dict(STATUSES)[h.visit.status]), cell(state))  # fmt: skip
        if self.history:
            table.move_cursor(row=min(keep, len(self.history) - 1))
        plan = key_for(self, "app.plan_visit")
        title = f"Home visits · {name} · {len(self.history)}"
        if not self.history:
            title += f"\nNo visits yet: {plan} plans one."
        self.query_one("#visits-title", Static).update(plain(title))
        self._show()
        self.loads += 1

    def on_data_table_row_highlighted(self) -> None:
        self._show()

    def _current(self) -> VisitHistory | None:
        table = self.query_one(DataTable)
        if not self.history or table.cursor_row >= len(self.history):
            return None
        return self.history[max(table.cursor_row, 0)]

    def _show(self) -> None:
        h = self._current()
        self.query_one("#visit-note-text", Static).update(
            plain(note_text(h, self.names) if h else "")
        )

    # ---- actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def _done(self, message: str) -> Any:
        def after(result: object) -> None:
            if result:
                self.notify(message, markup=False)
                self.refresh_alerts()
            self.load()

        return after

    def refresh_alerts(self) -> None:
        for banner in self.walk_children(MissedReturnBanner):
            banner.check()

    def action_out(self) -> None:
        h = self._current()
        if h is None or h.visit.status != PLANNED:
            self.notify("Choose a planned visit to go out on.", markup=False)
            return
        form = StartVisitForm(self.client_id, h.visit.id)
        self.app.push_screen(form, self._done("Out on the visit: check in when you are back"))

    def action_check_in(self) -> None:
        h = self._current()
        if h is None or h.visit.status != OUT:
            self.notify("Choose a visit you are out on to check in.", markup=False)
            return
        try:
            with self.db.session() as s:
                check_in(s, h.visit.id, now_of(self.app))
        except CaseworkerError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify("Checked in: welcome back", markup=False)
        self.refresh_alerts()
        self.load()

    def action_note(self) -> None:
        h = self._current()
        if h is None:
            self.notify("Plan a visit first: a note is written for a visit.", markup=False)
            return
        if h.signed:
            self.notify("This note is signed off and sealed: add an addendum.", markup=False)
            return
        self.app.push_screen(VisitNoteForm(self.client_id, h.visit.id), self._done("Note saved"))

    def action_sign_off(self) -> None:
        from screens.modals.confirm import ConfirmScreen

        h = self._current()
        if h is None or h.note is None or h.signed:
            self.notify("Choose a visit with a saved note that is not yet signed off.",
                        markup=False)  # fmt: skip
            return
        visit_id = h.visit.id

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                with self.db.session() as s:
                    sign_off(s, visit_id, now_of(self.app))
            except CaseworkerError as exc:
                self.notify(f"Not signed off: {exc}", severity="error", markup=False)
                return
            self.notify("Signed off and sealed", markup=False)
            self.load()

        question = ("Sign this note off as yours? It is then sealed: it can never be changed, "
                    "only added to by an addendum.")  # fmt: skip
        self.app.push_screen(ConfirmScreen(question, "Sign off", "Not yet"), answered)

    def action_addendum(self) -> None:
        h = self._current()
        if h is None or not h.signed:
            self.notify("An addendum is added to a signed-off note.", markup=False)
            return
        form = AddendumForm(self.client_id, h.visit.id)
        self.app.push_screen(form, self._done("Addendum added beneath the note"))

    def action_cancel_visit(self) -> None:
        h = self._current()
        if h is None or h.visit.status != PLANNED:
            self.notify("Only a planned visit, not yet started, can be cancelled.", markup=False)
            return
        form = CancelVisitForm(self.client_id, h.visit.id)
        self.app.push_screen(form, self._done("Visit cancelled"))
