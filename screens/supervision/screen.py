"""Supervision: a supervisor and a worker going through the worker's caseload.

Cases first - the clients whose figures call for a decision, most at risk first - each
discussed in a form (discussion, decision, the Think Family answer, actions); then every
figure with the clients behind it; the months so far (a sparkline and the numbers); and,
for a supervisor, the team side by side. The session is signed off with the supervisor's
own passphrase, and the pack written from here or from the CLI.
"""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Sparkline, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from caseworker.core.errors import CaseworkerError
from caseworker.supervision import (
    export_pack,
    open_session,
    sign_off_with_passphrase,
)
from screens.keys import key_for
from screens.supervision.forms import CaseForm, PackForm, SignOffDialog
from screens.supervision.help import HELP
from screens.supervision.reading import (
    SupervisionView,
    case_rows,
    case_text,
    read_supervision,
    title_of,
)
from screens.supervision.tabs import fill_months, fill_team, spark_of
from screens.visits.clock import now_of
from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen
from screens.widgets.text import cell, plain


class SupervisionScreen(AppScreen):
    HELP = HELP
    HELP_TITLE = "Supervision"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False, tooltip="Back", id="supervision.back"),
        Binding(
            "d",
            "discuss",
            "Discuss",
            tooltip="Record the discussion of the chosen case",
            id="supervision.discuss",
        ),
        Binding(
            "s",
            "sign_off",
            "Sign off",
            tooltip="Sign the session off (your passphrase)",
            id="supervision.sign_off",
        ),
        Binding(
            "p",
            "pack",
            "Pack",
            tooltip="Write the supervision pack to a file",
            id="supervision.pack",
        ),
        Binding(
            "w",
            "next_worker",
            "Worker",
            tooltip="Supervise the next worker",
            id="supervision.worker",
        ),
        Binding(
            "c",
            "tab('sup-tab-cases')",
            "Cases",
            show=False,
            tooltip="The cases that call for a decision",
            id="supervision.cases",
        ),
        Binding(
            "f",
            "tab('sup-tab-figures')",
            "Figures",
            show=False,
            tooltip="Every figure, and the clients behind it",
            id="supervision.figures",
        ),
        Binding(
            "m",
            "tab('sup-tab-months')",
            "Months",
            show=False,
            tooltip="The figures month by month",
            id="supervision.months",
        ),
        Binding(
            "t",
            "tab('sup-tab-team')",
            "Team",
            show=False,
            tooltip="Everyone's figures side by side (Enter: their review)",
            id="supervision.team",
        ),
        Binding(
            "o",
            "open_record",
            "Open",
            tooltip="Open the chosen client's record",
            id="supervision.open",
        ),
    ]

    def __init__(self, worker_id: uuid.UUID | None = None) -> None:
        super().__init__()
        self.worker_id = worker_id
        self.view: SupervisionView | None = None
        self.drill_ids: list[uuid.UUID] = []
        self.drill_reason = ""
        self._reads = 0
        self.month_keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the caseload…", id="sup-title")
        with TabbedContent(id="sup-tabs", initial="sup-tab-cases"):
            with TabPane("Cases", id="sup-tab-cases"):
                yield DataTable(id="sup-cases", cursor_type="row")
                with VerticalScroll(id="sup-case-scroll"):
                    yield Static("", id="sup-case")
            with TabPane("Figures", id="sup-tab-figures"):
                yield DataTable(id="sup-figures", cursor_type="row")
                yield DataTable(id="sup-drill", cursor_type="row")
            with TabPane("Months", id="sup-tab-months"):
                yield Static("", id="sup-spark-title")
                yield Sparkline([], id="sup-spark")
                yield DataTable(id="sup-months", cursor_type="row")
            with TabPane("Team", id="sup-tab-team"):
                yield DataTable(id="sup-team", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        cases = self.query_one("#sup-cases", DataTable)
        # The reasons take what the terminal has left (each column pads 1 either side).
        why = max(24, self.app.size.width - 3 - 20 - 11 - 10)
        for name, width in (("#", 3), ("Client", 20), ("Why", why), ("Case", 11)):
            cases.add_column(name, width=width)
        figures = self.query_one("#sup-figures", DataTable)
        for name, width in (("Figure", 52), ("Count", 6)):
            figures.add_column(name, width=width)
        self.query_one("#sup-drill", DataTable).add_column("Clients behind the figure", width=60)
        self.set_focus(cases)

    def on_screen_resume(self) -> None:
        self.load()

    # ---- reading ------------------------------------------------------------------------

    def load(self) -> None:
        """Read off the event loop (a review of a big caseload takes a moment)."""
        self._reads += 1
        self.run_worker(
            partial(self._read, self._reads, self.worker_id),
            group="supervision",
            exclusive=True,
            thread=True,
        )

    def _read(self, seq: int, worker_id: uuid.UUID | None) -> None:
        try:
            view = read_supervision(self.db, worker_id, self.caseworker_app.today)
        except CaseworkerError as exc:
            self.tell_read_failed(exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, seq, view)

    def _show(self, seq: int, view: SupervisionView) -> None:
        if seq != self._reads:
            return
        self.view, self.worker_id = view, view.worker_id
        self.query_one("#sup-title", Static).update(plain(title_of(view)))
        self._show_cases(view)
        self._show_figures(view)
        self.month_keys = fill_months(self.query_one("#sup-months", DataTable), view)
        self._show_spark()
        fill_team(self.query_one("#sup-team", DataTable), view)

    def _show_cases(self, view: SupervisionView) -> None:
        table = self.query_one("#sup-cases", DataTable)
        keep = table.cursor_row
        table.clear()
        self.case_rows = case_rows(view)
        for n, (cid, why) in enumerate(self.case_rows, start=1):
            rec = view.cases.get(cid) if view.in_progress else None
            state = "" if rec is None else ("decided" if rec.case.discussed else "in progress")
            table.add_row(cell(n), cell(view.names.get(cid, "")), cell(why), cell(state))
        if self.case_rows:
            table.move_cursor(row=min(max(keep, 0), len(self.case_rows) - 1))
        self._show_case()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "sup-cases":
            self._show_case()
        elif event.data_table.id == "sup-figures":
            self._show_drill()
        elif event.data_table.id == "sup-months":
            self._show_spark()

    def _show_spark(self) -> None:
        row = self.query_one("#sup-months", DataTable).cursor_row
        words, data = spark_of(self.view, self.month_keys, row)
        self.query_one("#sup-spark-title", Static).update(plain(words))
        self.query_one("#sup-spark", Sparkline).data = data

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "sup-cases":
            self.action_discuss()
        elif event.data_table.id == "sup-figures":
            self.set_focus(self.query_one("#sup-drill", DataTable))
        elif event.data_table.id == "sup-drill":
            self.action_open_record()
        elif event.data_table.id == "sup-team" and self.view and self.view.team:
            # A worker's row opens their own review: every figure drills down there.
            self.worker_id = self.view.team[event.cursor_row].worker_id
            self.action_tab("sup-tab-cases")
            self.load()

    def _chosen_case(self) -> tuple[uuid.UUID, str] | None:
        table = self.query_one("#sup-cases", DataTable)
        rows = getattr(self, "case_rows", [])
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        return rows[table.cursor_row]

    def _show_case(self) -> None:
        discuss = key_for(self, "supervision.discuss")
        text = case_text(self.view, self._chosen_case(), discuss)
        self.query_one("#sup-case", Static).update(plain(text))

    def _show_figures(self, view: SupervisionView) -> None:
        table = self.query_one("#sup-figures", DataTable)
        keep = table.cursor_row
        table.clear()
        self.figure_keys = list(view.review.figures) if view.review else []
        for key in self.figure_keys:
            f = view.review.figures[key]
            table.add_row(cell(f"{f.group.capitalize()}: {f.label}"), cell(f.count))
        if self.figure_keys:
            table.move_cursor(row=min(max(keep, 0), len(self.figure_keys) - 1))
        self._show_drill()

    def _show_drill(self) -> None:
        drill = self.query_one("#sup-drill", DataTable)
        drill.clear()
        view, keys = self.view, getattr(self, "figure_keys", [])
        row = self.query_one("#sup-figures", DataTable).cursor_row
        if view is None or view.review is None or not 0 <= row < len(keys):
            self.drill_ids = []
            return
        f = view.review.figures[keys[row]]
        self.drill_reason = f.label
        if f.child_ids:  # a row per child (its count), each opening its parent's record
            kids = [view.children.get(k, ("a child", f.client_ids[0])) for k in f.child_ids]
            self.drill_ids = [client for _, client in kids]
            for name, client in kids:
                drill.add_row(cell(f"{name} · child of {view.names.get(client, '')}"))
            return
        self.drill_ids = list(f.client_ids)
        for cid in self.drill_ids:
            drill.add_row(cell(view.names.get(cid, str(cid)[:8])))

    # ---- actions ------------------------------------------------------------------------

    def chosen_client_id(self) -> uuid.UUID | None:
        active = self.query_one(TabbedContent).active
        if active == "sup-tab-figures":
            row = self.query_one("#sup-drill", DataTable).cursor_row
            return self.drill_ids[row] if 0 <= row < len(self.drill_ids) else None
        chosen = self._chosen_case()
        return chosen[0] if chosen else None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        first = {
            "sup-tab-cases": "#sup-cases",
            "sup-tab-figures": "#sup-figures",
            "sup-tab-months": "#sup-months",
            "sup-tab-team": "#sup-team",
        }[tab]
        self.set_focus(self.query_one(first, DataTable))

    def action_open_record(self) -> None:
        client_id = self.chosen_client_id()
        if client_id is None:
            self.notify("Choose a client first.", markup=False)
        else:
            self.caseworker_app.open_client(client_id)

    def action_discuss(self) -> None:
        view = self.view
        if view is None or view.worker_id is None:
            return
        client_id = self.chosen_client_id()
        if client_id is None:
            self.notify("Choose a case (or a client behind a figure) to discuss.", markup=False)
            return
        on_figures = self.query_one(TabbedContent).active == "sup-tab-figures"
        chosen = self._chosen_case()
        why = self.drill_reason if on_figures else (chosen[1] if chosen else "")
        try:
            with self.db.session() as s:
                session_id = open_session(s, view.worker_id, self.caseworker_app.today).id
        except CaseworkerError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        form = CaseForm(
            session_id, client_id, why.replace("; ", "\n"), view.names.get(client_id, "")
        )
        self.app.push_screen(form, lambda saved: self.load() if saved else None)

    def action_sign_off(self) -> None:
        view = self.view
        if view is None or not view.in_progress:
            self.notify("No session in progress: discuss a case to open one.", markup=False)
            return
        done = sum(1 for c in view.cases.values() if c.case.discussed)
        open_ = len(view.cases) - done
        session_id = view.session.id

        def typed(passphrase: str | None) -> None:
            if passphrase:
                self.run_worker(
                    partial(self._sign, session_id, passphrase),
                    thread=True,
                    group="supervision-sign",
                    exclusive=True,
                )

        self.app.push_screen(SignOffDialog(view.worker_name, done, open_), typed)

    def _sign(self, session_id: uuid.UUID, passphrase: str) -> None:
        try:
            signed = sign_off_with_passphrase(
                self.db, session_id, passphrase, now_of(self.app), self.caseworker_app.today
            )
        except CaseworkerError as exc:
            self.app.call_from_thread(
                self.notify, f"Not signed off: {exc}", severity="error", markup=False
            )
            return
        message = f"Signed off by {signed.signed_as}: the session is sealed."
        self.app.call_from_thread(self.notify, message, markup=False)
        self.app.call_from_thread(self.load)

    def action_pack(self) -> None:
        view = self.view
        if view is None or view.worker_id is None:
            return
        worker_id, session_id = view.worker_id, view.session.id if view.session else None

        def chosen(where: Any) -> None:
            if where:
                self.run_worker(partial(self._pack, worker_id, session_id, *where),
                                thread=True, group="supervision-pack")  # fmt: skip

        self.app.push_screen(PackForm(worker_id, session_id), chosen)

    def _pack(self, worker_id: uuid.UUID, session_id: Any, path: Any, fmt: str) -> None:
        try:
            with self.db.session() as s:
                written = export_pack(s, worker_id, self.caseworker_app.today, path, fmt,
                                      session_id=session_id)  # fmt: skip
        except CaseworkerError as exc:
            self.app.call_from_thread(self.notify, f"No pack written: {exc}", severity="error",
                                      markup=False)  # fmt: skip
            return
        self.app.call_from_thread(self.notify, f"Pack written to {written}", markup=False)

    def action_next_worker(self) -> None:
        view = self.view
        if view is None or not view.keyboard_is_supervisor or len(view.people) < 2:
            self.notify("There is no one else to supervise here.", markup=False)
            return
        ids = [p[0] for p in view.people]
        at = ids.index(view.worker_id) if view.worker_id in ids else -1
        self.worker_id = ids[(at + 1) % len(ids)]
        self.load()
