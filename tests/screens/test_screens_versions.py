"""A record saved by someone else while its form is open: the form says so, with theirs,
and keeps what was typed; saving again, having seen theirs, puts yours in place."""

from __future__ import annotations

import uuid

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import wait_for
from sqlalchemy import select

from caseworker.people import clients
from caseworker.store.database import open_database
from caseworker.store.models import Client
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.record.forms import ClientForm
from screens.record.screen import ClientScreen


@pytest.fixture
def caseload(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        raw = {"given_name": "Joanne", "family_name": "Quigley", "phone": "0111"}
        client_id = clients.create_client(s, raw, TODAY).id
    db.close()
    return d, client_id


def _saved(data_dir, client_id: uuid.UUID) -> Client:
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            return s.scalars(select(Client).where(Client.id == client_id)).one()
    finally:
        db.close()


def _someone_else_sets_phone(data_dir, client_id: uuid.UUID, phone: str) -> None:
    db = open_database(data_dir, PASSPHRASE)
    try:
        with db.session() as s:
            values = clients.client_form_values(s, clients.get_client(s, client_id))
            clients.update_client(s, client_id, {**values, "phone": phone}, TODAY)
    finally:
        db.close()


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_saving_over_someone_elses_change_is_refused_and_shows_theirs(caseload, size):
    data_dir, client_id = caseload
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
        await pilot.press("slash", *"quig", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientForm))
        form = app.screen
        form.query_one("#f-notes").focus()
        await pilot.press(*"seen at clinic")
        _someone_else_sets_phone(data_dir, client_id, "0222")  # while the form is open
        await pilot.press("ctrl+s")
        errors = form.query_one("#form-errors")
        await wait_for(pilot, lambda: "Not saved" in str(errors.render()))
        shown = str(errors.render())
        assert "Sam Worker saved a change to this client record" in shown
        assert "Phone: 0222 (yours: 0111)" in shown
        assert "Notes: (empty) (yours: seen at clinic)" in shown
        assert app.screen is form  # still open, with what was typed
        assert form.query_one("#f-notes").text == "seen at clinic"  # notes: a TextArea
        saved = _saved(data_dir, client_id)
        assert (saved.phone, saved.notes) == ("0222", "")  # theirs kept
        # Having seen theirs, a second save is a choice: yours replaces theirs.
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
    saved = _saved(data_dir, client_id)
    assert (saved.phone, saved.notes, saved.version) == ("0111", "seen at clinic", 3)
