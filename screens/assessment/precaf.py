"""The pre-CAF screen: every element of the checklist, domain by domain, rated with one
key for the child shown (or the whole family at once), with what the record already says
beside it and the suggestion its ratings lead to; the decision is the worker's, signed
and sealed.

The view is read in a worker thread and each rating is written in one, one at a time
(a lock: two quick keys never race for the database); the rating shows at once, the
suggestion when the write is back.
"""

from __future__ import annotations

import threading
import uuid
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from caseworker.assessment import PreCafView, facts_for, precaf_view, rate, start_precaf
from caseworker.core.errors import CaseworkerError
from screens.assessment import precaf_rows as rows
from screens.assessment.precaf_table import ratings_table, summary_table
from screens.keys import key_for
from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen
from screens.widgets.text import plain

HELP = """\
The pre-CAF: for each child in the client's care (and an unborn child), each element
of the three CAF domains and the substance-specific questions is rated no concern,
some concern, serious concern or not known, with the evidence and its source.

What screening and the register already recorded is shown beside each element ("on
record"), with where it came from: it is not asked again. Confirm it as the evidence
with the evidence key, or write your own.

Rate the highlighted element with 1 (no concern), 2 (some concern), 3 (serious
concern) or 0 (not known). The child key moves to the next child, then the whole
family: a rating there is given to every child at once. Summary shows each domain
for each child. Elements marked ! are about the child's safety: a serious concern
there suggests a referral to children's social care, and "no additional needs" is
suggested only when every one of them is known.

The suggestion and its reasons show under the ratings; the decision is yours, and a
decision other than the suggestion needs its reason. Once decided it is signed with
your name and sealed: a later pre-CAF supersedes it.
"""

_RATING_KEYS = (
    ("1", "no_concern", "No concern"),
    ("2", "some_concern", "Some concern"),
    ("3", "serious_concern", "Serious concern"),
    ("0", "not_known", "Not known"),
)


class PreCafScreen(AppScreen):
    DEFAULT_CSS = """
    PreCafScreen #precaf-title { padding: 0 1; height: auto; }
    PreCafScreen #precaf-table { height: 1fr; }
    PreCafScreen #precaf-detail { height: auto; max-height: 4; padding: 0 1; }
    PreCafScreen #precaf-suggestion { height: auto; max-height: 3; padding: 0 1; }
    """
    HELP = HELP
    HELP_TITLE = "Pre-CAF assessment"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False, tooltip="Back to the client's record",
                id="precaf.back"),
        *[Binding(key, f"rate('{rating}')", words, show=key == "1",
                  tooltip=f"Rate the highlighted element: {words.lower()}",
                  id=f"precaf.rate_{rating}")
          for key, rating, words in _RATING_KEYS],
        Binding("c", "next_child", "Child", tooltip="The next child (then the whole family)",
                id="precaf.child"),
        Binding("e", "evidence", "Evidence",
                tooltip="The rating with its evidence and source (what is on record is shown)",
                id="precaf.evidence"),
        Binding("s", "summary", "Domains", tooltip="Each domain for each child, or the elements",
                id="precaf.summary"),
        Binding("d", "decide", "Decide", tooltip="Record your decision (signed, then sealed)",
                id="precaf.decide"),
        Binding("p", "print_summary", "Print",
                tooltip="Save the summary for the case file (Word or Markdown)",
                id="precaf.print"),
        Binding("m", "multi_agency", "Multi-agency",
                tooltip="The multi-agency assessment: start, home visits, copies, complete",
                id="precaf.multi_agency"),
        Binding("b", "begin", "New pre-CAF", show=False,
                tooltip="Begin a new pre-CAF that supersedes the decided one",
                id="precaf.begin"),
    ]  # fmt: skip

    def __init__(self, client_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id = client_id
        self.view: PreCafView | None = None
        self.child_index = 0  # into view.children; len(children): the whole family
        self.summary = False
        self.loads = 0  # views shown so far (tests wait on it)
        self.writes = 0  # ratings written so far
        self._reads = 0
        self._write_lock = threading.Lock()
        self._element_keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="precaf-title")
        yield DataTable(id="precaf-table", cursor_type="row")
        yield Static("", id="precaf-detail")
        yield Static("", id="precaf-suggestion")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one(DataTable))

    def on_screen_resume(self) -> None:
        self.load()

    # ---- loading ------------------------------------------------------------------------

    def load(self) -> None:
        self._reads += 1
        self.run_worker(
            partial(self._read, self._reads), group="precaf-read", exclusive=True, thread=True
        )

    def _read(self, seq: int) -> None:
        try:
            with self.db.session() as s:
                view = precaf_view(s, self.client_id, self.caseworker_app.today)
        except CaseworkerError as exc:
            self.tell_read_failed(exc)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, seq, view)

    def _show(self, seq: int, view: PreCafView) -> None:
        if seq != self._reads:
            return
        self.view = view
        self.child_index = min(self.child_index, len(view.children))
        self._fill_table()
        self._show_texts()
        self.loads += 1

    @property
    def child(self):
        """The child shown (None: the whole family)."""
        if self.view is None or self.child_index >= len(self.view.children):
            return None
        return self.view.children[self.child_index]

    def _fill_table(self) -> None:
        assert self.view is not None
        table = self.query_one(DataTable)
        keep = table.cursor_row
        fill = summary_table if self.summary else ratings_table
        self._element_keys = fill(table, self.view, self.child, self.app.size.width)
        if table.row_count:
            table.move_cursor(row=min(max(keep, 1), table.row_count - 1))

    def _show_texts(self) -> None:
        view = self.view
        if view is None:
            return
        p = view.precaf
        if p is None:
            state = "not begun: the first rating begins it"
        elif p.decision is None:
            state = f"being rated since {p.started_on:%d/%m/%Y}"
        else:
            state = f"decided {p.decided_on:%d/%m/%Y}"
        who = self.child
        shown = f"{who.name}{', ' + who.about if who.about else ''}" if who else "whole family"
        if self.summary:
            shown = "summary of every domain"
        nxt = key_for(self, "precaf.child")
        title = [
            f"{view.checklist.title} · {view.client_name} · {state}",
            f"Showing: {shown} · {nxt}: next child / family · ! safety",
        ]
        if not view.children:
            title.append("No child in the client's care is on the register.")
        title += rows.decision_lines(view)
        self.query_one("#precaf-title", Static).update(plain("\n".join(title)))
        self._show_detail()
        suggestion = (
            rows.suggestion_lines(view, None if self.summary else who)
            if view.children and not view.decided
            else []
        )
        self.query_one("#precaf-suggestion", Static).update(plain("\n".join(suggestion)))

    def _element(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count or self.summary:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key in self._element_keys else None

    def _show_detail(self) -> None:
        element = self._element()
        text = (
            ""
            if element is None or self.view is None
            else "\n".join(rows.detail_lines(self.view, self.child, element))
        )
        self.query_one("#precaf-detail", Static).update(plain(text))

    def _step(self, by: int) -> None:
        """To the next element (over a domain's heading)."""
        table = self.query_one(DataTable)
        row = table.cursor_row + by
        while 0 <= row < table.row_count:
            key = table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
            if key in self._element_keys:
                table.move_cursor(row=row)
                return
            row += by

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    # ---- actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_next_child(self) -> None:
        if self.view is None or not self.view.children:
            return
        self.child_index = (self.child_index + 1) % (len(self.view.children) + 1)
        self.summary = False
        self._fill_table()
        self.query_one(DataTable).move_cursor(row=1)  # the next child from the first element
        self._show_texts()

    def action_summary(self) -> None:
        if self.view is None:
            return
        self.summary = not self.summary
        self._fill_table()
        self._show_texts()

    def _sealed(self) -> bool:
        if self.view is not None and self.view.decided:
            begin = key_for(self, "precaf.begin")
            self.notify(
                f"This pre-CAF is decided and sealed. {begin} begins a new one, which "
                "supersedes it.",
                markup=False,
            )
            return True
        return False

    def _targets(self) -> tuple[uuid.UUID, ...]:
        assert self.view is not None
        who = self.child
        return (who.id,) if who else tuple(c.id for c in self.view.children)

    def action_rate(self, rating: str) -> None:
        element = self._element()
        if self.view is None or element is None or not self.view.children or self._sealed():
            if self.summary:
                self.notify("The summary is read-only: s goes back to the elements.", markup=False)
            elif self.view is not None and element is None and self.view.children:
                self.notify("That is a domain's heading: move to one of its elements.",
                            markup=False)  # fmt: skip
            return
        targets = self._targets()
        # Shown at once; the suggestion follows when the write is back.
        table = self.query_one(DataTable)
        row = table.cursor_row
        if self.child is None:
            for column in range(1, 1 + len(self.view.children)):
                table.update_cell_at(
                    Coordinate(row, column), rows.rating_cell(self.view, rating, short=True)
                )
        else:
            table.update_cell_at(Coordinate(row, 1), rows.rating_cell(self.view, rating))
        self._step(+1)
        self.run_worker(
            partial(self._write, targets, element, rating), group="precaf-write", thread=True
        )

    def _write(self, targets: tuple[uuid.UUID, ...], element: str, rating: str) -> None:
        try:
            with self._write_lock, self.db.session() as s:
                precaf = start_precaf(s, self.client_id, self.caseworker_app.today)
                rate(s, precaf.id, targets, element, rating)
        except CaseworkerError as exc:  # locked under it too: the worker is told, as here
            self.app.call_from_thread(
                self.notify, f"Not saved: {exc}", severity="error", markup=False
            )
        self.writes += 1
        self.app.call_from_thread(self.load)

    def action_evidence(self) -> None:
        from screens.assessment.precaf_forms import EvidenceForm

        element = self._element()
        if self.view is None or element is None or not self.view.children or self._sealed():
            return
        who = self.child
        current = self.view.rating(who.id, element) if who else None
        values = (
            {"rating": current.rating, "evidence": current.evidence, "source": current.source}
            if current
            else {}
        )
        if not values:
            found = rows.evidence_words(self.view, who.id if who else None, element)
            facts = facts_for(self.view.facts, element, who.id if who else None)
            if facts:  # confirmable: the facts on record, as the evidence, with their source
                values = {"evidence": found.removeprefix("on record: "), "source": facts[0].source}
        about = f"{who.name}{', ' + who.about if who.about else ''}" if who else "the whole family"
        form = EvidenceForm(
            self.client_id,
            who.id if who else None,
            element,
            children=self._targets(),
            values=values,
            about=about,
        )
        self.app.push_screen(form, lambda saved: self.load() if saved else None)

    def action_decide(self) -> None:
        from screens.assessment.precaf_forms import DecisionForm

        view = self.view
        if view is None or self._sealed():
            return
        if view.precaf is None or not view.ratings:
            self.notify("Rate the elements first: the decision rests on them.", markup=False)
            return

        def decided(decision: object) -> None:
            if decision:
                self.notify(
                    "Decision signed and sealed; what it makes due is in the diary.",
                    timeout=5,
                    markup=False,
                )

        self.app.push_screen(DecisionForm(self.client_id, view.precaf.id), decided)

    def action_print_summary(self) -> None:
        from screens.assessment.precaf_forms import SummaryExportForm

        if self.view is None or self.view.precaf is None:
            self.notify("Nothing to print yet: rate the elements first.", markup=False)
            return

        def saved(path: object) -> None:
            if path:
                self.notify(f"Summary saved to {path} (not encrypted)", timeout=6, markup=False)

        self.app.push_screen(SummaryExportForm(self.client_id, self.view.precaf.id), saved)

    def action_multi_agency(self) -> None:
        from screens.assessment.multi_agency import MultiAgencyScreen

        self.app.push_screen(MultiAgencyScreen(self.client_id))

    def action_begin(self) -> None:
        if self.view is None or not self.view.decided:
            self.notify("This pre-CAF is not decided yet: carry on rating it.", markup=False)
            return

        def begin() -> None:
            try:
                with self.db.session() as s:
                    start_precaf(s, self.client_id, self.caseworker_app.today)
            except CaseworkerError as exc:
                self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            self.app.call_from_thread(self.load)

        self.run_worker(begin, group="precaf-write", thread=True)
