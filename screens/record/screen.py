"""One client's record: profile, children, household, network, consent, timeline."""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from caseworker.agenda import due_items
from caseworker.core import vocab
from caseworker.core.dates import age_on, format_uk
from caseworker.core.errors import CaseworkerError
from caseworker.people import clients, family, network
from caseworker.people.timeline import timeline_for
from caseworker.screening import sessions as screening
from caseworker.screening import top as outcomes
from screens.widgets.text import cell, escape
from screens.wording import due_line

HELP = """\
Everything recorded about one client. Number keys 1-7 switch section and put you
in its list: the arrow keys move, Enter opens. Esc goes back to the caseload.

Children: every child in the register, including unborn children (with the due
date), where and with whom each lives, and the help each receives. Enter on a
child edits it. Household: other adults and under-18s in the home.
Network: the professionals involved, current first; when an agency's contact
changes, press r on the old contact: it is kept in the history, not overwritten.
Consent: each decision to share with a named recipient; the newest counts.
History: everything recorded about this client, by whom and when.
Screens: every screen with its score and band, drafts to resume (Enter), and
what is due. s chooses a screen: the parental screen (also p), AUDIT-C, AUDIT,
FAST, DAST-10, SADQ or TOP. TOP is recorded from the same list (s); Enter on a TOP
row sets it beside the start values.
"""

TABS = ("profile", "children", "household", "network", "consent", "timeline", "screening")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


class ClientScreen(Screen):
    HELP = HELP
    HELP_TITLE = "Client record"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("e", "edit_client", "Edit"),
        Binding("c", "add_child", "Child"),
        Binding("h", "add_household", "Household"),
        Binding("n", "add_contact", "Contact"),
        Binding("r", "replace_contact", "Contact changed", show=False),
        Binding("k", "record_consent", "Consent"),
        Binding("s", "screen", "Screen"),
        Binding("p", "parental_screen", "Parental", show=False),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        *[Binding(str(i + 1), f"show_tab('{t}')", t.capitalize(), show=False)
          for i, t in enumerate(TABS)],
    ]  # fmt: skip

    def __init__(self, client_id: uuid.UUID) -> None:
        super().__init__()
        self.client_id = client_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="client-summary")
        with TabbedContent(id="sections", initial="profile"):
            with TabPane("1 Profile", id="profile"), VerticalScroll():
                yield Static("", id="profile-text")
            with TabPane("2 Children", id="children"):
                yield DataTable(id="children-table", cursor_type="row")
            with TabPane("3 Household", id="household"):
                yield DataTable(id="household-table", cursor_type="row")
            with TabPane("4 Network", id="network"):
                yield DataTable(id="network-table", cursor_type="row")
            with TabPane("5 Consent", id="consent"):
                yield DataTable(id="consent-table", cursor_type="row")
            with TabPane("6 History", id="timeline"):
                yield DataTable(id="timeline-table", cursor_type="row")
            with TabPane("7 Screens", id="screening"):
                yield Static("", id="due-summary")
                yield DataTable(id="screening-table", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # Widths that fit 80 columns; the last column takes what is left.
        self._columns(
            "children-table",
            ("Child", 16),
            ("Age / due", 15),
            ("Lives with", 20),
            ("Help", 12),
            ("Flags", 0),
        )
        self._columns(
            "household-table",
            ("Name", 18),
            ("Relationship", 14),
            ("Under 18", 8),
            ("Known", 5),
            ("Substance use", 0),
        )
        # Status second: an ended contact must never look current at 80 columns.
        self._columns(
            "network-table",
            ("Agency", 20),
            ("Status", 14),
            ("Contact", 14),
            ("Confirmed", 13),
            ("Checked", 10),
            ("Role", 0),
        )
        self._columns(
            "consent-table",
            ("Recipient", 22),
            ("Decision", 24),
            ("Date", 10),
            ("Policy explained", 0),
        )
        self._columns("timeline-table", ("When", 16), ("Who", 14), ("What", 0))
        self._columns(
            "screening-table",
            ("Date", 10),
            ("Screen", 8),
            ("Occasion", 9),
            ("By", 12),
            ("Result", 0),
        )
        # The record itself is loaded by on_screen_resume, which also runs on first show.

    def _columns(self, table_id: str, *columns: tuple[str, int]) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        used = sum(w + 2 for _, w in columns if w)
        for name, width in columns:
            table.add_column(name, width=width or max(10, self.app.size.width - used - 4))

    # ---- loading ------------------------------------------------------------------------

    def refresh_record(self) -> None:
        today = self.app.today
        with self.app.db.session() as s:
            try:
                client = clients.get_client(s, self.client_id)
            except CaseworkerError as exc:
                self.notify(str(exc), severity="error", markup=False)
                self.app.pop_screen()
                return
            aliases = clients.aliases_of(s, self.client_id)
            previous = clients.previous_addresses(s, self.client_id)
            kids = family.children_of(s, self.client_id)
            household = family.household_of(s, self.client_id)
            contacts = network.network_of(s, self.client_id)
            consents = network.consent_history(s, self.client_id)
            events = timeline_for(s, self.client_id)
            screens = screening.history(s, self.client_id)
            due = due_items(s, self.client_id)
            top_lines = {
                sc.id: outcomes.top_summary(s, self.client_id, sc)
                for sc, _ in screens
                if sc.instrument == "top"
            }
        self._summary(client, kids, due, today)
        self._profile(client, aliases, previous)
        table = self._reset("children-table")
        for k in kids:
            if k.unborn:
                when = f"due {format_uk(k.due_date)}"
            elif k.date_of_birth:
                when = f"{age_on(k.date_of_birth, today)} ({format_uk(k.date_of_birth)})"
            else:
                when = ""
            lives = vocab.label(vocab.LIVES_WITH, k.lives_with)
            if k.lives_with_detail:
                lives += f": {k.lives_with_detail}"
            flags = "young carer" if k.young_carer else ""
            help_ = vocab.label(vocab.CURRENT_HELP, k.current_help)
            table.add_row(*map(cell, (k.display_name(), when, lives, help_, flags)), key=str(k.id))
        table = self._reset("household-table")
        for m in household:
            values = (m.name, m.relationship, _yes(m.under_18), _yes(m.known_to_services),
                      m.substance_use)  # fmt: skip
            table.add_row(*map(cell, values), key=str(m.id))
        table = self._reset("network-table")
        for c in contacts:
            state = f"ENDED {c.ended_on:%d/%m/%y}" if c.ended_on else "current"
            values = (
                c.agency + (f" ({c.team})" if c.team else ""),
                state,
                c.contact_name,
                "confirmed" if c.confirmed else "NOT confirmed",
                format_uk(c.last_checked),
                vocab.label(vocab.NETWORK_ROLES, c.role),
            )
            table.add_row(*map(cell, values), key=str(c.id))
        table = self._reset("consent-table")
        seen: set[str] = set()
        for r in consents:
            current = r.recipient.strip().lower() not in seen
            seen.add(r.recipient.strip().lower())
            decision = vocab.label(vocab.CONSENT_STATES, r.state)
            values = (
                r.recipient + ("" if current else " (superseded)"),
                decision,
                format_uk(r.decided_on),
                format_uk(r.policy_explained_on),
            )
            table.add_row(*map(cell, values), key=str(r.id))
        table = self._reset("timeline-table")
        for ev in events:
            table.add_row(*map(cell, (f"{ev.at:%d/%m/%Y %H:%M}", ev.worker, ev.text)))
        self._screening(screens, due, today, top_lines)

    def _screening(self, screens, due, today, top_lines) -> None:
        table = self._reset("screening-table")
        for sc, worker in screens:
            when = format_uk(sc.completed_on or sc.started_on)
            name = "Parental" if sc.instrument == "parental" else sc.instrument.upper()
            if sc.status == "draft":
                result = f"DRAFT ({len(sc.answers)} answered): Enter to carry on"
            elif sc.instrument == "top":
                result = top_lines[sc.id] + " (Enter: beside start)"
            elif sc.instrument == "parental":
                status = vocab.label(vocab.PARENTAL_STATUS, sc.answers.get("parental_status"))
                result = status + (" · pre-CAF due" if sc.positive else "")
            else:
                verdict = "positive" if sc.positive else "negative"
                result = f"{sc.total}, {sc.band} ({verdict})" + (
                    f" · {'; '.join(sc.flags)}" if sc.flags else ""
                )
            occasion = vocab.label(
                outcomes.TOP_OCCASIONS if sc.instrument == "top" else vocab.SCREENING_OCCASIONS,
                sc.occasion,
            ).split(" ")[0]
            table.add_row(*map(cell, (when, name, occasion, worker, result)), key=str(sc.id))
        if due:
            lines = [due_line(d, today) for d in due]
            text = "Due: " + " · ".join(lines)
        else:
            text = "Nothing due. s screens with an instrument, p runs the parental screen."
        self.query_one("#due-summary", Static).update(text)

    def _reset(self, table_id: str) -> DataTable:
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear()
        return table

    def _summary(self, client, kids, due, today) -> None:
        parts = [f"[b]{escape(client.given_name)} {escape(client.family_name)}[/b]"]
        if client.date_of_birth:
            parts.append(
                f"born {format_uk(client.date_of_birth)} ({age_on(client.date_of_birth, today)})"
            )
        parts.append(vocab.label(vocab.CLIENT_STATUS, client.status))
        parts.append(
            "Parental status: " + vocab.label(vocab.PARENTAL_STATUS, client.parental_status)
        )
        born = sum(1 for k in kids if not k.unborn)
        parts.append(
            f"{born} child{'ren' if born != 1 else ''}"
            + (f" + {len(kids) - born} unborn" if len(kids) > born else "")
        )
        flags = []
        if client.risk_to_staff:
            flags.append("RISK TO STAFF")
        if client.pregnant:
            flags.append("PREGNANT")
        if client.interpreter_needed:
            flags.append(f"INTERPRETER ({escape(client.language)})")
        text = " · ".join(parts)
        if flags:
            text += "\n" + " · ".join(flags)
        if due:
            # The two soonest, date first: OVERDUE is a word, not only a colour.
            soon = [due_line(d, today) for d in due[:2]]
            more = f" (+{len(due) - 2} more: 7)" if len(due) > 2 else ""
            text += "\nDue: " + " · ".join(soon) + more
        self.query_one("#client-summary", Static).update(text)

    def _profile(self, client, aliases, previous) -> None:
        rows = [
            ("Aliases", ", ".join(aliases) or "none recorded"),
            ("Date of birth", format_uk(client.date_of_birth) or "not recorded"),
            ("Gender", client.gender),
            ("Address", client.address),
            ("Area", client.area),
            (
                "Previous addresses",
                "; ".join(
                    f"{p.address}{', ' + p.area if p.area else ''}"
                    + (f" (until {format_uk(p.moved_out)})" if p.moved_out else "")
                    for p in previous
                )
                or "none recorded",
            ),
            ("Phone", client.phone),
            ("Language", client.language + (" (interpreter)" if client.interpreter_needed else "")),
            ("Ethnicity", client.ethnicity),
            ("Substances", ", ".join(client.substances or []) or "not recorded"),
            ("Treatment", vocab.label(vocab.TREATMENT_TYPES, client.treatment_type)),
            ("Take-home medication", _yes(client.take_home_medication)),
            ("Parental status", vocab.label(vocab.PARENTAL_STATUS, client.parental_status)
             + (f" (checked {format_uk(client.parental_status_checked_on)})"
                if client.parental_status_checked_on else "")),
            ("Pregnant", _yes(client.pregnant)),
            ("Risk to staff", client.risk_to_staff_note if client.risk_to_staff else "none"),
            ("Notes", client.notes),
        ]  # fmt: skip
        text = "\n".join(f"[b]{k:<22}[/b] {escape(str(v))}" for k, v in rows)
        self.query_one("#profile-text", Static).update(text + "\n\n(e to edit)")

    # ---- actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        # Into the section's list, so Enter and the arrows act on it straight away.
        tables = self.query_one(f"#{tab}").query(DataTable)
        if tables:
            tables.first().focus()

    def _after_save(self, message: str, tab: str | None = None):
        def done(result) -> None:
            if result:  # the record reloads itself when the form closes (on_screen_resume)
                if tab:
                    self.action_show_tab(tab)
                self.notify(message, timeout=3)

        return done

    def action_edit_client(self) -> None:
        from screens.record.forms import ClientForm

        self.app.push_screen(ClientForm(self.client_id), self._after_save("Client saved"))

    def action_add_child(self) -> None:
        from screens.record.forms import ChildForm

        self.app.push_screen(
            ChildForm(self.client_id), self._after_save("Child added to the register", "children")
        )

    def action_add_household(self) -> None:
        from screens.record.forms import HouseholdForm

        self.app.push_screen(
            HouseholdForm(self.client_id), self._after_save("Household member added", "household")
        )

    def action_add_contact(self) -> None:
        from screens.record.forms import ContactForm

        self.app.push_screen(
            ContactForm(self.client_id), self._after_save("Contact added", "network")
        )

    def action_replace_contact(self) -> None:
        from screens.record.forms import ContactForm

        table = self.query_one("#network-table", DataTable)
        if self.query_one(TabbedContent).active != "network":
            self.notify("Go to Network (4) and pick the contact that changed, then press r.")
            return
        if not table.row_count:
            self.notify("No contacts yet: n adds one.")
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self.app.push_screen(
            ContactForm(self.client_id, replaces=uuid.UUID(row_key.value)),
            self._after_save("Contact changed; the old one is kept in the history", "network"),
        )

    def action_record_consent(self) -> None:
        from screens.record.forms import ConsentForm

        self.app.push_screen(
            ConsentForm(self.client_id, format_uk(self.app.today)),
            self._after_save("Consent recorded", "consent"),
        )

    def action_screen(self) -> None:
        from caseworker.content.problems import content_problems
        from screens.screening.questionnaire import InstrumentPicker

        problems = content_problems()
        if problems:
            # A service edited an instrument file and broke it: say which and why.
            self.notify(
                "Screening is unavailable: " + problems[0],
                severity="error",
                timeout=10,
                markup=False,
            )
            return

        def chosen(instrument: str | None) -> None:
            if instrument == "parental":
                self.action_parental_screen()
            elif instrument == "top":
                from screens.screening.top import TopForm

                self.app.push_screen(
                    TopForm(self.client_id), self._after_save("TOP recorded", "screening")
                )
            elif instrument:
                self._open_screening(instrument)

        self.app.push_screen(InstrumentPicker(), chosen)

    def _open_screening(self, instrument: str) -> None:
        from screens.screening.questionnaire import ScreeningScreen

        self.app.push_screen(ScreeningScreen(self.client_id, instrument))

    def action_parental_screen(self) -> None:
        from screens.record.forms import ChildForm, ParentalForm

        form = ParentalForm(self.client_id)

        def done(result) -> None:
            if not result:
                return
            self.action_show_tab("screening")
            self.notify("Parental screen saved", timeout=3)
            if form.add_child_next:
                self.app.push_screen(
                    ChildForm(self.client_id),
                    self._after_save("Child added to the register", "children"),
                )

        self.app.push_screen(form, done)

    def on_screen_resume(self) -> None:
        # On first show, and back from any form or questionnaire: one load, fresh data.
        self.refresh_record()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "screening-table":
            with self.app.db.session() as s:
                sc = s.get(screening.Screening, uuid.UUID(event.row_key.value))
                if sc is not None and sc.status == "draft":
                    self._open_screening(sc.instrument)
                elif sc is not None and sc.instrument == "top":
                    from screens.screening.top import TopBesideStart

                    self.app.push_screen(TopBesideStart(self.client_id, sc.id))
            return
        if event.data_table.id == "children-table":
            from screens.record.forms import ChildForm

            child_id = uuid.UUID(event.row_key.value)
            self.app.push_screen(
                ChildForm(self.client_id, child_id), self._after_save("Child saved", "children")
            )
