"""The diary screen: what is due today, this week, what is overdue, or all that is open -
the worker's own clients, or (a supervisor's default) the team's - each with its client,
status and reason. Done, book and move work from the list; Enter opens the client at it."""

from __future__ import annotations

import uuid
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from caseworker.agenda import (
    VIEW_WORDS,
    DiaryEntry,
    DiaryPage,
    DiaryView,
    diary_page,
    is_supervisor,
)
from caseworker.core.errors import CaseworkerError
from caseworker.diary import DueKind, format_uk_time, status_words
from screens.keys import key_for
from screens.visits.banner import MissedReturnBanner
from screens.visits.clock import now_of
from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen
from screens.widgets.text import cell, escape
from screens.wording import DUE_SHORT, due_when

HELP = """\
Every open due item: reviews and meetings, re-screens, the pre-CAF, TOP reviews,
minutes to send and actions agreed at meetings, each worked out from the records
and the local protocol, with the reason it is due.

Views: today (due today, overdue, or booked for today), this week, overdue, or
everything open. Mine shows your own clients (you are their key worker); team
shows everyone's (a supervisor starts there). Type cycles through the kinds;
Client shows only the chosen item's client (press it again for everyone).

On an item: Done records what was done (a review recorded as done starts its
next one from that day); Book gives it a date and time; Move puts it on another
day and says why (the reason shows with it). Enter opens the client's record at
its diary. Each of these is kept in the trail.
"""

# The kinds the type filter cycles through (None: all).
_KINDS: list[DueKind | None] = [None, *DueKind]


class DiaryScreen(AppScreen):
    DEFAULT_CSS = """
    DiaryScreen #diary-table { height: 1fr; }
    DiaryScreen #diary-detail { height: auto; max-height: 4; padding: 0 1; }
    DiaryScreen #diary-title { padding: 0 1; }
    """
    HELP = HELP
    HELP_TITLE = "Diary"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False, tooltip="Back to where you came from",
                id="diary.back"),
        Binding("t", "view('today')", "Today", show=False,
                tooltip="Due today, overdue, or booked today",
                id="diary.today"),
        Binding("w", "view('week')", "Week", show=False, tooltip="Due within the next 7 days",
                id="diary.week"),
        Binding("o", "view('overdue')", "Overdue", show=False, tooltip="Overdue items only",
                id="diary.overdue"),
        Binding("a", "view('all')", "All", show=False, tooltip="Every open item",
                id="diary.all"),
        Binding("s", "scope", "Mine/team", tooltip="Your own clients, or the whole team's",
                id="diary.scope"),
        Binding("k", "kind", "Type", tooltip="Show one kind of item (cycles)", id="diary.kind"),
        Binding("c", "client", "Client", show=False,
                tooltip="Only this item's client (again: every client)", id="diary.client"),
        Binding("enter", "open", "Open", show=False,
                tooltip="Open the client's record at this item", id="diary.open"),
        Binding("d", "complete", "Done", tooltip="Record this item as done, and what was done",
                id="diary.complete"),
        Binding("b", "book", "Book", tooltip="Book this item for a date and time",
                id="diary.book"),
        Binding("m", "move", "Move", tooltip="Move this item to another day, with the reason",
                id="diary.move"),
        Binding("x", "export", "Export", show=False,
                tooltip="Export the diary as a calendar file (.ics)", id="diary.export"),
    ]  # fmt: skip

    def __init__(
        self, view: DiaryView = DiaryView.TODAY, client_id: uuid.UUID | None = None
    ) -> None:
        super().__init__()
        self.view = view
        self.client_id = client_id  # one client's items only
        self._client_name = ""
        self.kind: DueKind | None = None
        self.team: bool | None = None  # None: decided on first load (a supervisor: team)
        self._entries: dict[str, DiaryEntry] = {}
        self.loads = 0  # views shown so far
        self._reads = 0  # views asked for: only the newest is shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield MissedReturnBanner()
        yield Static("", id="diary-title")
        yield DataTable(id="diary-table", cursor_type="row")
        yield Static("", id="diary-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        width = self.app.size.width
        # Date and status first (never truncated), then the client and what is due.
        table.add_column("Due", width=24, key="due")
        table.add_column("Client", width=16, key="client")
        table.add_column("What", width=14, key="what")
        table.add_column("Why", width=max(10, width - 24 - 16 - 14 - 8), key="why")
        self.set_focus(table)

    def on_screen_resume(self) -> None:
        self.load()

    # ---- loading ------------------------------------------------------------------------

    def load(self) -> None:
        """Read the view in a worker thread (at 10,000 clients a view takes tens to hundreds
        of milliseconds: frames, on the event loop); shown when it comes back, unless a
        newer read was asked for meanwhile (the group is exclusive, but a read it cancels
        may already be on its way back: each is numbered, and _show takes the newest)."""
        self._reads += 1
        read = partial(self._read, self._reads, self.view, self.client_id, self.kind, self.team)
        self.run_worker(read, group="diary", exclusive=True, thread=True)

    def _read(
        self, seq: int, view: DiaryView, client_id: uuid.UUID | None, kind: DueKind | None,
        team: bool | None,
    ) -> None:  # fmt: skip
        today = self.caseworker_app.today
        try:
            db = self.db
            with db.session() as s:
                if team is None:
                    team = is_supervisor(s, db.worker_id)
                worker = None if team or client_id else db.worker_id
                page = diary_page(s, today, view, worker_id=worker, client_id=client_id,
                                  kind=kind)  # fmt: skip
        except CaseworkerError as exc:
            self.tell_read_failed(exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, seq, page, today, team)

    def _show(self, seq: int, page: DiaryPage, today: date, team: bool) -> None:
        if seq != self._reads:
            return  # a view asked for before the newest: the newest is the one to show
        self.team = team
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self._entries = {}
        now = now_of(self.app)  # a check-in past its expected return reads MISSED
        for entry in page.entries:
            due = entry.due
            key = f"{due.kind.value}/{due.source_id}/{due.child_id or ''}"
            self._entries[key] = entry
            when = due_when(due, today, now)
            table.add_row(cell(when, bold=due.is_overdue(today)), cell(entry.client_name),
                          cell(DUE_SHORT[due.kind]), cell(due.reason), key=key)  # fmt: skip
        if page.entries:
            table.move_cursor(row=min(keep, len(page.entries) - 1))
        scope = (
            self._client_name or "one client"
            if self.client_id
            else ("team" if self.team else "mine")
        )
        kind = DUE_SHORT[self.kind] if self.kind else "all types"
        more = f" (first {len(page.entries)} shown)" if page.total > len(page.entries) else ""
        views = " ".join(
            f"{key_for(self, f'diary.{v.value}')} {VIEW_WORDS[v].lower()}" for v in DiaryView
        )
        items = f"{page.total} item{'' if page.total == 1 else 's'}{more}"
        title = f"Diary · {VIEW_WORDS[self.view]} · {scope} · {kind} · {items}"
        title += f"\nViews: {views}"
        if not page.entries:
            title += f"\nNothing here. {key_for(self, 'diary.all')} shows everything open."
        self.query_one("#diary-title", Static).update(escape(title))
        self._show_detail()
        self.loads += 1  # for tests and anyone waiting on a view

    def _current(self) -> DiaryEntry | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return self._entries.get(str(row_key.value))

    def _show_detail(self) -> None:
        entry = self._current()
        text = ""
        if entry is not None:
            due = entry.due
            status = status_words(due, self.caseworker_app.today)
            text = f"{entry.title} for {entry.client_name} ({status}): {due.reason}"
            if due.note:
                text += f"\n{due.note}"
            if due.booked_at:
                text += f"\nBooked for {format_uk_time(due.booked_at)}"
        self.query_one("#diary-detail", Static).update(escape(text))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    # ---- actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_view(self, view: str) -> None:
        self.view = DiaryView(view)
        self.load()

    def action_scope(self) -> None:
        self.team = not self.team
        self.load()

    def action_client(self) -> None:
        entry = self._current()
        if self.client_id is not None:
            self.client_id, self._client_name = None, ""
        elif entry is not None:
            self.client_id, self._client_name = entry.due.client_id, entry.client_name
        self.load()

    def action_kind(self) -> None:
        self.kind = _KINDS[(_KINDS.index(self.kind) + 1) % len(_KINDS)]
        self.load()

    def chosen_client_id(self) -> uuid.UUID | None:
        """The chosen item's client (for the app's "Record a meeting")."""
        entry = self._current()
        return entry.due.client_id if entry else None

    def chosen_meeting_kind(self) -> str | None:
        """The meeting that deals with the chosen item (a review due: that review)."""
        from caseworker.meetings import HELD_FOR

        entry = self._current()
        kind = HELD_FOR.get(entry.due.kind) if entry else None
        return kind.value if kind else None

    def _need_item(self) -> DiaryEntry | None:
        entry = self._current()
        if entry is None:
            self.notify("No item chosen: this view is empty.", markup=False)
        return entry

    def action_open(self) -> None:
        entry = self._need_item()
        if entry is not None:
            self.caseworker_app.open_client(entry.due.client_id, section="diary")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def _on_item(self, dialog_class: Any, values: dict[str, Any], message: str) -> None:
        entry = self._need_item()
        if entry is None:
            return

        def done(result: Any) -> None:
            if result:
                self.notify(message, timeout=3, markup=False)

        self.app.push_screen(dialog_class(entry.due, values), done)

    def action_complete(self) -> None:
        from caseworker.agenda import ANSWERED_BY_A_RECORD
        from screens.diary.dialogs import CompleteDialog

        entry = self._current()
        if entry is not None and entry.due.kind in ANSWERED_BY_A_RECORD:
            # Not a note that it was done: the record that does it (the referral form).
            from screens.referrals.forms import ReferralForm

            self.notify(
                "A referral to children's social care is done by recording it: record it "
                "here, and it answers this item (a verbal one starts its 48 hours).",
                timeout=8, markup=False,
            )  # fmt: skip
            self.app.push_screen(ReferralForm(entry.due.client_id, to_csc=True))
            return
        today = f"{self.caseworker_app.today:%d/%m/%Y}"
        self._on_item(CompleteDialog, {"on": today}, "Recorded as done")

    def action_book(self) -> None:
        from screens.diary.dialogs import BookDialog

        entry = self._current()
        today = self.caseworker_app.today
        # On its due day, or today if that has passed: a booking is for a day to come.
        on = f"{max(entry.due.due_on, today):%d/%m/%Y}" if entry else ""
        self._on_item(BookDialog, {"on": on}, "Booked")

    def action_move(self) -> None:
        from screens.diary.dialogs import MoveDialog

        self._on_item(MoveDialog, {}, "Moved; the reason shows with it")

    def action_export(self) -> None:
        from screens.diary.dialogs import ExportDialog

        def done(result: Any) -> None:
            if result:
                count, path = result
                self.notify(f"{count} items written to {path}", timeout=6, markup=False)

        default = str(Path.home() / "caseworker-diary.ics")
        self.app.push_screen(ExportDialog({"path": default}), done)
