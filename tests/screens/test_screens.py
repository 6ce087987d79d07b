"""Pilot tests: the app as a worker drives it, keyboard only, at 80x24 and 100x30."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import choose_first, record_loaded, row_of, typed_at_once, wait_for
from sqlalchemy import event, select

import caseworker.caseload
import screens.caseload.reads as caseload_reads
import screens.caseload.screen as caseload_screen
from caseworker.caseload import FILTERS
from caseworker.people import clients, family, network
from caseworker.store.database import open_database
from caseworker.store.models import ChildRecord, Client, ConsentRecord, NetworkContact
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.modals.confirm import ConfirmScreen
from screens.modals.help import HelpScreen
from screens.record.screen import ClientScreen
from screens.unlock.screen import UnlockScreen
from screens.widgets.form import FormScreen


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        for i in range(40):
            clients.create_client(
                s,
                {
                    "given_name": f"Client{i:02d}",
                    "family_name": f"Family{i:02d}",
                    "parental_status": "some_live_with" if i % 3 == 0 else "not_a_parent",
                },
                TODAY,
            )
        jo = clients.create_client(
            s,
            {
                "given_name": "Joanne",
                "family_name": "Quigley",
                "aliases": "Jo Marsh",
                "parental_status": "all_live_with",
            },
            TODAY,
        )
        family.add_child(
            s,
            jo.id,
            {
                "client_role": "mother",
                "given_name": "Kai",
                "date_of_birth": "01/02/2019",
                "current_help": "cp_plan",
            },
            TODAY,
        )
        network.add_contact(
            s,
            jo.id,
            {
                "agency": "Children's Social Care",
                "contact_name": "A. Patel",
                "role": "social_worker",
            },
            TODAY,
        )
    db.close()
    return d


def unlocked_app(data_dir, **kw) -> CaseworkerApp:
    return CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY, **kw)


async def to_caseload(pilot) -> CaseloadScreen:
    def ready() -> bool:
        screen = pilot.app.screen
        # Its rows shown and the caseload open (the first page is read before the ORM
        # loads; the screen then reads it again through the ORM).
        return isinstance(screen, CaseloadScreen) and screen.page is not None and not screen.reading

    await wait_for(pilot, ready, tries=200)
    return pilot.app.screen


async def settled(pilot, screen: CaseloadScreen) -> None:
    """The caseload's reads (in a worker, after typing stops) have all come back."""
    await wait_for(pilot, lambda: not screen.reading, tries=200)


def names(table) -> list[str]:
    return [row_of(table, i)[0] for i in range(table.row_count)]


async def open_quigley(pilot) -> ClientScreen:
    await to_caseload(pilot)
    await pilot.press("slash", *"marsh", "enter", "enter")
    await wait_for(pilot, lambda: record_loaded(pilot.app.screen), tries=200)
    return pilot.app.screen


def db_of(data_dir):
    return open_database(data_dir, PASSPHRASE)


async def test_wrong_passphrase_then_right(data_dir):
    app = CaseworkerApp(data_dir=data_dir, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*"not it at all", "enter")
        msg = app.screen.query_one("#unlock-message")
        await wait_for(pilot, lambda: "not right" in str(msg.render()))
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*PASSPHRASE, "enter")
        screen = await to_caseload(pilot)
        assert "41 clients" in str(screen.query_one("#caseload-status").render())


async def test_caseload_pages_forward_and_back(data_dir):
    async with unlocked_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await to_caseload(pilot)
        table = screen.query_one("#caseload")
        first_page = names(table)
        assert table.row_count == 15
        await pilot.press("right_square_bracket")
        await settled(pilot, screen)
        assert "page 2 of 3" in str(screen.query_one("#caseload-status").render())
        second = names(table)
        assert not set(first_page) & set(second)
        await pilot.press("left_square_bracket")
        await settled(pilot, screen)
        assert names(table) == first_page


async def test_page_keys_pressed_faster_than_pages_come_each_take_a_step(data_dir):
    async with unlocked_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await to_caseload(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settled(pilot, screen)
        assert "page 3 of 3" in str(screen.query_one("#caseload-status").render())
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await settled(pilot, screen)
        assert "page 1 of 3" in str(screen.query_one("#caseload-status").render())


async def test_search_narrows_by_alias_and_escape_clears(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await to_caseload(pilot)
        table = screen.query_one("#caseload")
        await pilot.press("slash", *"marsh")
        await settled(pilot, screen)
        assert names(table) == ["Quigley, Joanne"]
        assert "1 client" in str(screen.query_one("#caseload-status").render())
        await pilot.press("enter", "escape")
        await settled(pilot, screen)
        assert table.row_count == 15


class CountedReads:
    """fetch_page as the screen calls it, counted: the queries asked, and on which thread.
    The query `slow` sleeps first for `delay`, or until `gate` is set if there is one
    (started and done are set around it)."""

    def __init__(self, monkeypatch, module, slow: str = "", delay: float = 0.0,
                 gate: threading.Event | None = None) -> None:  # fmt: skip
        self.real = caseworker.caseload.fetch_page
        self.queries: list[str] = []
        self.threads: set[int] = set()
        self.slow, self.delay, self.gate = slow, delay, gate
        self.started, self.done = threading.Event(), threading.Event()
        monkeypatch.setattr(module, "fetch_page", self)

    def __call__(self, session, **kw):
        query = kw.get("query", "")
        self.queries.append(query)
        self.threads.add(threading.get_ident())
        if self.slow and query == self.slow:
            self.started.set()
            if self.gate is not None:
                assert self.gate.wait(10), "the test never let the slow read finish"
            else:
                time.sleep(self.delay)
            try:
                return self.real(session, **kw)
            finally:
                self.done.set()
        return self.real(session, **kw)


async def test_a_burst_of_typing_is_one_query_for_the_last_text(data_dir, monkeypatch):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await to_caseload(pilot)
        reads = CountedReads(monkeypatch, caseload_reads)
        asked: list[str] = []  # the reads asked for (one stopped at once queries nothing)
        real = CaseloadScreen._run

        def run(self, request):
            asked.append(request.query)
            return real(self, request)

        monkeypatch.setattr(CaseloadScreen, "_run", run)
        await pilot.press("slash")
        await typed_at_once(pilot, "quigley")  # the box takes all seven before the screen
        await settled(pilot, screen)
        assert asked == ["quigley"]  # not "q", "qu", ...: their Changed passed over
        assert reads.queries == ["quigley"]
        assert threading.get_ident() not in reads.threads  # read off the event loop
        assert names(screen.query_one("#caseload")) == ["Quigley, Joanne"]
        assert "search “quigley” · 1 client" in str(screen.query_one("#caseload-status").render())


async def test_each_key_typed_reads_at_once_and_a_slow_read_says_searching(data_dir, monkeypatch):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await to_caseload(pilot)
        gate = threading.Event()
        reads = CountedReads(monkeypatch, caseload_reads, slow="quig", gate=gate)
        status = screen.query_one("#caseload-status")
        await pilot.press("slash", *"qui")  # as typed: each key is read, no wait
        await settled(pilot, screen)
        assert reads.queries == ["q", "qu", "qui"]
        assert "searching…" not in str(status.render())
        before = names(screen.query_one("#caseload"))
        await pilot.press("g")
        await wait_for(pilot, reads.started.is_set)
        await pilot.pause(caseload_screen.SAY_SEARCHING_AFTER + 0.1)
        assert "searching…" in str(status.render())  # not back yet: said so
        assert names(screen.query_one("#caseload")) == before  # the rows before, until then
        gate.set()
        await settled(pilot, screen)
        assert names(screen.query_one("#caseload")) == ["Quigley, Joanne"]
        assert "searching…" not in str(status.render())


async def test_a_slow_search_never_overwrites_a_newer_one(data_dir, monkeypatch):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await to_caseload(pilot)
        gate = threading.Event()
        reads = CountedReads(monkeypatch, caseload_reads, slow="quig", gate=gate)
        table = screen.query_one("#caseload")
        await pilot.press("slash", *"quig")
        await wait_for(pilot, reads.started.is_set)
        await pilot.press(*["backspace"] * 4, *"client01")
        await wait_for(pilot, lambda: names(table) == ["Family01, Client01"])
        gate.set()
        await wait_for(pilot, reads.done.is_set)  # the slow read comes back last...
        await pilot.pause(0.2)
        assert names(table) == ["Family01, Client01"]  # ...and is not shown
        assert "search “client01” · 1 client" in str(screen.query_one("#caseload-status").render())
        assert not screen.reading


async def test_enter_straight_after_typing_opens_the_client_searched_for(data_dir, monkeypatch):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        await to_caseload(pilot)
        # The rows of "marsh" take a while: both Enters come before them.
        reads = CountedReads(monkeypatch, caseload_reads, slow="marsh", delay=0.6)
        await pilot.press("slash", *"marsh", "enter", "enter")
        assert not reads.done.is_set()
        await wait_for(pilot, lambda: record_loaded(pilot.app.screen), tries=200)
        assert "Joanne Quigley" in str(pilot.app.screen.query_one("#client-summary").render())


async def test_search_text_like_markup_is_searched_and_shown_as_typed(data_dir):
    db = db_of(data_dir)
    with db.session() as s:
        clients.create_client(s, {"given_name": "Ann [/b]", "family_name": "Aaron"}, TODAY)
    db.close()
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await to_caseload(pilot)
        table = screen.query_one("#caseload")
        await pilot.press("slash", "left_square_bracket", "slash")
        await settled(pilot, screen)
        assert names(table) == ["Aaron, Ann [/b]"]
        assert "search “[/” · 1 client" in str(screen.query_one("#caseload-status").render())
        await pilot.press("right_square_bracket", "b", "left_square_bracket")  # "[/]b["
        await settled(pilot, screen)
        assert table.row_count == 0
        assert "search “[/]b[”" in str(screen.query_one("#caseload-status").render())


async def test_palette_finds_a_client_by_name_off_the_event_loop(data_dir, monkeypatch):
    from textual.command import CommandList

    reads = CountedReads(monkeypatch, caseworker.caseload)
    async with unlocked_app(data_dir).run_test(size=(100, 30)) as pilot:
        await to_caseload(pilot)
        await pilot.press("ctrl+p", *"joanne")

        def offered() -> list[str]:
            found = pilot.app.screen.query(CommandList)
            if not found:
                return []
            results = found.first()
            return [str(results.get_option_at_index(i).prompt)
                    for i in range(results.option_count)]  # fmt: skip

        await wait_for(pilot, lambda: any(o.startswith("Open client: Quigley, Joanne")
                                          for o in offered()))  # fmt: skip
        assert "joanne" in reads.queries
        assert threading.get_ident() not in reads.threads
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClientScreen))


async def test_filter_parents_only(data_dir):
    async with unlocked_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await to_caseload(pilot)
        await pilot.press("f")
        await settled(pilot, screen)
        status = str(screen.query_one("#caseload-status").render())
        assert "Parents only" in status
        assert "15 clients" in status  # 14 of the 40 (every third) + Joanne


async def test_add_child_with_keyboard_only(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_quigley(pilot)
        await pilot.press("c")
        assert isinstance(pilot.app.screen, FormScreen)
        # unborn [tab] given name [tab] family name [tab] date of birth
        await pilot.press("tab", *"Rosie", "tab", "tab", *"14/06/2021", "tab", "tab")
        await choose_first(pilot)  # the client is the child's mother
        await pilot.press("tab")
        await choose_first(pilot)  # lives with the client (asked: nothing assumed)
        await pilot.press("tab", "tab", "tab", "tab")  # with whom, contact, supervised by
        await choose_first(pilot)  # current help: none
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: record_loaded(screen, "children"), tries=200)
        table = screen.query_one("#children-table")
        names = [row_of(table, i)[0] for i in range(table.row_count)]
        assert "Rosie Quigley" in names
    db = db_of(data_dir)
    with db.session() as s:
        rosie = s.scalars(select(ChildRecord).where(ChildRecord.given_name == "Rosie")).one()
        assert rosie.date_of_birth == date(2021, 6, 14)
        assert rosie.family_name == "Quigley"
    db.close()


async def test_future_birth_date_is_refused_and_nothing_saved(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        await open_quigley(pilot)
        await pilot.press("c", "tab", *"Nova", "tab", "tab", *"01/01/2027", "ctrl+s")
        form = pilot.app.screen
        assert isinstance(form, FormScreen)
        errors = str(form.query_one("#form-errors").render())
        assert "Date of birth" in errors and "future" in errors
        assert "Date of birth" in str(form.query_one("#e-date_of_birth").render())
    db = db_of(data_dir)
    with db.session() as s:
        assert not s.scalars(select(ChildRecord).where(ChildRecord.given_name == "Nova")).all()
    db.close()


async def test_unborn_child_with_due_date(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_quigley(pilot)
        # tick unborn, skip names and DOB, give the due date
        await pilot.press("c", "space", "tab", "tab", "tab", "tab", *"03/03/2027", "tab")
        await choose_first(pilot)
        # lives with (left blank: unborn), with whom, contact, supervised by, current help
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        await choose_first(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: record_loaded(screen, "children"), tries=200)
        table = screen.query_one("#children-table")
        rows = [row_of(table, i) for i in range(table.row_count)]
        assert any(r[0] == "Unborn baby" and "due 03/03/2027" in r[1] for r in rows)


async def test_cancel_typed_form_asks_first(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_quigley(pilot)
        await pilot.press("h", *"Dave")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        assert isinstance(pilot.app.screen, FormScreen)
        await pilot.press("escape", "y")
        assert pilot.app.screen is screen


async def test_contact_change_keeps_history(data_dir):
    async with unlocked_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_quigley(pilot)
        await pilot.press("4", "r")
        assert isinstance(pilot.app.screen, FormScreen)
        # agency is prefilled; tab to team, contact name
        # the agency stays; the cursor starts on the named contact, who is what changed
        await pilot.press(*"M. Jones", "ctrl+s")
        await wait_for(pilot, lambda: record_loaded(screen, "network"), tries=200)
        table = screen.query_one("#network-table")
        rows = [row_of(table, i) for i in range(table.row_count)]
        assert [r[2] for r in rows] == ["M. Jones", "A. Patel"]
        # Status is the second column: an ended contact never looks current at 80 columns.
        assert [r[1] for r in rows] == ["current", "ENDED 23/11/26"]
    db = db_of(data_dir)
    with db.session() as s:
        assert len(s.scalars(select(NetworkContact)).all()) == 2
    db.close()


async def test_consent_not_sought_needs_reason(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await open_quigley(pilot)
        await pilot.press("k", *"Health Visiting", "ctrl+s")
        # Consent is never assumed: saving without choosing names the field.
        assert "Consent" in str(pilot.app.screen.query_one("#form-errors").render())
        await choose_first(pilot)  # the error took focus to the field: consent given
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: record_loaded(screen, "consent"), tries=200)
        assert screen.query_one("#consent-table").row_count == 1
    db = db_of(data_dir)
    with db.session() as s:
        rec = s.scalars(select(ConsentRecord)).one()
        assert rec.state == "given" and rec.decided_on == TODAY
    db.close()


async def test_timeline_shows_what_was_recorded(data_dir):
    async with unlocked_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await open_quigley(pilot)
        await pilot.press("6")
        await wait_for(pilot, lambda: record_loaded(screen, "history"), tries=200)
        table = screen.query_one("#history-table")
        texts = [row_of(table, i)[2] for i in range(table.row_count)]
        assert "Added child: Kai" in texts
        assert any(t.startswith("Added client record") for t in texts)
        assert {row_of(table, i)[1] for i in range(table.row_count)} == {"Sam Worker"}


async def test_edit_client_and_new_client(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        caseload = await to_caseload(pilot)
        await pilot.press("n")
        assert isinstance(pilot.app.screen, FormScreen)
        await pilot.press("ctrl+s")
        errors = str(pilot.app.screen.query_one("#form-errors").render())
        assert "Given name" in errors and "Family name" in errors
        await pilot.press(*"Priya", "tab", *"Zed", "ctrl+s")
        await wait_for(pilot, lambda: record_loaded(pilot.app.screen), tries=200)
        assert "Priya Zed" in str(pilot.app.screen.query_one("#client-summary").render())
        await pilot.press("escape")
        assert pilot.app.screen is caseload
        await settled(pilot, caseload)
        assert "42 clients" in str(caseload.query_one("#caseload-status").render())


async def test_help_lists_this_screens_keys(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        await to_caseload(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in pilot.app.screen.query("Static"))
        assert "New client" in text and "Search" in text and "caseload" in text.lower()
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, CaseloadScreen)
        await open_quigley(pilot)
        await pilot.press("f1")
        text = " ".join(str(w.render()) for w in pilot.app.screen.query("Static"))
        assert "Child" in text and "Parental" in text


async def test_command_palette_has_app_commands(data_dir):
    async with unlocked_app(data_dir).run_test(size=(100, 30)) as pilot:
        await to_caseload(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"quigley")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClientScreen))
        await pilot.press("ctrl+p", *"add child")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FormScreen))


async def test_q_quits_from_caseload(data_dir):
    app = unlocked_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_caseload(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


async def test_no_color_at_80x24(data_dir, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = unlocked_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_caseload(pilot)
        assert app.no_color
        assert screen.query_one("#caseload").row_count == 15


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_caseload_is_the_first_screen_when_it_starts(data_dir, size):
    """With the passphrase given (or the caseload), the caseload screen is the app's own
    first screen, made as the app starts, not pushed over an empty one after it: one
    screen's styling and frames less before the first rows are drawn."""
    app = unlocked_app(data_dir)
    async with app.run_test(size=size) as pilot:
        screen = await to_caseload(pilot)
        assert app.screen_stack == [screen]
        assert screen.query_one("#caseload").row_count == 15
        await pilot.press("enter")  # a client's record over it, and back
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen), tries=200)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.screen_stack == [screen]


async def test_wrong_passphrase_from_env_falls_back_to_unlock_screen(data_dir):
    app = CaseworkerApp(data_dir=data_dir, passphrase="not the one", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        # The caseload screen is up first, waiting for the key; the unlock screen over it.
        def asking() -> bool:  # the unlock screen up, its passphrase box taking the keys
            box = getattr(app.screen.focused, "id", None)
            return isinstance(app.screen, UnlockScreen) and box == "passphrase"

        await wait_for(pilot, asking, tries=200)
        assert "not right" in str(app.screen.query_one("#unlock-message").render())
        await pilot.press(*PASSPHRASE, "enter")
        screen = await to_caseload(pilot)
        # The one caseload screen, waiting under the unlock screen, is all that is left.
        assert [type(s).__name__ for s in app.screen_stack] == ["CaseloadScreen"]
        assert "41 clients" in str(screen.query_one("#caseload-status").render())


async def test_form_checkbox_says_yes_or_no_in_words(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        await open_quigley(pilot)
        await pilot.press("c")
        box = pilot.app.screen.query_one("#f-unborn")
        assert str(box.label) == "no"
        await pilot.press("space")
        assert str(box.label) == "yes"


async def test_text_with_brackets_is_shown_as_typed(data_dir):
    db = db_of(data_dir)
    with db.session() as s:
        odd = clients.create_client(
            s,
            {
                "given_name": "Ann [/b]",
                "family_name": "Aaron [nee Jones]",
                "notes": "Dad [not known to services] [/]",
            },
            TODAY,
        )
        family.add_child(
            s,
            odd.id,
            {"client_role": "mother", "given_name": "[b]Max", "date_of_birth": "01/01/2020"},
            TODAY,
        )
    db.close()
    async with unlocked_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await to_caseload(pilot)
        table = screen.query_one("#caseload")
        assert row_of(table, 0)[0] == "Aaron [nee Jones], Ann [/b]"
        await pilot.press("enter")
        await wait_for(pilot, lambda: record_loaded(pilot.app.screen), tries=200)
        record = pilot.app.screen
        assert "Ann [/b] Aaron [nee Jones]" in str(record.query_one("#client-summary").render())
        assert "Dad [not known to services] [/]" in str(record.query_one("#profile-text").render())
        await pilot.press("2")
        await wait_for(pilot, lambda: record_loaded(record, "children"), tries=200)
        assert row_of(record.query_one("#children-table"), 0)[0].startswith("[b]Max")


async def test_ctrl_q_in_a_form_with_typing_asks_first(data_dir):
    app = unlocked_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_quigley(pilot)
        await pilot.press("c", "tab", *"Noah", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#f-given_name").value == "Noah"
        assert not app._exit


async def test_editing_a_filled_field_keeps_its_text(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        await open_quigley(pilot)
        await pilot.press("e")
        form = pilot.app.screen
        await pilot.press(*"-Ann")  # the cursor is in the filled given name
        assert form.query_one("#f-given_name").value == "Joanne-Ann"


def test_an_unexpected_error_shows_no_client_data(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "crash.py"
    script.write_text(
        "from screens.app import CaseworkerApp\n"
        "class Crashing(CaseworkerApp):\n"
        "    def on_mount(self):\n"
        "        secret = 'Zebedee Quuxington'\n"
        "        raise ValueError(secret)\n"
        "app = Crashing(demo=True)\n"
        "app.run(headless=True)\n"
        "raise SystemExit(app.return_code or 0)\n",
        encoding="utf-8",
    )
    import os

    reports = tmp_path / "reports"
    env = {**os.environ, "CASEWORKER_REPORT_DIR": str(reports)}
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=env
    )
    shown = out.stdout + out.stderr
    assert out.returncode == 1  # a crash is not a normal quit
    assert "unexpected error (ValueError" in shown
    assert "Zebedee" not in shown and "Quuxington" not in shown
    [report] = reports.iterdir()  # said where it is, and it holds the frames, no data
    assert str(report) in shown.replace("\n", "")
    text = report.read_text(encoding="utf-8")
    assert "ValueError" in text and "in on_mount" in text
    assert "Zebedee" not in text and "Quuxington" not in text
    assert report.stat().st_mode & 0o777 == 0o600


def counted_statements(engine, words: str) -> list[str]:
    """Every statement the engine runs from now on that holds ``words``, as it is run (the
    listener goes with the engine, closed at the end of the test)."""
    seen: list[str] = []

    def listen(conn, cursor, statement, *args) -> None:
        if words in statement.lower():
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    return seen


async def counted_ahead(pilot, screen: CaseloadScreen) -> None:
    """Every filter's total is counted and kept at the caseload's data version now (the
    screen counts them behind the list once it is open)."""

    def known() -> bool:
        version = screen.db.lists_version()
        totals = screen._totals
        return all(totals.get("", f, TODAY, version) is not None for f, _ in FILTERS)

    await wait_for(pilot, known, tries=200)


async def test_paging_keeps_the_total_and_a_search_is_counted_once(data_dir):
    async with unlocked_app(data_dir).run_test(size=(80, 24)) as pilot:
        screen = await to_caseload(pilot)
        await counted_ahead(pilot, screen)
        counts = counted_statements(screen.db.engine, "count(")
        status = screen.query_one("#caseload-status")
        for key, page in (("]", 2), ("]", 3), ("[", 2), ("[", 1)):
            await pilot.press("right_square_bracket" if key == "]" else "left_square_bracket")
            await settled(pilot, screen)
            assert f"41 clients · page {page} of 3" in str(status.render())
        await pilot.press("f")  # parents only: counted ahead, behind the list
        await settled(pilot, screen)
        assert "15 clients · page 1 of 1" in str(status.render())
        assert counts == []  # four pages and a filter: nothing counted
        await pilot.press("slash")
        await typed_at_once(pilot, "quig")  # one search (typed slower, one a key)
        await settled(pilot, screen)
        assert "1 client · page 1 of 1" in str(status.render())
        assert len(counts) == 1  # a search is counted as it is read
        await pilot.press("escape")
        await settled(pilot, screen)
        await pilot.press("slash")
        await typed_at_once(pilot, "quig")  # one search (typed slower, one a key)
        await settled(pilot, screen)
        assert "1 client · page 1 of 1" in str(status.render())
        assert len(counts) == 1  # searched again: its total was kept


async def test_a_total_is_kept_until_someone_writes_what_the_lists_count(data_dir):
    async with unlocked_app(data_dir).run_test(size=(100, 30)) as pilot:
        screen = await to_caseload(pilot)
        await counted_ahead(pilot, screen)
        counts = counted_statements(screen.db.engine, "count(")
        status = screen.query_one("#caseload-status")
        for _ in range(len(FILTERS)):  # round every filter, back to open cases
            await pilot.press("f")
            await settled(pilot, screen)
        assert "Filter: Open cases" in str(status.render())
        assert "41 clients" in str(status.render())
        await pilot.press("question_mark")  # the help and back: nothing was written
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await settled(pilot, screen)
        assert counts == []  # nothing counted twice
        version = screen.db.data_version()
        await pilot.press("enter")  # into a record (the trail says who opened it) and back:
        await wait_for(pilot, lambda: record_loaded(pilot.app.screen), tries=200)
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await settled(pilot, screen)
        assert screen.db.data_version() != version  # the open was committed...
        await pilot.press("f")
        await settled(pilot, screen)
        await counted_ahead(pilot, screen)
        assert "15 clients" in str(status.render())
        assert counts == []  # ...and counted nothing again: no client, child or due item
        # Another window adds a child for a client who is not a parent yet.
        other = open_database(data_dir, PASSPHRASE)
        with other.session() as s:
            client = s.scalars(select(Client).where(Client.given_name == "Client01")).one()
            family.add_child(
                s, client.id, {"client_role": "father", "given_name": "Ada",
                               "date_of_birth": "03/04/2020"}, TODAY,
            )  # fmt: skip
        other.close()
        await pilot.press(*"f" * len(FILTERS))  # round to parents again: counted again
        await settled(pilot, screen)
        assert "Filter: Parents only" in str(status.render())
        assert "16 clients" in str(status.render())  # with the new one
