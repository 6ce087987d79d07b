"""The screening questionnaire: one item at a time, a key per answer, one to move on.

Every answer is saved at once as a draft (leaving keeps it; the draft is resumed next
time), skip and stop rules apply as answers come in, and the result, band and the
next step show at the end. Scoring and rules live in caseworker/; this only asks.
"""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from caseworker.core.errors import CaseworkerError
from caseworker.core.vocab import SCREENING_OCCASIONS, label
from caseworker.people import get_client
from caseworker.screening import (
    answers_of,
    complete,
    continue_into_full,
    discard_if_empty,
    instruments,
    open_draft,
    record_answer,
    start,
    top_definition,
    top_occasions,
)
from screens.keys import key_for
from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen, Dialog
from screens.widgets.text import escape, plain, shown, styled
from screens.wording import client_line

HELP = """\
Read the question as written, then press the key beside the client's answer: it is
saved at once. You can move on to the next question, or go back to change an answer.
Questions that the answers so far make unnecessary are skipped for you.

You can leave at any time: the screen is kept as a draft and carries on where you
left off next time. A draft never counts as a completed screen.

A new screen first asks on which occasion it is done: intake, a treatment review or
discharge (a draft carries on with the occasion it was started on). Each answer shows
what it scores.

At the end it is scored, with the total, the band and what it suggests next. After a
positive AUDIT-C (or FAST) you can continue into the full AUDIT: the answers already
given are carried over, not asked again.
"""

ANSWER = Binding.Group("Answer")


class ScreeningScreen(AppScreen):
    HELP = HELP
    HELP_TITLE = "Screening"
    BINDINGS = [
        *[Binding(str(n), f"pick({n})", f"Answer {n}", group=ANSWER,
                  tooltip=f"Answer with option {n}", id=f"screening.answer_{n}")
          for n in range(1, 10)],
        Binding("enter", "forward", "Next", tooltip="Next question, or finish and score",
                id="screening.next"),
        Binding("left,b", "back", "Back", tooltip="Back to the question before",
                id="screening.back"),
        Binding("a", "continue_full", "Full AUDIT",
                tooltip="Continue into the full AUDIT, answers carried over",
                id="screening.continue_full"),
        Binding("escape", "leave", "Leave",
                tooltip="Leave: the answers so far are kept as a draft", id="screening.leave"),
    ]  # fmt: skip

    def __init__(self, client_id: uuid.UUID, instrument_id: str, occasion: str | None = None):
        super().__init__()
        self.client_id = client_id
        self.instrument = instruments.load(instrument_id)
        # None: asked first (intake, review or discharge), unless a draft says already.
        self.occasion = occasion
        self.asking_occasion = False
        self.client_line = ""
        self.screening_id: uuid.UUID | None = None
        self.answers: dict[int, int] = {}
        self.current: int | None = None
        self.result: instruments.ScoreResult | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="screening-title", classes="app-title")
        # Not focusable: scrolling would take the arrow keys that answer and go back.
        with VerticalScroll(id="screening-body", can_focus=False):
            yield Static("", id="screening-progress")
            yield Static("", id="screening-question", classes="question")
            yield Static("", id="screening-options")
            yield Static("", id="screening-hint", classes="hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        try:
            with self.db.session() as s:
                client = get_client(s, self.client_id)
                draft = open_draft(s, self.client_id, self.instrument.id)
        except CaseworkerError as exc:  # the client went (another window, say)
            self.notify(str(exc), severity="error", markup=False)
            self.app.pop_screen()
            return
        self.client_line = client_line(client)
        if draft is not None:
            self.occasion = draft.occasion
        self._show_title()
        if self.occasion is None:
            self.asking_occasion = True
            self.render_occasion()
            return
        self._start()

    def _show_title(self) -> None:
        # Whose screen this is, on every question: plain text, never markup.
        title = Text(f"{self.instrument.name} · {self.instrument.timeframe}\n", style="bold")
        title.append(f"Client: {shown(self.client_line)}", style="")
        if self.occasion:
            title.append(f" · {label(SCREENING_OCCASIONS, self.occasion)}", style="")
        self.query_one("#screening-title", Static).update(title)

    def _start(self) -> None:
        today = self.caseworker_app.today
        with self.db.session() as s:
            draft = start(s, self.client_id, self.instrument.id, today,
                          occasion=self.occasion or "review")  # fmt: skip
            self.screening_id = draft.id
            self.answers = answers_of(draft)
        resumed = bool(self.answers)
        self.current = instruments.next_item(self.instrument.id, self.answers)
        if self.current is None:  # every item already answered (e.g. all carried over)
            self.current = max(self.answers, default=1)
        self._show_title()
        if resumed:
            self.notify("Carrying on from the answers already saved.", timeout=3)
        self.render_item()

    def render_occasion(self) -> None:
        """The first question of a new screen: on which occasion it is done."""
        self.query_one("#screening-progress", Static).update("Before the questions")
        self.query_one("#screening-question", Static).update(
            "On which occasion is this screen done?"
        )
        lines = [
            f"   {self._key(f'answer_{i}')}  {escape(words)}"
            for i, (_, words) in enumerate(SCREENING_OCCASIONS, start=1)
        ]
        self.query_one("#screening-options", Static).update("\n".join(lines))
        self.query_one("#screening-hint", Static).update(
            "Screen at intake, at every treatment review and at discharge"
        )
        self.refresh_bindings()

    # ---- showing ------------------------------------------------------------------------

    def _key(self, name: str) -> str:
        return escape(key_for(self, f"screening.{name}"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the answers this question has; going back or further only while asking."""
        if self.asking_occasion:
            if action == "pick":
                number = parameters[0] if parameters else 0
                return isinstance(number, int) and 1 <= number <= len(SCREENING_OCCASIONS)
            return action not in {"forward", "back", "continue_full"}
        if action == "pick":
            if self.result is not None or self.current is None:
                return False
            number = parameters[0] if parameters else 0
            options = len(self.instrument.item(self.current).options)
            return isinstance(number, int) and 1 <= number <= options
        if action == "back":
            return self.result is None
        if action == "continue_full":
            return self.result is not None and bool(self.result.next_instrument)
        return True

    def _sequence(self) -> list[int]:
        """Items to ask, in order, with the rules applied to the answers so far."""
        skipped = set(instruments.progress(self.instrument.id, self.answers).skipped)
        return [i.number for i in self.instrument.items if i.number not in skipped]

    def render_item(self) -> None:
        if self.result is not None:
            return self.render_result()
        assert self.current is not None  # set on mount, and never unset
        item = self.instrument.item(self.current)
        seq = self._sequence()
        answered = sum(1 for n in seq if n in self.answers)
        done = instruments.progress(self.instrument.id, self.answers).complete
        position = seq.index(item.number) + 1 if item.number in seq else "?"
        self.query_one("#screening-progress", Static).update(
            f"Question {item.number} · {answered} of {len(seq)} answered"
            + (f" · all answered: {self._key('next')} to finish" if done else "")
        )
        section = next((s for s in self.instrument.sections if s.id == item.section), None)
        heading = (section.title, "bold") if section and section.title else ""
        self.query_one("#screening-question", Static).update(
            styled(heading, "\n" if heading else "", item.text)
        )
        chosen = self.answers.get(item.number)
        lines = []
        for i, option in enumerate(item.options):
            mark = "▶" if chosen == i else " "
            word = "  (chosen)" if chosen == i else ""
            scores = f"  (scores {option.score})"  # what the answer adds, before choosing
            lines.append(
                f" {mark} {self._key(f'answer_{i + 1}')}  {escape(option.label)}{scores}{word}"
            )
        self.query_one("#screening-options", Static).update("\n".join(lines))
        self.query_one("#screening-hint", Static).update(
            f"Every answer is saved as a draft at once · question {position} of {len(seq)}"
        )
        self.refresh_bindings()  # this question's answer keys (check_action)

    def render_result(self) -> None:
        r = self.result
        assert r is not None
        self.query_one("#screening-progress", Static).update("Complete")
        verdict = "POSITIVE" if r.positive else "negative"
        name, band = r.instrument_name, r.band
        text = styled((f"{name}: {r.total} of {r.max_total}, {band}", "bold"), f" ({verdict})")
        self.query_one("#screening-question", Static).update(text)
        lines = []
        if r.band_action:
            lines.append(r.band_action)
        if r.suggests:
            lines.append(f"Next step: {r.suggests}")
        for flag in r.flags:
            lines.append(f"FLAG: {flag} (what this makes due is on the record)")
        self.query_one("#screening-options", Static).update(escape("\n".join(lines)))
        hint = f"{self._key('next')} or {self._key('leave')}: back to the record"
        if r.next_instrument:
            name = escape(instruments.load(r.next_instrument).short_name)
            more = self._key("continue_full")
            hint = f"{more}: continue into the full {name} (answers carried over) · " + hint
        self.query_one("#screening-hint", Static).update(hint)
        self.refresh_bindings()

    # ---- actions ------------------------------------------------------------------------

    def _draft_id(self) -> uuid.UUID:
        """The screening being answered, started (or resumed) on mount."""
        if self.screening_id is None:
            raise RuntimeError("The screening has not started: the screen is not mounted yet.")
        return self.screening_id

    def action_pick(self, number: int) -> None:
        if self.asking_occasion:
            if 1 <= number <= len(SCREENING_OCCASIONS):
                self.occasion = SCREENING_OCCASIONS[number - 1][0]
                self.asking_occasion = False
                self._start()
            return
        if self.result is not None or self.current is None:
            return
        item = self.instrument.item(self.current)
        if number > len(item.options):
            return
        try:
            with self.db.session() as s:
                record_answer(s, self._draft_id(), item.number, number - 1)
        except CaseworkerError as exc:
            self.notify(f"Answer not saved: {exc}", severity="error", markup=False)
            return
        self.answers[item.number] = number - 1
        self.render_item()

    def action_forward(self) -> None:
        if self.asking_occasion:
            self.notify("Choose the occasion first.", severity="warning")
            return
        if self.result is not None:
            self.action_leave()
            return
        if self.current not in self.answers:
            self.notify("Answer this question first.", severity="warning")
            return
        later = [n for n in self._sequence() if n > self.current]
        progress = instruments.progress(self.instrument.id, self.answers)
        if later:
            self.current = later[0]
            self.render_item()
        elif progress.complete:
            self._finish()
        else:  # an earlier item is still unanswered (e.g. after going back)
            self.current = progress.next_item
            self.render_item()

    def action_back(self) -> None:
        if self.asking_occasion or self.result is not None or self.current is None:
            return
        earlier = [n for n in self._sequence() if n < self.current]
        if earlier:
            self.current = earlier[-1]
            self.render_item()

    def _finish(self) -> None:
        try:
            with self.db.session() as s:
                self.result = complete(s, self._draft_id(), self.caseworker_app.today)
        except CaseworkerError as exc:
            self.notify(f"Not finished: {exc}", severity="error", markup=False)
            return
        self.render_result()

    def action_continue_full(self) -> None:
        if self.result is None or not self.result.next_instrument:
            return
        try:
            with self.db.session() as s:
                follow = continue_into_full(s, self._draft_id(), self.caseworker_app.today)
        except CaseworkerError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if follow is not None:
            self.app.switch_screen(ScreeningScreen(self.client_id, follow.instrument,
                                                   self.occasion))  # fmt: skip

    def quit_question(self) -> str | None:
        """What Ctrl+Q asks before leaving the app from a questionnaire (answers are kept
        as a draft, but a worker mid-screen with a client should not leave by a slip)."""
        if self.result is not None:
            return None
        kept = " The answers so far are kept as a draft." if self.answers else ""
        return f"Leave caseworker in the middle of this {self.instrument.short_name}?{kept}"

    def action_leave(self) -> None:
        if self.result is None and self.answers:
            self.notify("Saved as a draft: it carries on from here next time.", timeout=3)
        elif self.result is None and self.screening_id is not None:
            try:
                with self.db.session() as s:
                    discard_if_empty(s, self.screening_id)
            except CaseworkerError:
                pass  # an empty draft left behind is harmless
        self.app.pop_screen()


def picker_order() -> list[instruments.Instrument]:
    """The scored instruments in data/instruments/, the short screens that lead on to a
    full instrument (AUDIT-C, FAST) first, as they are the ones used most; then by name."""
    loaded = [instruments.load(iid) for iid in instruments.available()]
    return sorted(loaded, key=lambda i: (i.follow_on is None, i.name.casefold()))


class InstrumentPicker(Dialog[str | None]):
    """Choose what to screen with: the parental screen first, then every scored
    instrument in data/instruments/, then TOP."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Close the list, screen nothing",
                id="picker.cancel"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Screen with which instrument?", classes="title")
            options = [Option("Parental screen: children, pregnancy, agencies, consent",
                              id="parental")]  # fmt: skip
            for inst in picker_order():
                options.append(Option(plain(inst.name), id=inst.id))
            top = top_definition()
            occasions = ", ".join(label.lower() for _, label in top_occasions())
            options.append(Option(plain(f"{top.name} ({occasions})"), id="top"))
            yield OptionList(*options, id="instrument-list")
            yield Static(f"{escape(key_for(self, 'picker.cancel'))} cancels", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
