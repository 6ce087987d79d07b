"""A client's finalised letters, newest first: each as it was frozen, with the facts it
used and where each came from (kept with the letter), saved again as Word, PDF or
Markdown. Reached from a letter's screen ("l")."""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from caseworker.core.dates import format_uk
from caseworker.referrals import letters_of
from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen
from screens.widgets.text import cell, plain

HELP = """\
The client's finalised letters, newest first. Choose one to read it as it was sent, with
the facts it used and where each came from. A finalised letter cannot change: a
correction is a new letter.
"""


class LetterListScreen(AppScreen):
    HELP = HELP
    BINDINGS = [
        Binding(
            "s",
            "save_as",
            "Save as",
            tooltip="Write the chosen letter as Word, PDF or Markdown",
            id="letters.save_as",
        ),
        Binding("escape", "app.pop_screen", "Back", id="letters.back"),
    ]

    def __init__(self, client_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id = client_id
        self.ids: list[uuid.UUID] = []
        self.texts: list[str] = []
        self.about: list[tuple[str, uuid.UUID | None]] = []  # each one's template and child

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="letters", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="letter-read"):
            yield Static("", id="letter-frozen")
        yield Footer()

    def chosen_client_id(self) -> uuid.UUID:
        return self.client_id

    def on_mount(self) -> None:
        table = self.query_one("#letters", DataTable)
        table.add_columns("Date", "Letter", "To", "Signed")
        with self.db.session() as s:
            for row in letters_of(s, self.client_id):
                self.ids.append(row.id)
                self.about.append((row.template, row.child_id))
                facts = "\n".join(
                    f"- {label}: {value.splitlines()[0] if value else ''} (from {source})"
                    for label, value, source in row.facts
                )
                self.texts.append(
                    f"{row.title}\nTo: {row.recipient}\n"
                    f"Finalised by {row.signed_as} on {format_uk(row.letter_date)}"
                    f"\n\n{row.body}\n\nFacts used:\n{facts}"
                )
                table.add_row(
                    cell(format_uk(row.letter_date)),
                    cell(row.template),
                    cell(row.recipient),
                    cell(row.signed_as),
                )
        if not self.ids:
            self.query_one("#letter-frozen", Static).update(plain("No letter finalised yet."))
        else:
            self._show(0)

    def _show(self, index: int) -> None:
        self.query_one("#letter-frozen", Static).update(plain(self.texts[index]))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.ids):
            self._show(event.cursor_row)

    def action_save_as(self) -> None:
        from screens.referrals.letters import SaveLetterForm

        if not self.ids:
            return
        index = self.query_one("#letters", DataTable).cursor_row
        letter_id, template, child_id = self.ids[index], *self.about[index]

        def done(result: object) -> None:
            if result:
                self.notify(f"Wrote {result}", markup=False)

        self.app.push_screen(SaveLetterForm(self.client_id, template, child_id, letter_id), done)
