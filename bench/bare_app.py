"""The yardstick: a bare Textual app with the caseload screen's widgets (Header, a search
Input, a status line, a DataTable of 15 rows in four columns, Footer) and no database.
Search and filter work on rows in memory and repaint at once, so a keystroke here costs
what Textual itself costs to take a key and repaint the same widgets.

    python bench/bare_app.py     ("/" searches, "f" cycles the filters, Ctrl+Q quits)
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Static

FILTERS = ("Open cases", "Parents only", "Children known to social care", "Something overdue",
           "Parental status not asked", "Closed cases", "Everyone")  # fmt: skip
NAMES = [f"{family}, {given}" for family in ("Smith", "Jones", "Taylor", "Brown", "Wilson",
         "Evans", "Thomas", "Roberts", "Walker", "Wright") for given in ("Amy", "Ben", "Cara",
         "Dan", "Eve", "Finn")]  # fmt: skip
# The benchmark's burst ("thompson") fills the table here too, as it does on a real
# caseload: an empty table draws in half the time, which no real search of it would.
NAMES += [f"Thompson, {given}{n}" for given in ("Amy", "Ben", "Cara", "Dan", "Eve", "Finn")
          for n in ("", " A", " B", " C", " D")]  # fmt: skip


class Bare(App[None]):
    TITLE = "bare"
    AUTO_FOCUS = "#table"  # as the caseload screen: the list, not the (hidden) search box
    BINDINGS = [Binding("slash", "search", "Search"), Binding("f", "cycle", "Filter"),
                Binding("escape", "clear", "Clear search", priority=True)]  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.filter = 0
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield Header()
        box = Input(placeholder="Search name or alias", id="search")
        box.display = False
        yield box
        yield Static("", id="status")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name, width in (("Client", 18), ("Children", 14), ("Next due", 32), ("Flags", 20)):
            table.add_column(name, width=width)
        self.fill()

    def fill(self) -> None:
        words = self.query_text.lower().split()
        rows = [n for i, n in enumerate(NAMES) if (i + self.filter) % 2 == 0 or self.filter == 6]
        rows = [n for n in rows if all(w in n.lower() for w in words)]
        table = self.query_one(DataTable)
        table.clear()
        for n in rows[:15]:
            table.add_row(n, "2 · CP plan", "01/12/26 OVERDUE pre-CAF", "risk to staff")
        parts = [f"Filter: {FILTERS[self.filter]} (f)"]
        if self.query_text:
            parts.append(f"search “{self.query_text}”")
        parts += [f"{len(rows)} clients", "page 1 of 1"]
        self.query_one("#status", Static).update(" · ".join(parts))

    def action_search(self) -> None:
        box = self.query_one(Input)
        box.display = True
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_clear(self) -> None:
        self.query_one(DataTable).focus()
        box = self.query_one(Input)
        box.value, box.display, self.query_text = "", False, ""
        self.fill()

    def action_cycle(self) -> None:
        self.filter = (self.filter + 1) % len(FILTERS)
        self.fill()


if __name__ == "__main__":
    Bare().run()
