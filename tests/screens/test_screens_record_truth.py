"""Pilot tests: what the record says is true and whole. Contradictions are prompted with
their fix, never saved silently; any row opens in full; the highest help a child receives
is visible at 80x24 and 100x30; a questionnaire names its client and asks before Ctrl+Q."""

from __future__ import annotations

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import choose_first, choose_nth, record_loaded, row_of, screen_text, wait_for
from sqlalchemy import func, select

from caseworker.people import clients, family, network
from caseworker.screening import sessions
from caseworker.store.database import open_database
from caseworker.store.models import Client, HouseholdMember
from screens.app import CaseworkerApp
from screens.caseload.columns import column_widths
from screens.caseload.screen import CaseloadScreen
from screens.modals.confirm import ConfirmScreen
from screens.modals.contradiction import ContradictionDialog
from screens.record.details import MovedOutForm, RecordDetail
from screens.record.forms import ChildForm, ClientForm, HouseholdForm
from screens.record.screen import ClientScreen
from screens.record.sections import SECTIONS
from screens.screening.questionnaire import ScreeningScreen

SIZES = [(80, 24), (100, 30)]
LONG_FAMILY = "Featherstonehaugh-Cholmondeley"


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        jo = clients.create_client(s, {"given_name": "Joanne", "family_name": "Abbott",
                                       "date_of_birth": "02/03/1990",
                                       "parental_status": "not_a_parent"}, TODAY)  # fmt: skip
        kid = {"client_role": "mother", "date_of_birth": "01/02/2015"}
        family.add_child(s, jo.id, {**kid, "given_name": "Kai", "current_help": "cp_plan",
                                    "young_carer": True}, TODAY)  # fmt: skip
        family.add_child(s, jo.id, {**kid, "given_name": "Lily", "current_help": "looked_after",
                                    "lives_with": "foster", "contact_arrangement": "formal"},
                         TODAY)  # fmt: skip
        network.add_contact(s, jo.id, {
            "agency": "Children's Social Care", "team": "Long-Term Team North",
            "contact_name": "A. Patel", "role": "social_worker", "phone": "01632 960123",
            "email": "a.patel@example.org"}, TODAY)  # fmt: skip
        notes = "Does not want the GP told about her use.\nAsk again at review."
        network.record_consent(s, jo.id, {"recipient": "GP surgery", "state": "refused",
                                          "decided_on": "20/11/2026", "notes": notes},
                               TODAY)  # fmt: skip
        family.add_household_member(s, jo.id, {"name": "Dave Smith", "relationship": "partner",
                                               "substance_use": "drinks daily"}, TODAY)  # fmt: skip
        audit_c = sessions.start(s, jo.id, "audit-c", TODAY, occasion="intake")
        for item, option in {1: 3, 2: 1, 3: 1}.items():
            sessions.record_answer(s, audit_c.id, item, option)
        sessions.complete(s, audit_c.id, TODAY)

        al = clients.create_client(s, {"given_name": "Alexandrina", "family_name": LONG_FAMILY,
                                       "parental_status": "none_live_with"}, TODAY)  # fmt: skip
        for name in ("Mia", "Zoe"):
            family.add_child(s, al.id, {"client_role": "mother", "given_name": name,
                                        "date_of_birth": "05/06/2012", "lives_with": "foster",
                                        "contact_arrangement": "informal",
                                        "current_help": "looked_after"}, TODAY)  # fmt: skip
    db.close()
    return d


def app_for(data_dir) -> CaseworkerApp:
    return CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)


async def open_nth_client(pilot, downs: int = 0) -> ClientScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
    await pilot.press(*["down"] * downs, "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
    record = app.screen
    await wait_for(pilot, lambda: record_loaded(record))
    return record


async def show_section(pilot, key: str) -> None:
    """Show a record's section by its key, and wait for its rows (read when first shown)."""
    await pilot.press(key)
    section = SECTIONS[int(key) - 1][0]
    await wait_for(pilot, lambda: record_loaded(pilot.app.screen, section))


def line_with(app, words: str) -> str:
    return next((ln for ln in screen_text(app).splitlines() if words in ln), "")


def text(widget) -> str:
    return str(widget.render())


# ---- what always shows at 80 and 100 columns -----------------------------------------------


@pytest.mark.parametrize(("width", "children"), [(80, 16), (100, 21), (200, 22)])
def test_the_caseload_columns_fill_the_terminal_and_fit_looked_after(width, children):
    widths = column_widths(width)
    assert widths[1] == children >= len("looked after · 2")
    assert sum(widths) + 10 == width  # the edges and each cell's padding
    assert widths[2] >= len("28/11/26 OVERDUE") and widths[3] >= len("risk to staff")


@pytest.mark.parametrize("size", SIZES)
async def test_the_highest_help_always_shows_in_the_caseload_and_the_children(data_dir, size):
    app = app_for(data_dir)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
        await pilot.pause()
        assert "CP plan" in line_with(app, "Abbott, Joanne")
        # A long name is what is cut, never the help.
        assert "looked after" in line_with(app, "Featherstonehaugh")
        await pilot.press("enter")  # Abbott
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        record = app.screen
        await pilot.press("2")
        await wait_for(pilot, lambda: record.query_one("#children-table").row_count == 2)
        await pilot.pause()
        kai, lily = line_with(app, "Kai Abbott"), line_with(app, "Lily Abbott")
        assert "CP plan" in kai and "young carer" in kai, kai
        assert "looked after" in lily and "foster care" in lily, lily


# ---- contradictions: named, with the fix, never saved silently --------------------------


async def test_not_a_parent_with_children_on_the_register_is_prompted_and_derived(data_dir):
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        record = await open_nth_client(pilot)
        assert "DOES NOT AGREE with the child register" in text(record.query_one("#client-summary"))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientForm))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContradictionDialog))
        said = text(app.screen.query_one("#contradictions"))
        assert "Not a parent" in said and "2 children on the register" in said
        assert "Set parental status to 'Some children live with client'" in said
        await pilot.press("f")
        await wait_for(pilot, lambda: app.screen is record)
        summary = record.query_one("#client-summary")
        await wait_for(pilot, lambda: "Some children live with client" in text(summary))
        assert "DOES NOT AGREE" not in text(summary)
        profile = text(record.query_one("#profile-text"))
        assert (
            "Some children live with client, as the child register shows "
            "(2 children on the register, 1 living with the client)"
        ) in profile
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        status = s.scalars(select(Client.parental_status).where(Client.family_name == "Abbott"))
        assert status.one() == "some_live_with"
    db.close()


async def test_a_child_with_a_grandparent_and_contact_not_applicable_goes_back_to_the_form(
    data_dir,
):
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        record = await open_nth_client(pilot, downs=1)  # Featherstonehaugh: none live with her
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ChildForm))
        form = app.screen
        await pilot.pause()
        await pilot.press("tab", *"Ben", "tab", "tab", *"03/04/2018", "tab", "tab")
        await choose_first(pilot)  # mother
        await pilot.press("tab")
        await choose_nth(pilot, 3)  # lives with a grandparent
        await pilot.press("tab", "tab", "tab", "tab")  # with whom, contact, supervised, help
        await choose_first(pilot)  # no help
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContradictionDialog))
        dialog = app.screen
        said = text(dialog.query_one("#contradictions"))
        assert "lives with a grandparent" in said and "not applicable" in said
        assert not dialog.query("#fix")  # only the worker knows what contact there is
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is form)
        assert form.focused is not None and form.focused.id == "f-contact_arrangement"
        await choose_nth(pilot, 2, blank=False)  # informal
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is record)
        table = record.query_one("#children-table")
        await wait_for(pilot, lambda: table.row_count == 3)
        assert any(row_of(table, i)[0].startswith("Ben") for i in range(3))


async def test_a_daughter_back_home_while_none_live_with_her_offers_the_registers_status(
    data_dir,
):
    app = app_for(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        record = await open_nth_client(pilot, downs=1)
        await show_section(pilot, "2")
        await pilot.press("enter")  # Mia's row opens her form
        await wait_for(pilot, lambda: isinstance(app.screen, ChildForm))
        form = app.screen
        await pilot.pause()
        form.query_one("#f-lives_with").value = "client"
        form.query_one("#f-contact_arrangement").value = "not_applicable"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContradictionDialog))
        said = text(app.screen.query_one("#contradictions"))
        assert "No children live with client" in said and "1 living with the client" in said
        await pilot.press("f")
        await wait_for(pilot, lambda: app.screen is record)
        profile = record.query_one("#profile-text")
        await wait_for(pilot, lambda: "Some children live with client, as" in text(profile))


async def new_client_as(pilot, given: str, family: str, born: str) -> ClientForm:
    app = pilot.app
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, ClientForm))
    form = app.screen
    await pilot.pause()
    form.query_one("#f-given_name").value = given
    form.query_one("#f-family_name").value = family
    form.query_one("#f-date_of_birth").value = born
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, ContradictionDialog))
    return form


def abbotts(data_dir) -> int:
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        count = s.scalar(select(func.count()).where(Client.family_name == "Abbott"))
    db.close()
    return int(count or 0)


async def test_a_second_client_with_the_same_name_and_birth_date_is_warned(data_dir):
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
        caseload = app.screen
        form = await new_client_as(pilot, "joanne", "Abbott", "02/03/1990")
        said = text(app.screen.query_one("#contradictions"))
        assert "same name and date of birth" in said and "Joanne Abbott" in said
        await pilot.press("escape")  # back: nothing saved
        await wait_for(pilot, lambda: app.screen is form)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContradictionDialog))
        await pilot.press("o")  # the same person: open their record instead
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        summary = app.screen.query_one("#client-summary")
        await wait_for(pilot, lambda: "Joanne Abbott" in text(summary))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is caseload)
        await new_client_as(pilot, "Joanne", "Abbott", "02/03/1990")
        await pilot.press("s")  # the worker knows they are two people
        await wait_for(pilot, lambda: not isinstance(app.screen, ContradictionDialog | ClientForm))
    assert abbotts(data_dir) == 2


async def test_opening_the_possible_duplicate_saves_nothing(data_dir):
    app = app_for(data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
        await new_client_as(pilot, "Joanne", "Abbott", "02/03/1990")
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
    assert abbotts(data_dir) == 1


# ---- any row opens in full ------------------------------------------------------------


async def open_row(pilot, section: str) -> RecordDetail:
    await show_section(pilot, section)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RecordDetail))
    await pilot.pause()
    return pilot.app.screen


async def detail_text(pilot, section: str) -> str:
    """A row opened in full, as the terminal shows it."""
    await open_row(pilot, section)
    return screen_text(pilot.app)


@pytest.mark.parametrize("size", SIZES)
async def test_every_section_row_opens_in_full(data_dir, size):
    app = app_for(data_dir)
    async with app.run_test(size=size) as pilot:
        record = await open_nth_client(pilot)
        contact = await detail_text(pilot, "4")
        for fact in ("Long-Term Team North", "01632 960123", "a.patel@example.org",
                     "Allocated social worker", "NOT confirmed"):  # fmt: skip
            assert fact in contact, contact
        await pilot.press("escape")
        consent = await detail_text(pilot, "5")
        assert "Does not want the GP told about her use." in consent
        assert "Ask again at review." in consent  # the second line too
        assert "Consent refused" in consent
        await pilot.press("escape")
        screened = await detail_text(pilot, "7")
        assert "Intake / triage" in screened and "(scores 3)" in screened, screened
        assert "How often do you have a drink" in screened
        await pilot.press("escape")
        history = await detail_text(pilot, "6")
        assert "Sam Worker" in history
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is record)


async def test_a_household_member_opens_and_is_edited_then_moved_out(data_dir):
    app = app_for(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        record = await open_nth_client(pilot)
        assert "drinks daily" in await detail_text(pilot, "3")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, HouseholdForm))
        form = app.screen
        await pilot.pause()
        assert form.query_one("#f-name").value == "Dave Smith"
        form.query_one("#f-substance_use").value = "drinks daily, not in treatment"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is record)
        assert "not in treatment" in await detail_text(pilot, "3")
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, MovedOutForm))
        await pilot.press("ctrl+s")  # today, as filled in
        await wait_for(pilot, lambda: app.screen is record)
        table = record.query_one("#household-table")
        await wait_for(pilot, lambda: row_of(table, 0)[1].startswith("LEFT"))
        assert row_of(table, 0)[1] == f"LEFT {TODAY:%d/%m/%y}"
        # Someone who has left can be opened and edited, not moved out again.
        detail = await open_row(pilot, "3")
        assert "no: LEFT" in screen_text(app)
        assert detail.check_action("choose", ("end",)) is False
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        dave = s.scalars(select(HouseholdMember)).one()
        assert dave.left_on == TODAY and dave.substance_use == "drinks daily, not in treatment"
    db.close()


# ---- a questionnaire: whose it is, and Ctrl+Q asks ---------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_q_in_a_questionnaire_asks_first(data_dir, size):
    app = app_for(data_dir)
    async with app.run_test(size=size) as pilot:
        await open_nth_client(pilot)
        await pilot.press("s", "down", "enter")  # AUDIT-C
        await wait_for(pilot, lambda: isinstance(app.screen, ScreeningScreen))
        q = app.screen
        await wait_for(pilot, lambda: q.asking_occasion)
        assert "Joanne Abbott" in screen_text(app)
        await pilot.press("2", "2")  # a review; the first answer
        await wait_for(pilot, lambda: q.answers)
        assert "Joanne Abbott" in screen_text(app)  # still named on the next question
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "kept as a draft" in text(app.screen.query_one(".question"))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is q)
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: not app.is_running)
