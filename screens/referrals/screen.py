"""A client's referrals: each in a list with its status in words and its place in a chain
of re-referrals, the chosen one in full beneath, and above them the countdown of any
verbal CSC referral still to be confirmed in writing.

From here a referral is recorded, sent (a written one, through the consent check),
chased, acknowledged and given its outcome.
"""

from __future__ import annotations

import uuid
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from caseworker.agenda import due_items
from caseworker.core.dates import format_uk
from caseworker.core.vocab import label
from caseworker.diary import UK, DueKind
from caseworker.people import children_of, get_client
from caseworker.referrals import (
    MODES,
    URGENCY,
    VERBAL,
    WRITTEN,
    ReferralView,
    re_referrals,
    referrals_of,
)
from screens.keys import key_for
from screens.referrals.forms import AcknowledgedForm, ChaseForm, OutcomeForm, ReferralForm
from screens.visits.clock import now_of
from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen
from screens.widgets.text import cell, plain
from screens.wording import countdown_words, due_when

HELP = """\
The client's referrals, latest first. Choose one to read it in full beneath.

Every referral says the outcome wanted. A written one is sent through the consent
check: where consent to share with that agency is missing, refused or expired, you
record the basis for sharing anyway, or do not share; either way the decision is kept,
signed and dated. A referral not acknowledged in the protocol's time is due a chase in
the diary. A verbal referral to children's social care must be confirmed in writing
within 48 hours: its countdown shows here, on the caseload and in the diary until the
confirmation letter is finalised.

A referral that bounced back and is sent again names the first: the chain shows how
many times the family has been referred.
"""


def referral_text(v: ReferralView, names: dict[uuid.UUID, str]) -> str:
    r = v.referral
    who = " · ".join(p for p in (r.team, r.contact_name) if p)
    lines = [
        f"{r.agency}{' (children' + chr(39) + 's social care)' if r.to_csc else ''}"
        + (f" · {who}" if who else ""),
        f"{label(MODES, r.mode)} · {label(URGENCY, r.urgency)} · made {format_uk(r.made_on)}",
    ]
    if v.chain_words:
        lines.append(v.chain_words.capitalize())
    kids = ", ".join(names.get(c, "a child") for c in v.child_ids)
    lines.append(f"About: {kids or 'no child named'}")
    lines += [f"Reason: {r.reason}", f"Evidence: {r.evidence or 'none given'}",
              f"Outcome wanted: {r.wanted_outcome}"]  # fmt: skip
    if r.mode == VERBAL and r.call_at is not None:
        at = r.call_at.astimezone(UK) if r.call_at.tzinfo else r.call_at
        lines.append(f"Call {at:%d/%m/%Y %H:%M} to {r.call_to}: {r.call_said}")
    if r.confirmed_on:
        lines.append(f"Confirmed in writing {format_uk(r.confirmed_on)}")
    for c in v.chases:
        lines.append(f"Chased {format_uk(c.chased_on)}" + (f": {c.note}" if c.note else ""))
    lines.append(f"Status: {v.status}")
    return "\n".join(lines)


class ReferralsScreen(AppScreen):
    DEFAULT_CSS = """
    ReferralsScreen #referrals-table { height: 7; }
    ReferralsScreen #referral-text { height: 1fr; padding: 0 1; }
    """
    HELP = HELP
    HELP_TITLE = "Referrals"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False, tooltip="Back", id="referrals.back"),
        Binding("r", "record", "Record", tooltip="Record a referral", id="referrals.record"),
        Binding("s", "send", "Send", tooltip="Send a written referral (the consent check)",
                id="referrals.send"),
        Binding("c", "chase", "Chase", tooltip="Record a chase", id="referrals.chase"),
        Binding("k", "acknowledged", "Acknowledged", tooltip="The agency acknowledged it",
                id="referrals.acknowledged"),
        Binding("o", "outcome", "Outcome", tooltip="What the agency decided, and who",
                id="referrals.outcome"),
    ]  # fmt: skip

    def __init__(self, client_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id = client_id
        self.views: list[ReferralView] = []
        self.names: dict[uuid.UUID, str] = {}
        self.loads = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="referrals-title")
        yield DataTable(id="referrals-table", cursor_type="row")
        with VerticalScroll(id="referral-text"):
            yield Static("", id="referral-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Made", width=10)
        table.add_column("Agency", width=18)
        table.add_column("Status", width=30)
        table.add_column("Chain", width=14)
        self.set_focus(table)
        # Read by on_screen_resume, which runs on the first show too.

    def on_screen_resume(self) -> None:
        self.load()

    def chosen_client_id(self) -> uuid.UUID:
        return self.client_id

    def load(self) -> None:
        today, now = self.caseworker_app.today, now_of(self.app)
        with self.db.session() as s:
            client = get_client(s, self.client_id)
            self.views = referrals_of(s, self.client_id)
            self.names = {c.id: c.given_name for c in children_of(s, self.client_id)}
            confirming = [d for d in due_items(s, self.client_id)
                          if d.kind is DueKind.CSC_CONFIRMATION]  # fmt: skip
            name = f"{client.given_name} {client.family_name}"
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for v in self.views:
            chain = f"{v.position} of {v.chain}" if v.chain > 1 else ""
            table.add_row(cell(format_uk(v.referral.made_on)), cell(v.referral.agency),
                          cell(v.status), cell(chain))  # fmt: skip
        if self.views:
            table.move_cursor(row=min(keep, len(self.views) - 1))
        again = re_referrals(self.views)
        title = f"Referrals · {name} · {len(self.views)}"
        if again:
            title += f" · {again} re-referral{'s' if again > 1 else ''}"
        for d in confirming:
            words = countdown_words(d, now) or due_when(d, today, now)
            by = f" (by {d.booked_at.astimezone(UK):%a %d/%m %H:%M})" if d.booked_at else ""
            title += f"\nCSC referral: {words}{by}"
        if not self.views:
            title += f"\nNo referrals yet: {key_for(self, 'referrals.record')} records one."
        self.query_one("#referrals-title", Static).update(plain(title))
        self._show()
        self.loads += 1

    def on_data_table_row_highlighted(self) -> None:
        self._show()

    def _current(self) -> ReferralView | None:
        table = self.query_one(DataTable)
        if not self.views or table.cursor_row >= len(self.views):
            return None
        return self.views[max(table.cursor_row, 0)]

    def _show(self) -> None:
        v = self._current()
        self.query_one("#referral-detail", Static).update(
            plain(referral_text(v, self.names) if v else "")
        )

    # ---- actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def _done(self, message: str) -> Any:
        def after(result: object) -> None:
            if result:
                self.notify(message, markup=False)
            self.load()

        return after

    def _open(self, what: str) -> ReferralView | None:
        v = self._current()
        if v is None:
            self.notify("Record a referral first.", markup=False)
        elif v.referral.outcome:
            self.notify("This referral has its outcome: record a new one.", markup=False)
            return None
        elif what != "send" and v.referral.sent_on is None:
            self.notify("Send the referral first.", markup=False)
            return None
        return v

    def action_record(self) -> None:
        self.app.push_screen(ReferralForm(self.client_id), self._done("Referral recorded"))

    def action_send(self) -> None:
        v = self._open("send")
        if v is None:
            return
        if v.referral.mode != WRITTEN or v.referral.sent_on is not None:
            self.notify("Only a written referral not yet sent is sent from here.", markup=False)
            return
        from screens.referrals.send_form import SendForm

        form = SendForm(self.client_id, v.referral.id)
        self.app.push_screen(form, self._done("Sharing decision recorded"))

    def action_chase(self) -> None:
        v = self._open("chase")
        if v is not None:
            form = ChaseForm(self.client_id, v.referral.id)
            self.app.push_screen(form, self._done("Chase recorded"))

    def action_acknowledged(self) -> None:
        v = self._open("acknowledged")
        if v is not None:
            form = AcknowledgedForm(self.client_id, v.referral.id)
            self.app.push_screen(form, self._done("Acknowledgement recorded"))

    def action_outcome(self) -> None:
        v = self._open("outcome")
        if v is not None:
            form = OutcomeForm(self.client_id, v.referral.id)
            self.app.push_screen(form, self._done("Outcome recorded"))
