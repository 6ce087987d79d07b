"""The caseload: paged, filtered, searchable list of clients. The way into everything."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import Worker, WorkerState

from caseworker.caseload import CaseloadPage, Cursor, next_filter
from screens.caseload.columns import column_widths
from screens.caseload.reads import (
    LOAD_GROUP,
    PageRequest,
    StoppableRead,
    Totals,
    read_page,
)
from screens.caseload.status import HELP, status_text
from screens.keys import key_for
from screens.visits.banner import MissedReturnBanner
from screens.visits.clock import now_of
from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen
from screens.widgets.text import cell, plain
from screens.wording import children_text, due_short, flag_words

# Typing searches at once, with no wait for it to stop: each key the box takes in reads
# the text it makes, and a read still running for the text before is stopped
# (caseload.stoppable). Keys that come together (typed faster than the screen takes them,
# keys a terminal sends at once) are usually all in the box before the screen hears of
# the first (the box and the screen take their messages in turn, so not always): the
# box's Changed for a text it no longer holds is passed over, since a Changed for the
# text it does hold follows, so such a burst costs one query for its last text (or a
# few, each stopping the one before, when it is split). (A wait for typing to stop, 12 ms
# then 40 ms before, was felt at every key.)
#
# "searching…" is said only for a read not back within this long: most are back in a few
# milliseconds, and saying it at every key redrew the whole screen once more for each.
SAY_SEARCHING_AFTER = 0.1


class CaseloadScreen(AppScreen):
    HELP = HELP
    AUTO_FOCUS = "#caseload"
    BINDINGS = [
        Binding("slash", "search", "Search", tooltip="Search the caseload by name or alias",
                id="caseload.search"),
        Binding("enter", "open", "Open", show=False, tooltip="Open the client's record",
                id="caseload.open"),
        Binding("n", "new_client", "New client", tooltip="Add a new client to the caseload",
                id="caseload.new_client"),
        Binding("f", "cycle_filter", "Filter", tooltip="Show the next filter of the caseload",
                id="caseload.filter"),
        Binding("right_square_bracket,pagedown", "next_page", "Next", tooltip="Next page",
                id="caseload.next_page"),
        Binding("left_square_bracket,pageup", "prev_page", "Prev", tooltip="Previous page",
                id="caseload.previous_page"),
        Binding("escape", "clear_search", "Clear search", show=False,
                tooltip="Clear the search and show the whole list", id="caseload.clear_search"),
        Binding("q", "app.quit", "Quit", tooltip="Leave caseworker", id="caseload.quit"),
    ]  # fmt: skip

    def __init__(self, service_name: str = "") -> None:
        super().__init__()
        self.sub_title = service_name
        self.filter_id = "open"
        self.query_text = ""
        self.page: CaseloadPage | None = None
        self.page_number = 1
        # The request whose rows are shown, and how many requests have been made (the
        # newest is the only one whose rows may be shown).
        self.shown: PageRequest | None = None
        self._seq = 0
        self._read: StoppableRead | None = None  # the read on its way, to stop for a newer
        self._totals = Totals()
        self._paging: tuple[bool, bool] | None = None  # the page keys' state, as last shown
        self._ahead = False  # count every filter's total once the rows asked for are shown
        self._open_when_loaded = False
        self._queued_pages = 0  # page keys pressed while a read was on its way: +next, -prev
        # Until the caseload is open (the ORM loads after the first frame): the newest read
        # asked for, the first page if it came before the table's columns.
        self._waiting: PageRequest | None = None
        self._first_page: tuple[CaseloadPage, str] | None = None
        self._columns = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield MissedReturnBanner()
        search = Input(placeholder="Search name or alias", id="search")
        search.display = False  # shown by the search key
        yield search
        opening = self.caseworker_app.db is None
        yield Static("Opening the caseload…" if opening else "", id="caseload-status")
        table: DataTable = DataTable(id="caseload", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        name, children, due, flags = column_widths(self.app.size.width)  # fit the terminal
        table.add_column("Client", width=name, key="name")
        table.add_column("Children", width=children, key="children")
        table.add_column("Next due", width=due, key="due")
        table.add_column("Flags", width=flags, key="flags")
        self._columns = True
        if self._first_page is not None:
            self.show_first_page(*self._first_page)

    def show_first_page(self, page: CaseloadPage, service_name: str) -> None:
        """The first page, read before the database layer was loaded (caseload.first_page):
        shown unless the worker has already asked for another list. Until database_open,
        keys that need the database wait for it (see reading)."""
        self.sub_title = service_name
        if not self._columns:  # here before on_mount: shown once the table has its columns
            self._first_page = page, service_name
            return
        if self.shown is None and (self.filter_id, self.query_text) == ("open", ""):
            request = PageRequest(self._seq, self.caseworker_app.today, "", "open", 1)
            self._show(request, page)

    def database_open(self, service_name: str) -> None:
        """The caseload is open: make the read that was waiting for it, or read the page
        shown again through the ORM (the same rows, unless the open brought the due items
        up to date), keeping the cursor where the worker has moved it."""
        self.sub_title = service_name
        self.query_one(MissedReturnBanner).check()  # its check at mount found it not open
        waiting, self._waiting = self._waiting, None
        if waiting is not None and (self.shown is None or waiting.seq != self.shown.seq):
            self._run(waiting)
        else:
            self.load(at=self.page.first if self.page else None, keep_page=True)
        self._ahead = True

    def _count_ahead(self) -> None:
        """Every filter's total, counted behind the list once it is shown (what is kept is
        not): after the page's read, so on its connection, whose page cache is warm, rather
        than on a second one (another cache's worth of memory) beside it."""
        db = self.caseworker_app.db
        self._ahead = False
        if db is not None:
            today = self.caseworker_app.today
            ahead = partial(self._totals.count_ahead, db, today)
            self.run_worker(ahead, group="caseload-totals", exclusive=True, thread=True)

    def on_screen_resume(self) -> None:
        if self.resume_unchanged:  # the record built ahead above it, unseen
            self.resume_unchanged = False
            return
        # First show: page one. Back from a client record: what changed there, same page.
        self._totals.forget_unversioned()  # a server's: records may have changed there
        if self.page is None:
            self.load()
        else:
            self.load(at=self.page.first, keep_page=True)
        self._ahead = True

    # ---- data ---------------------------------------------------------------------------

    def load(
        self,
        *,
        after: Cursor | None = None,
        before: Cursor | None = None,
        at: Cursor | None = None,
        keep_page: bool = False,
        page_number: int | None = None,
        turn_page: bool = False,
    ) -> None:
        """Read a page in a worker thread, off the event loop; the rows are shown when it
        comes back (see _show), unless a newer read was asked for meanwhile. The page number
        is the one the rows will have: page one for a fresh list, unless told. A page turn
        (same filter, search and day as the rows shown) keeps their total, uncounted."""
        if page_number is None:
            page_number = self.page_number if keep_page else 1
        self._seq += 1
        request = PageRequest(
            seq=self._seq, today=self.caseworker_app.today, query=self.query_text,
            filter_id=self.filter_id, page_number=page_number, after=after, before=before,
            at=at, keep_page=keep_page, total=self._known_total(turn_page),
        )  # fmt: skip
        if self.caseworker_app.db is None:
            self._waiting = request  # still opening: database_open makes the read
            shown = self.shown  # "searching…" unless these rows are the ones asked for
            same = shown is not None and (shown.query, shown.filter_id, shown.page_number) == (
                request.query, request.filter_id, request.page_number)  # fmt: skip
            self._update_status(searching=not same)
            return
        self._run(request)

    def _run(self, request: PageRequest) -> None:
        if self._read is not None:
            self._read.stop()  # its rows would not be shown: its query stops now
        self._read = StoppableRead()
        self.run_worker(
            partial(read_page, self.db, request, self._read, self._totals),
            name=f"caseload page {request.seq}",
            group=LOAD_GROUP,
            exclusive=True,
            thread=True,
        )

    def _known_total(self, turn_page: bool) -> int | None:
        """The total of the list being paged, if the rows shown are of that list (None: the
        read finds it kept, or counts it)."""
        shown = self.shown
        if not turn_page or self.page is None or shown is None:
            return None
        same = (shown.query, shown.filter_id, shown.today) == (
            self.query_text,
            self.filter_id,
            self.caseworker_app.today,
        )
        return self.page.total if same else None

    @property
    def reading(self) -> bool:
        """A read whose rows are not shown yet (or text in the search box not yet read:
        its Changed is on its way)."""
        if self.caseworker_app.db is None:  # opening: the rows shown were read without it
            return True
        if self.shown is None or self.shown.seq != self._seq:
            return True
        return self.query_one("#search", Input).value.strip() != self.query_text

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != LOAD_GROUP or event.state != WorkerState.SUCCESS:
            return
        if isinstance(worker.result, tuple):
            self._show(*worker.result)

    def _show(self, request: PageRequest, page: CaseloadPage) -> None:
        if request.seq != self._seq:
            return  # stale: a newer read was asked for, and its rows are the ones to show
        self.shown = request
        self.page = page
        self.page_number = request.page_number
        table = self.query_one(DataTable)
        cursor_row = table.cursor_row if request.keep_page else 0
        # Cleared and filled in one go on the event loop: no frame shows an empty table.
        table.clear()
        today = request.today
        for row in page.rows:
            kids = children_text(row.children, row.unborn, row.highest_help, row.parental_status)
            table.add_row(
                cell(row.name),
                cell(kids),
                cell(due_short(row.next_due, today, now_of(self.app)), bold=row.overdue),
                cell(flag_words(row.flags)),
                key=str(row.client_id),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor_row, table.row_count - 1))
        self._update_status()
        if self.reading:
            return
        if self._ahead:
            self._count_ahead()
        if self._queued_pages:
            # Page keys pressed faster than pages came: take the next step from these rows.
            forward = self._queued_pages > 0
            self._queued_pages += -1 if forward else 1
            if forward:
                self.action_next_page()
            else:
                self.action_prev_page()
            if not self.reading:
                self._queued_pages = 0  # no page that way: the rest of the steps go nowhere
        elif self._open_when_loaded:
            self._open_when_loaded = False
            self.action_open()

    def _update_status(self, *, searching: bool = False) -> None:
        if self.page is None or self.shown is None:
            return
        text = status_text(self.page, self.shown, self.page_number, self._key, searching=searching)
        self.query_one("#caseload-status", Static).update(plain(text))
        paging = (bool(self.page.has_next), self.page_number > 1)
        if paging != self._paging:  # the page keys come and go (check_action): the footer
            self._paging = paging  # is redrawn only then (every key would cost a frame)
            self.refresh_bindings()

    def _key(self, name: str) -> str:
        return key_for(self, f"caseload.{name}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_page":
            return bool(self.page and self.page.has_next) or None
        if action == "prev_page":
            return (self.page_number > 1) or None
        return True

    # ---- actions ------------------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        # At once, not box.focus(): that is queued behind the keys already read, so the
        # letters of "/thom" typed together went to the list, and were lost.
        self.set_focus(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search" or event.value != event.input.value:
            return  # the box has taken in more keys since: their Changed follows (a burst)
        query = event.value.strip()
        if query == self.query_text:
            return  # a space typed, or the box emptied by clear_search: nothing new to find
        self.query_text = query
        self._queued_pages = 0  # a new list: it starts at page one
        # A read already on its way is stopped (its seq is no longer the newest, so its
        # rows would not be shown anyway). Still opening: load says what it waits for.
        self.load()
        if self.caseworker_app.db is not None:
            self.set_timer(SAY_SEARCHING_AFTER, partial(self._say_searching, self._seq))

    def _say_searching(self, seq: int) -> None:
        if seq == self._seq and self.reading:  # that read is still the newest, and not back
            self._update_status(searching=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.set_focus(self.query_one(DataTable))  # the text is read already, or as it comes

    def action_clear_search(self) -> None:
        box = self.query_one("#search", Input)
        if box.value or box.display:
            box.value = ""
            box.display = False
            self.query_text = ""
            self.load()
            self.set_focus(self.query_one(DataTable))

    def set_filter(self, filter_id: str) -> None:
        self.filter_id = filter_id
        self._queued_pages = 0
        self.load()

    def action_cycle_filter(self) -> None:
        # The status line says which list this is (no toast over the rows at every press).
        self.set_filter(next_filter(self.filter_id))

    def action_next_page(self) -> None:
        if self.reading:
            self._queued_pages += 1  # taken from the rows on their way, once they are here
        elif self.page and self.page.has_next:
            self.load(after=self.page.last, page_number=self.page_number + 1, turn_page=True)

    def action_prev_page(self) -> None:
        if self.reading:
            self._queued_pages -= 1
        elif self.page and self.page_number > 1 and self.page.first:
            if self.page_number == 2:
                self.load(turn_page=True)
            else:
                self.load(before=self.page.first, page_number=self.page_number - 1, turn_page=True)

    def _selected_id(self):
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        import uuid

        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return uuid.UUID(key.value)

    def chosen_client_id(self):  # the highlighted client (the app's "Record a meeting")
        return self._selected_id()

    def action_open(self) -> None:
        if self.reading:
            # Enter straight after typing: open from the rows being searched for, not from
            # the ones still shown, once they are here.
            self._open_when_loaded = True
            return
        client_id = self._selected_id()
        if client_id is not None:
            self.caseworker_app.open_client(client_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_new_client(self) -> None:
        if self.caseworker_app.db is None:  # pressed while opening: the form once open,
            self.caseworker_app.when_open(self.action_new_client)  # and the keys after it
            return
        from screens.record.forms import ClientForm

        def saved(client_id) -> None:
            if client_id:
                self.caseworker_app.open_client(client_id)

        self.app.push_screen(ClientForm(), saved)
