"""Pilot tests of letters at 80x24 and 100x30: "Draft a letter" from the record, the draft
with the facts used and their sources, an edit kept, finalising refused without consent
until a basis and a reason are given, then saved as a PDF."""

from __future__ import annotations

import pypdf
import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import choose_nth, screen_text, screen_up, wait_for

from caseworker.people import add_child, clients
from caseworker.referrals import letters_of
from caseworker.store.database import open_database
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.record.screen import ClientScreen
from screens.referrals.letter_list import LetterListScreen
from screens.referrals.letters import (
    ChooseLetterForm,
    FinaliseLetterForm,
    LetterEditForm,
    LetterScreen,
    SaveLetterForm,
)

SIZES = [(80, 24), (100, 30)]


def make_caseload(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        add_child(
            s,
            ada.id,
            {
                "given_name": "Sam",
                "family_name": "Lee",
                "date_of_birth": "01/03/2019",
                "school": "Riverside Primary",
                "client_role": "mother",
            },
            TODAY,
        )
        ada_id = ada.id
    db.close()
    return d, ada_id


async def choosing_a_letter(pilot, app) -> None:
    """From the caseload, once open: the first client's record, then "Draft a letter"."""
    await wait_for(
        pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page, tries=200
    )
    await wait_for(pilot, lambda: app.db is not None, tries=200)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_up(app, ClientScreen), tries=200)
    await pilot.press("ctrl+e")
    await wait_for(pilot, lambda: screen_up(app, ChooseLetterForm))


@pytest.mark.parametrize("size", SIZES)
async def test_draft_edit_finalise_with_a_basis_and_save_as_pdf(tmp_path, size):
    data_dir, ada = make_caseload(tmp_path)
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await choosing_a_letter(pilot, app)
        await choose_nth(pilot, 4)  # caf-request, conference-report, csc-confirmation, csc-referral
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_up(app, LetterScreen))
        await pilot.pause()
        shown = str(app.screen.query_one("#letter-text").render())
        assert "DRAFT" in shown and "Sam Lee (aged 7; Riverside Primary)" in shown
        assert "(from Child register: Sam Lee)" in shown and "Facts used:" in shown
        assert "Referral to children's social care" in screen_text(app)

        await pilot.press("e")
        await wait_for(pilot, lambda: screen_up(app, LetterEditForm))
        body = app.screen.query_one("#f-body")
        body.text = body.text.replace(
            "[write: what you want to happen, and by when]",
            "An assessment of Sam's needs this month.",
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_up(app, LetterScreen))
        await pilot.pause()
        assert "An assessment of Sam's needs" in str(app.screen.query_one("#letter-text").render())

        await pilot.press("f")
        await wait_for(pilot, lambda: screen_up(app, FinaliseLetterForm))
        assert "To Children's social care" in str(app.screen.query_one("#form-intro").render())
        await pilot.press("ctrl+s")  # no consent, no basis: refused, named on the form
        await pilot.pause()
        assert screen_up(app, FinaliseLetterForm)
        assert app.screen.query_one("#e-basis").display
        await choose_nth(pilot, 1, blank=False)  # immediate risk to a child's life
        app.screen.query_one("#f-reason").text = "Sam was left alone overnight"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_up(app, LetterScreen))
        await pilot.pause()
        assert "FINALISED" in str(app.screen.query_one("#letter-text").render())

        await pilot.press("s")
        await wait_for(pilot, lambda: screen_up(app, SaveLetterForm))
        await choose_nth(pilot, 1, blank=False)  # PDF
        app.screen.query_one("#f-path").value = str(tmp_path / "to-csc")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_up(app, LetterScreen))
        # The finalised letter, as frozen, with the facts it used kept with it.
        await pilot.press("l")
        await wait_for(pilot, lambda: screen_up(app, LetterListScreen))
        await pilot.pause()
        frozen = str(app.screen.query_one("#letter-frozen").render())
        assert "Finalised by Sam Worker on 23/11/2026" in frozen
        assert "(from Child register: Sam Lee)" in frozen
        assert "csc-referral" in screen_text(app)
    pdf = tmp_path / "to-csc.pdf"
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    assert "An assessment of Sam's needs this month." in text and "DRAFT" not in text
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            (letter,) = letters_of(s, ada)
            assert letter.template == "csc-referral" and "Sam's needs" in letter.body
    finally:
        db.close()


@pytest.mark.parametrize("form", [LetterEditForm, FinaliseLetterForm, SaveLetterForm])
def test_each_letter_form_reopens_from_its_draft_on_the_same_letter(form):
    import uuid

    client, child = uuid.uuid4(), uuid.uuid4()
    opened = form(client, "young-carers", child)
    again = form.from_draft(opened.draft_args())
    assert (again.client_id, again.template, again.child_id) == (client, "young-carers", child)
    assert again.draft_key() == opened.draft_key()


@pytest.mark.parametrize("size", SIZES)
async def test_a_child_letter_for_two_children_asks_which_in_the_form(tmp_path, size):
    # Left at "the family (or the only child)", it opened a letter screen that could not
    # draft it, naming the template's file.
    from caseworker.people import add_child

    data_dir, ada = make_caseload(tmp_path)
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        kit = {"given_name": "Kit", "family_name": "Lee", "date_of_birth": "01/03/2021",
               "client_role": "mother"}  # fmt: skip
        add_child(s, ada, kit, TODAY)
    db.close()
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await choosing_a_letter(pilot, app)
        await choose_nth(pilot, 4)  # csc-referral: about one child
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "choose which" in screen_text(app))
        assert screen_up(app, ChooseLetterForm) and not screen_up(app, LetterScreen)
