"""The caseload: paged, filtered, searchable list of clients. The way into everything."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

from caseworker.caseload import (
    FILTERS,
    FLAGS,
    HELP_SEVERITY,
    PAGE_SIZE,
    CaseloadPage,
    Cursor,
    fetch_page,
    filter_label,
    next_filter,
)
from caseworker.core.vocab import CURRENT_HELP, label
from screens.keys import key_for
from screens.widgets.screen import AppScreen
from screens.widgets.text import cell, escape
from screens.wording import (
    FLAG_WORDS,
    HELP_SHORT,
    OVERDUE,
    children_text,
    due_short,
    flag_words,
)

# Made from the read model's own lists, so the help cannot drift from what is shown.
HELP = (
    "Your caseload, a page at a time, sorted by family name.\n\n"
    "Each row shows the client's children (how many, unborn, and the highest level of help "
    "any child receives, shortened: "
    f"{', '.join(f'{HELP_SHORT[h]} = {label(CURRENT_HELP, h)}' for h in HELP_SEVERITY)}), "
    f"the next thing due ({OVERDUE} when its date has passed) and flags: "
    f"{', '.join(FLAG_WORDS[f] for f in FLAGS)}.\n\n"
    "Search matches any part of a name or an alias; type more words to narrow it. "
    f"The filter goes through: {', '.join(label.lower() for _, label in FILTERS)}."
)


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

    def compose(self) -> ComposeResult:
        yield Header()
        search = Input(placeholder="Search name or alias", id="search")
        search.display = False  # shown by the search key
        yield search
        yield Static("", id="caseload-status")
        table: DataTable = DataTable(id="caseload", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # Fit the terminal (80 columns at least): name and children fixed, the rest
        # shared by due and flags. The due column starts with the date and OVERDUE, so
        # truncation never hides them.
        rest = max(38, self.app.size.width - 2 - 8 - 18 - 14)
        due = min(32, max(25, int(rest * 0.6)))
        table.add_column("Client", width=18, key="name")
        table.add_column("Children", width=14, key="children")
        table.add_column("Next due", width=due, key="due")
        table.add_column("Flags", width=rest - due, key="flags")

    def on_screen_resume(self) -> None:
        # First show: page one. Back from a client record: what changed there, same page.
        if self.page is None:
            self.load()
        else:
            self.load(at=self.page.first, keep_page=True)

    # ---- data ---------------------------------------------------------------------------

    def load(
        self,
        *,
        after: Cursor | None = None,
        before: Cursor | None = None,
        at: Cursor | None = None,
        keep_page: bool = False,
    ) -> None:
        with self.db.session() as s:
            page = fetch_page(
                s,
                today=self.caseworker_app.today,
                query=self.query_text,
                filter_id=self.filter_id,
                after=after,
                before=before,
                at=at,
            )
        if not keep_page and after is None and before is None:
            self.page_number = 1
        self.page = page
        table = self.query_one(DataTable)
        cursor_row = table.cursor_row if keep_page else 0
        table.clear()
        today = self.caseworker_app.today
        for row in page.rows:
            kids = children_text(row.children, row.unborn, row.highest_help, row.parental_status)
            table.add_row(
                cell(row.name),
                cell(kids),
                cell(due_short(row.next_due, today), bold=row.overdue),
                cell(flag_words(row.flags)),
                key=str(row.client_id),
            )
        if table.row_count:
            table.move_cursor(row=min(cursor_row, table.row_count - 1))
        self._update_status()

    def _update_status(self) -> None:
        assert self.page is not None
        total = self.page.total

        pages = max(1, -(-total // PAGE_SIZE))
        parts = [f"Filter: {filter_label(self.filter_id)} ({escape(self._key('filter'))})"]
        if self.query_text:
            parts.append(f"search “{escape(self.query_text)}”")
        parts.append(f"{total:,} client{'s' if total != 1 else ''}")
        parts.append(f"page {self.page_number} of {pages}")
        if not self.page.rows and not self.query_text and self.filter_id == "open":
            parts.append(f"no clients yet: {escape(self._key('new_client'))} adds one")
        elif not self.page.rows:
            clear, change = escape(self._key("clear_search")), escape(self._key("filter"))
            parts.append(f"nothing matches: {clear} clears the search, {change} changes the filter")
        self.query_one("#caseload-status", Static).update(" · ".join(parts))
        self.refresh_bindings()  # the page keys are available or not (check_action)

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
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.query_text = event.value.strip()
            self.load()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one(DataTable).focus()

    def action_clear_search(self) -> None:
        box = self.query_one("#search", Input)
        if box.value or box.display:
            box.value = ""
            box.display = False
            self.query_text = ""
            self.load()
            self.query_one(DataTable).focus()

    def set_filter(self, filter_id: str) -> None:
        self.filter_id = filter_id
        self.load()

    def action_cycle_filter(self) -> None:
        self.set_filter(next_filter(self.filter_id))
        self.notify(f"Showing: {filter_label(self.filter_id)}", timeout=2)

    def action_next_page(self) -> None:
        if self.page and self.page.has_next:
            self.page_number += 1
            self.load(after=self.page.last)

    def action_prev_page(self) -> None:
        if self.page and self.page_number > 1 and self.page.first:
            self.page_number -= 1
            if self.page_number == 1:
                self.load()
            else:
                self.load(before=self.page.first)

    def _selected_id(self):
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        import uuid

        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return uuid.UUID(key.value)

    def action_open(self) -> None:
        client_id = self._selected_id()
        if client_id is not None:
            self.caseworker_app.open_client(client_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_new_client(self) -> None:
        from screens.record.forms import ClientForm

        def saved(client_id) -> None:
            if client_id:
                self.caseworker_app.open_client(client_id)

        self.app.push_screen(ClientForm(), saved)
