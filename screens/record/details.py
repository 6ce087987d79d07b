"""Any row of the record opened in full: a contact, a consent decision, a household member,
a finished screen's answers, a history entry. A table shows what fits in 80 columns; this
shows everything, as plain text (never markup: every value is what a worker typed).

The values come from caseworker.people and caseworker.screening; nothing is decided here.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from caseworker.core import vocab
from caseworker.core.dates import age_on, format_uk
from caseworker.people import (
    consent_decisions,
    get_child,
    get_contact,
    get_household_member,
)
from caseworker.referrals import decision_words, sharing_log
from caseworker.screening import ScreeningSummary, screening_answers
from screens.keys import key_for
from screens.widgets.footer import Footer
from screens.widgets.form import FieldSpec, FormScreen
from screens.widgets.screen import Dialog
from screens.wording import child_name

Lines = Sequence[tuple[str, str]]


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _lines(rows: Lines, width: int = 20) -> Table:
    """Label/value lines; a long value wraps within its own column (plain text, never
    markup), and a value of several lines keeps them."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=width, no_wrap=True, style="bold")
    grid.add_column(ratio=1)
    for label, value in rows:
        grid.add_row(Text(label), Text(value or "—"))
    return grid


class RecordDetail(Dialog[str | None]):
    """One record in full. Closing is escape; a household member can also be edited (e)
    or recorded as moved out (x): the dialog returns "edit" or "end" for the record to do."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", tooltip="Close and go back to the list",
                id="detail.close"),
        Binding("e", "choose('edit')", "Edit", tooltip="Edit this household member",
                id="detail.edit"),
        Binding("x", "choose('end')", "Moved out",
                tooltip="Record that they moved out (kept as history)", id="detail.end"),
    ]  # fmt: skip

    def __init__(self, title: str, body: RenderableType, *, actions: frozenset[str] = frozenset()):
        super().__init__()
        self.title_text, self.body, self.actions = title, body, actions

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(Text(self.title_text), classes="title")
            with VerticalScroll(id="detail-body"):
                yield Static(self.body, id="detail-text")
            hints = [f"{key_for(self, 'detail.close')} closes"]
            if "edit" in self.actions:
                hints.append(f"{key_for(self, 'detail.edit')} edits")
            if "end" in self.actions:
                hints.append(f"{key_for(self, 'detail.end')} records that they moved out")
            yield Static(Text(" · ".join(hints)), classes="hint")
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose":
            return bool(parameters) and parameters[0] in self.actions
        return True

    def action_choose(self, what: str) -> None:
        if what in self.actions:
            self.dismiss(what)


class MovedOutForm(FormScreen):
    """When a household member left: one date, today unless said otherwise."""

    FORM_TITLE = "Moved out of the household (kept as history)"
    FIELDS = (FieldSpec("left_on", "Left the household on *", "date"),)

    def __init__(self, member_id: uuid.UUID, today: date) -> None:
        self.member_id = member_id
        super().__init__({"left_on": format_uk(today)})

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        from caseworker.people import end_household_member

        with self.db.session() as s:
            return end_household_member(s, self.member_id, values, self.caseworker_app.today).id


# ---- what each section's row shows in full ----------------------------------------------


def contact_detail(session: Any, contact_id: uuid.UUID) -> tuple[str, RenderableType]:
    c = get_contact(session, contact_id)
    child = child_name(get_child(session, c.child_id)) if c.child_id else "the client"
    before = ""
    if c.replaces_id is not None:
        old = get_contact(session, c.replaces_id)
        before = f"{old.contact_name or old.agency} (ended {format_uk(old.ended_on)})"
    rows = [
        ("Agency", c.agency),
        ("Team", c.team),
        ("Named contact", c.contact_name),
        ("Role", vocab.label(vocab.NETWORK_ROLES, c.role)),
        ("Phone", c.phone),
        ("Email", c.email),
        ("Involvement", "confirmed with the agency" if c.confirmed else "NOT confirmed"),
        ("Last checked", format_uk(c.last_checked)),
        ("Involved since", format_uk(c.started_on)),
        ("Status", f"ENDED {format_uk(c.ended_on)}" if c.ended_on else "current"),
        ("Involved with", child),
        ("Replaces", before),
    ]
    return f"Contact: {c.agency}", _lines([r for r in rows if r[0] != "Replaces" or r[1]])


def consent_detail(
    session: Any, client_id: uuid.UUID, consent_id: uuid.UUID
) -> tuple[str, RenderableType]:
    d = next((d for d in consent_decisions(session, client_id) if d.id == consent_id), None)
    if d is None:
        shared = next((x for x in sharing_log(session, client_id) if x.id == consent_id), None)
        if shared is not None:
            return f"Sharing decision: {shared.recipient}", _lines([
                ("Decision", decision_words(shared)),
                ("Consent at the time", shared.consent_state),
                ("Signed", f"{shared.signed_as}, {format_uk(shared.decided_on)}"),
            ])  # fmt: skip
        return "Consent", Text("That consent decision no longer exists.")
    rows = [
        ("Recipient", d.recipient),
        ("Decision", vocab.label(vocab.CONSENT_STATES, d.state)),
        ("Date of decision", format_uk(d.decided_on)),
        ("Policy explained on", format_uk(d.policy_explained_on) or "not recorded"),
        ("Counts", "yes: the newest for this recipient" if d.current
         else "no: superseded by a later decision"),
        ("Reason / notes", d.notes),
    ]  # fmt: skip
    return f"Consent: {d.recipient}", _lines(rows)


def household_detail(
    session: Any, member_id: uuid.UUID, today: date
) -> tuple[str, RenderableType, bool]:
    """(title, text, still in the home)."""
    m = get_household_member(session, member_id)
    born = ""
    if m.date_of_birth:
        born = f"{format_uk(m.date_of_birth)} ({age_on(m.date_of_birth, today)})"
    rows = [
        ("Name", m.name),
        ("Relationship", m.relationship),
        ("Date of birth", born),
        ("Under 18", _yes(m.under_18)),
        ("Known to services", _yes(m.known_to_services)),
        ("Substance use", m.substance_use),
        ("Domestic abuse known", _yes(m.domestic_abuse)),
        ("Lives in the home", f"no: LEFT {format_uk(m.left_on)}" if m.left_on else "yes"),
        ("Notes", m.notes),
    ]
    return f"Household: {m.name}", _lines(rows), m.left_on is None


def screening_detail(session: Any, summary: ScreeningSummary) -> tuple[str, RenderableType]:
    """Each question with the answer given and its score, after what the screen found."""
    head = _lines([
        ("Screen", summary.name),
        ("Occasion", summary.occasion),
        ("Date", format_uk(summary.on)),
        ("By", summary.worker),
        ("Result", summary.result),
    ])  # fmt: skip
    items = screening_answers(session, summary.id)
    if summary.instrument == "parental":
        return _title(summary), Group(
            head, Text(""), _lines([(i.question, i.answer) for i in items], width=28)
        )
    answers = Text()
    for item in items:
        scored = "" if item.score is None else f"  (scores {item.score})"
        answers.append(f"{item.label}. {item.question}\n", style="bold")
        answers.append(f"   {item.answer}{scored}\n")
    return _title(summary), Group(head, Text(""), answers)


def _title(summary: ScreeningSummary) -> str:
    return f"{summary.name} · {summary.occasion} · {format_uk(summary.on)}"


def table_row_detail(table: DataTable, row_key: Any) -> RenderableType:
    """A row as every column's label and its whole value (what a narrow column cut)."""
    cells = table.get_row(row_key)
    labels = [str(col.label) for col in table.columns.values()]
    return _lines(list(zip(labels, (str(c) for c in cells), strict=False)), width=10)
