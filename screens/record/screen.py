"""One client's record: profile, children, household, network, consent, history, screening."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from caseworker.core.dates import format_uk
from caseworker.core.errors import CaseloadLocked, CaseworkerError
from caseworker.screening import ScreeningSummary
from screens.keys import key_for
from screens.record import sections
from screens.record.filling import empty, fill
from screens.record.help import HELP
from screens.record.loading import (
    GROUP,
    SUMMARY,
    Ahead,
    Opening,
    Screenings,
    Summary,
    read_part,
    taken_over,
)
from screens.widgets.footer import Footer
from screens.widgets.screen import AppScreen
from screens.widgets.text import escape

# The client of a record built ahead, before any is opened on it (the nil UUID: no client's).
NO_CLIENT = uuid.UUID(int=0)


class ClientScreen(AppScreen):
    HELP = HELP
    HELP_TITLE = "Client record"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False, tooltip="Back to where you came from",
                id="record.back"),
        Binding("e", "edit_client", "Edit", tooltip="Edit the client's profile",
                id="record.edit_profile"),
        Binding("c", "add_child", "Child", tooltip="Add a child to the register",
                id="record.add_child"),
        Binding("h", "add_household", "Household", tooltip="Add a household member",
                id="record.add_household_member"),
        Binding("n", "add_contact", "Contact", tooltip="Add a professional contact",
                id="record.add_contact"),
        Binding("r", "replace_contact", "Contact changed", show=False,
                tooltip="Contact changed: record who replaces the chosen contact (the old "
                "one stays in the history)", id="record.contact_changed"),
        Binding("k", "record_consent", "Consent",
                tooltip="Record consent to share with a named recipient",
                id="record.record_consent"),
        Binding("s", "screen", "Screen",
                tooltip="Screen the client: an instrument, the parental screen or TOP",
                id="record.screen"),
        Binding("p", "parental_screen", "Parental", show=False,
                tooltip="Parental screen: children, pregnancy, agencies and consent",
                id="record.parental_screen"),
        Binding("a", "precaf", "Pre-CAF",
                tooltip="Pre-CAF assessment: rate each child, see the suggestion, decide",
                id="record.precaf"),
        Binding("g", "app.record_meeting", "Meeting", show=False,
                tooltip="Record a meeting or review held for this client",
                id="record.record_meeting"),
        *[Binding(str(i), f"show_section('{sid}')", name, show=False,
                  tooltip=f"Show the {name} section", id=f"record.show_{sid}")
          for i, (sid, name) in enumerate(sections.SECTIONS, start=1)],
    ]  # fmt: skip

    def __init__(
        self, client_id: uuid.UUID, section: str | None = None, *,
        summary: Ahead = None, opening: Opening | None = None,
    ) -> None:  # fmt: skip
        """``summary``: read already (screens.record.kept), put on screen as it mounts, or
        on its way, taken when back; ``opening``: the opening that read is of (on the
        trail once, whichever read of it commits first)."""
        super().__init__()
        self.client_id = client_id
        self._first_section = section  # shown first (the diary opens a client at its item)
        self._screenings: dict[uuid.UUID, ScreeningSummary] = {}
        self._summary_read = summary
        # One "opened" on the trail per opening: not again when the record reloads after
        # a form, a questionnaire or an unlock.
        self._opening = opening or Opening()
        # The parts (the summary with the profile, each other section) whose rows shown are
        # current, and those with a read on its way (see screens.record.loading).
        self._fresh: set[str] = set()
        self._reading: set[str] = set()
        self._shown = False
        # The sections whose widgets are mounted (None) or on their way (the mount to
        # wait for): only the profile at first, each other one when first shown (_build).
        self._built: dict[str, Awaitable[Any] | None] = {SUMMARY: None}
        # Each part's latest read: a result from any other (an earlier client's, when the
        # screen is opened again for another) is never shown.
        self._latest: dict[str, Worker[Any]] = {}
        # The terminal widths the lists were built at (screens.record.kept keeps the
        # screen for one width only).
        self.widths: set[int] = set()
        # Built ahead for no client yet (blank): nothing is read until reopen names one.
        self.blank = False

    @classmethod
    def built_ahead(cls) -> ClientScreen:
        """A record for no client yet, built while the caseload is quiet (screens.record.kept)
        so that the first client opened is shown on it as on a kept screen."""
        screen = cls(NO_CLIENT)
        screen.blank = True
        return screen

    def compose(self) -> ComposeResult:
        self.widths.add(self.app.size.width)
        yield Header()
        yield Static("", id="client-summary")
        # Only the summary and the profile at first (mounting every section's list took most
        # of the time to the summary drawn); each other tab's content when first shown.
        with TabbedContent(id="sections", initial="profile"):
            for sid, name in sections.SECTIONS:
                label = escape(f"{key_for(self, f'record.show_{sid}')} {name}")
                with TabPane(label, id=sid):
                    if sid == "profile":
                        with VerticalScroll():
                            yield Static("", id="profile-text")
        yield Footer(compact=True)
        # The record itself is loaded by on_screen_resume, which also runs on first show.

    def on_mount(self) -> None:
        summary, self._summary_read = self._summary_read, None
        self._take_summary(summary)

    def _take_summary(self, summary: Ahead) -> None:
        """The summary read ahead (screens.record.kept) into its widgets, before the screen
        is first drawn; or that read, still on its way, taken; or its read started."""
        if isinstance(summary, Summary):
            self._fresh.add(SUMMARY)
            fill(self, SUMMARY, summary)
        else:
            self._read(SUMMARY, summary)

    async def _build(self, section: str) -> None:
        """Mount the section's widgets if not yet (its list, and for the screening what is
        due), and wait until they are mounted: a read's rows, or the focus, go into them."""
        if section not in self._built:
            pane = self.query_one(TabbedContent).get_pane(section)
            widgets = sections.section_widgets(section, self.app.size.width)
            self.widths.add(self.app.size.width)
            self._built[section] = pane.mount_all(widgets)
        if (mounting := self._built[section]) is not None:
            await mounting
            self._built[section] = None

    def reopen(
        self, client_id: uuid.UUID, section: str | None = None, *,
        summary: Ahead = None, opening: Opening | None = None,
    ) -> None:  # fmt: skip
        """This screen, kept from its last opening (screens.record.kept), for another client
        (or the same again), as __init__ and on_mount make a new one: every widget stays
        mounted, and everything shown of the last client is emptied."""
        self.client_id, self._first_section = client_id, section
        self.blank = False
        self._screenings = {}
        self._opening, self._shown = opening or Opening(), False
        self._fresh.clear()
        self._reading.clear()
        self._latest.clear()  # reads still on their way for the last client: never shown
        empty(self)
        self._take_summary(summary)

    # ---- loading ------------------------------------------------------------------------

    def refresh_record(self) -> None:
        """Read the record again: the summary and the section shown now, at once; each
        other section when it is next shown."""
        self._fresh.clear()
        self._read(SUMMARY)
        active = self.query_one(TabbedContent).active
        if active and active != SUMMARY:
            self._read(active)

    def loaded(self, part: str = SUMMARY) -> bool:
        """Whether the part's rows shown are current and no read of it is on its way."""
        return part in self._fresh and part not in self._reading

    def _read(self, part: str, ahead: asyncio.Future[Any] | None = None) -> None:
        if self.blank:
            return  # built ahead: no client to read yet
        self._reading.add(part)
        opening = self._opening if part == SUMMARY else None
        read: Any = partial(read_part, self.db, self.client_id, part, opening=opening)
        if ahead is not None:  # the summary's read made before the record was shown
            read = taken_over(ahead, read)
        self._latest[part] = self.run_worker(
            read, name=f"record {part}", group=GROUP + part, exclusive=True, thread=ahead is None
        )

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        part = event.pane.id
        if not part:
            return
        await self._build(part)
        if part not in self._fresh and part not in self._reading:
            self._read(part)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker, result = event.worker, event.worker.result
        if not worker.group.startswith(GROUP) or event.state != WorkerState.SUCCESS:
            return
        part = worker.group.removeprefix(GROUP)
        if result is None or self._latest.get(part) is not worker:
            return  # cancelled, or an earlier read: a newer one of this part is on its way
        await self._build(part)  # mounted when its tab was shown: the rows go into it
        if self._latest.get(part) is not worker:
            return  # reopened for another client while that mount was awaited
        self._reading.discard(part)
        if isinstance(result, CaseloadLocked):  # the lock came during the read: it is read
            return  # again at the unlock (resume), the opening with it if it was not yet
        if isinstance(result, CaseworkerError):  # e.g. the record no longer exists
            self.notify(str(result), severity="error", markup=False)
            if self.app.screen is self:
                self.app.pop_screen()
            return
        self._fresh.add(part)
        if isinstance(result, Screenings):  # kept for the rows opened (screening_summary)
            self._screenings = {sc.id: sc for sc in result.screens}
        fill(self, part, result)

    # ---- actions ------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    async def action_show_section(self, section: str) -> None:
        self.query_one(TabbedContent).active = section
        # Into the section's list, so its rows can be opened straight away.
        if section != "profile":
            await self._build(section)
            self.set_focus(self.query_one(f"#{section}-table", DataTable))

    def _after_save(self, message: str, section: str | None = None):
        async def done(result: Any) -> None:
            if result:  # the record reloads itself when the form closes (on_screen_resume)
                if section:
                    await self.action_show_section(section)
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

        if self.query_one(TabbedContent).active != "network":
            network, changed = self._key("show_network"), self._key("contact_changed")
            self.notify(
                f"Go to Network ({network}) and pick the contact that changed, then press "
                f"{changed}.",
                markup=False,
            )
            return
        table = self.query_one("#network-table", DataTable)
        if not table.row_count:
            self.notify(f"No contacts yet: {self._key('add_contact')} adds one.", markup=False)
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        self.app.push_screen(
            ContactForm(self.client_id, replaces=uuid.UUID(str(row_key.value))),
            self._after_save("Contact changed; the old one is kept in the history", "network"),
        )

    def action_record_consent(self) -> None:
        from screens.record.forms import ConsentForm

        self.app.push_screen(
            ConsentForm(self.client_id, format_uk(self.caseworker_app.today)),
            self._after_save("Consent recorded", "consent"),
        )

    def _key(self, name: str) -> str:
        return key_for(self, f"record.{name}")

    def action_screen(self) -> None:
        from caseworker.content import screening_problems
        from screens.screening.questionnaire import InstrumentPicker

        problems = screening_problems()
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
                self.open_screening(instrument)

        self.app.push_screen(InstrumentPicker(), chosen)

    def open_screening(self, instrument: str) -> None:
        """A new screen with the instrument, or its draft resumed."""
        from screens.screening.questionnaire import ScreeningScreen

        self.app.push_screen(ScreeningScreen(self.client_id, instrument))

    def action_precaf(self) -> None:
        from screens.assessment.precaf import PreCafScreen

        self.app.push_screen(PreCafScreen(self.client_id))

    def action_parental_screen(self) -> None:
        from screens.record.forms import ChildForm, ParentalForm

        form = ParentalForm(self.client_id)

        async def done(result) -> None:
            if not result:
                return
            await self.action_show_section("screening")
            self.notify("Parental screen saved", timeout=3)
            if form.add_child_next:
                self.app.push_screen(
                    ChildForm(self.client_id),
                    self._after_save("Child added to the register", "children"),
                )

        self.app.push_screen(form, done)

    async def on_screen_resume(self) -> None:
        # Back from any form or questionnaire: one load, fresh data (on first show, the
        # summary is in already, or its read started, as the screen mounted).
        if self._shown:
            self.refresh_record()
        self._shown = True
        if self._first_section:
            section, self._first_section = self._first_section, None
            await self.action_show_section(section)

    def chosen_client_id(self) -> uuid.UUID:
        """This record's client (for the app's "Record a meeting")."""
        return self.client_id

    def screening_summary(self, screening_id: uuid.UUID) -> ScreeningSummary | None:
        return self._screenings.get(screening_id)

    def saved_notice(self, message: str, section: str | None = None):
        """What a form opened from a row does when it closes (as the record's own forms)."""
        return self._after_save(message, section)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        from screens.record.rows import row_selected

        row_selected(self, event.data_table, event.row_key)
