"""Nothing typed is lost: every form keeps a draft in the encrypted database as it is
typed; the app offers what was left when it starts again, and reopens it as typed."""

from __future__ import annotations

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import screen_up, wait_for

from caseworker.drafts import drafts_waiting
from caseworker.people import clients, get_client
from caseworker.store.database import open_database
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.modals.confirm import ConfirmScreen
from screens.modals.drafts import UnsavedWork
from screens.record.forms import ClientForm, ParentalForm
from screens.record.screen import ClientScreen
from screens.widgets.form import FormScreen

SIZES = [(80, 24), (100, 30)]


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        clients.create_client(
            s, {"given_name": "Joanne", "family_name": "Quigley", "parental_status": "not_asked"},
            TODAY,
        )  # fmt: skip
    db.close()
    return d


def app_on(data_dir) -> CaseworkerApp:
    return CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)


def waiting(data_dir):
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            return drafts_waiting(s)
    finally:
        db.close()


async def caseload(pilot) -> CaseloadScreen:
    def ready() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, CaseloadScreen) and screen.page is not None

    await wait_for(pilot, ready, tries=200)
    return pilot.app.screen


async def new_client_form(pilot) -> ClientForm:
    await caseload(pilot)
    await pilot.press("n")
    await wait_for(pilot, lambda: screen_up(pilot.app, ClientForm))
    return pilot.app.screen


def kept_values(data_dir) -> dict:
    drafts = waiting(data_dir)
    return drafts[0].values if drafts else {}


@pytest.mark.parametrize("size", SIZES)
async def test_typing_is_kept_after_a_pause_offered_on_restart_and_reopened_exactly(data_dir, size):
    note = "First line\n  second, indented\nthird [b]not bold[/b]\nfourth"
    async with app_on(data_dir).run_test(size=size) as pilot:
        form = await new_client_form(pilot)
        await pilot.press(*"Anna", "tab", *"Smith")
        form.query_one("#f-notes").text = note  # what a paste of four lines leaves
        # Kept once typing pauses, without saving or leaving the form.
        await wait_for(pilot, lambda: kept_values(data_dir).get("notes") == note, tries=200)
        assert isinstance(pilot.app.screen, ClientForm)
        # The app is then killed: nothing runs on the way out (no quit, no unmount).
    kept = kept_values(data_dir)
    assert (kept["given_name"], kept["family_name"], kept["notes"]) == ("Anna", "Smith", note)

    async with app_on(data_dir).run_test(size=size) as pilot:
        await wait_for(pilot, lambda: screen_up(pilot.app, UnsavedWork), tries=200)
        offer = pilot.app.screen
        assert "New client" in str(offer.query_one("#drafts-list").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_up(pilot.app, ClientForm))
        form = pilot.app.screen
        values = form.collect()
        assert (values["given_name"], values["family_name"]) == ("Anna", "Smith")
        assert values["notes"] == note  # every line, exactly
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClientScreen))
    assert waiting(data_dir) == []  # saved: the draft is gone


async def test_a_half_filled_parental_screen_survives_and_reopens_over_the_record(data_dir):
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await caseload(pilot)
        await pilot.press("enter")  # the only client
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClientScreen))
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_up(pilot.app, ParentalForm))
        form = pilot.app.screen
        form.query_one("#f-other_under_18s").value = "2"
        form.query_one("#f-coping").text = "Struggling in the mornings\nMum helps at weekends"
        form.query_one("#f-preferred_times").value = "school hours"
        await wait_for(pilot, lambda: kept_values(data_dir).get("preferred_times"), tries=200)
    async with app_on(data_dir).run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: screen_up(pilot.app, UnsavedWork), tries=200)
        prompt = str(pilot.app.screen.query_one("#drafts-list").get_option_at_index(0).prompt)
        assert "Parental screen" in prompt and "Joanne Quigley" in prompt
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_up(pilot.app, ParentalForm))
        # Over the client's record, as when it was opened from there.
        assert isinstance(pilot.app.screen_stack[-2], ClientScreen)
        values = pilot.app.screen.collect()
        assert values["other_under_18s"] == "2"
        assert values["coping"] == "Struggling in the mornings\nMum helps at weekends"
        assert values["preferred_times"] == "school hours"


async def test_discarding_the_typing_removes_the_draft(data_dir):
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await new_client_form(pilot)
        await pilot.press(*"Bea")
        await wait_for(pilot, lambda: kept_values(data_dir).get("given_name") == "Bea", tries=200)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseloadScreen))
        assert waiting(data_dir) == []


async def test_a_draft_can_be_discarded_from_the_offer_or_left_for_later(data_dir):
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await new_client_form(pilot)
        await pilot.press(*"Cy")
        await wait_for(pilot, lambda: kept_values(data_dir).get("given_name") == "Cy", tries=200)
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_up(pilot.app, UnsavedWork), tries=200)
        await pilot.press("escape")  # later: kept
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseloadScreen))
    assert len(waiting(data_dir)) == 1
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_up(pilot.app, UnsavedWork), tries=200)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseloadScreen))
    assert waiting(data_dir) == []


async def test_opening_the_same_form_again_carries_on_from_its_draft(data_dir):
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await new_client_form(pilot)
        await pilot.press(*"Dee")
        await wait_for(pilot, lambda: kept_values(data_dir).get("given_name") == "Dee", tries=200)
        # Ctrl+Q on a form with typing: it says the typing is kept, and quits.
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        assert "kept as a draft" in pilot.app.screen.question
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_up(pilot.app, UnsavedWork), tries=200)
        await pilot.press("escape")
        form = await new_client_form(pilot)
        assert form.collect()["given_name"] == "Dee"
        assert form.is_dirty()  # what it holds was never saved: cancelling asks first
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))


async def test_a_draft_of_an_edit_is_the_edit_of_that_record(data_dir):
    """Editing a client's profile: the draft names the client, and saving it updates the
    client rather than making a new one."""
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await caseload(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClientScreen))
        client_id = pilot.app.screen.client_id
        await pilot.press("e")
        await wait_for(pilot, lambda: screen_up(pilot.app, ClientForm))
        pilot.app.screen.query_one("#f-area").value = "Northside"
        await wait_for(pilot, lambda: kept_values(data_dir).get("area") == "Northside", tries=200)
    assert waiting(data_dir)[0].client_id == client_id
    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: screen_up(pilot.app, UnsavedWork), tries=200)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_up(pilot.app, FormScreen))
        assert pilot.app.screen.FORM_TITLE == "Edit client"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ClientScreen))
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        assert get_client(s, client_id).area == "Northside"
    db.close()


async def test_typing_that_never_pauses_is_still_kept(data_dir):
    """However long the typing goes on without a pause, it is kept once the first change
    kept waiting has waited its two seconds (here: long since)."""
    from time import monotonic

    from screens.widgets.form_drafts import DRAFT_AT_MOST_SECONDS

    async with app_on(data_dir).run_test(size=(80, 24)) as pilot:
        form = await new_client_form(pilot)
        await pilot.press("E")
        form._unkept_since = monotonic() - 5 * DRAFT_AT_MOST_SECONDS
        await pilot.press("d")
        await wait_for(pilot, lambda: kept_values(data_dir).get("given_name") == "Ed", tries=200)
