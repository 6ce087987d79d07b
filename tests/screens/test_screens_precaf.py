"""Pilot tests of the pre-CAF at 80x24 and 100x30: from a client whose screening made a
pre-CAF due, two children rated with the keyboard (screening's facts shown, not asked),
evidence kept, a decision against the suggestion refused until its reason is given, and
the CAF's actions and 6-week assessment in the record's diary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import record_loaded, row_of, screen_text, screen_up, wait_for

from caseworker import agenda
from caseworker.diary import DueKind
from caseworker.people import add_child, clients
from caseworker.screening import complete_parental
from caseworker.store.database import open_database
from screens.app import CaseworkerApp
from screens.assessment.precaf import PreCafScreen
from screens.assessment.precaf_forms import DecisionForm, EvidenceForm

SIZES = [(80, 24), (100, 30)]


def make_caseload(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        for name, born in (("Sam", "01/03/2019"), ("Mia", "12/08/2022")):
            child = {"given_name": name, "family_name": "Lee", "date_of_birth": born,
                     "lives_with": "client", "client_role": "mother"}  # fmt: skip
            add_child(s, ada.id, child, TODAY)
        screen = {"parental_status": "all_live_with", "domestic_abuse": "yes",
                  "use_affects_care": "sometimes"}  # fmt: skip
        complete_parental(s, ada.id, screen, TODAY - timedelta(days=21))
        client_id = ada.id
    db.close()
    return d, client_id


def table_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#precaf-table")
    return [row_of(table, i) for i in range(table.row_count)]


def row_for(app, label: str) -> list[str]:
    return next(r for r in table_rows(app) if label in r[0])


async def open_precaf(pilot, app, client_id) -> PreCafScreen:
    await wait_for(pilot, lambda: app.db is not None, tries=200)
    app.open_client(client_id)
    await wait_for(pilot, lambda: record_loaded(app.screen), tries=200)
    await pilot.press("a")
    await wait_for(pilot, lambda: screen_up(app, PreCafScreen) and app.screen.loads, tries=200)
    return app.screen


async def rate(pilot, screen, label: str, key: str) -> None:
    """Move to the element and rate it; wait for the write and the view read after it."""
    table = screen.query_one("#precaf-table")
    index = next(i for i, r in enumerate(table_rows(screen.app)) if label in r[0])
    table.move_cursor(row=index)
    await pilot.pause()
    writes, loads = screen.writes, screen.loads
    await pilot.press(key)
    await wait_for(pilot, lambda: screen.writes > writes and screen.loads > loads, tries=200)


@pytest.mark.parametrize("size", SIZES)
async def test_rate_two_children_and_decide_caf_against_a_csc_suggestion(tmp_path, size):
    data_dir, client_id = make_caseload(tmp_path)
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        screen = await open_precaf(pilot, app, client_id)
        # Screening's answers beside the element, not asked again.
        assert "on record: Domestic abuse: yes" in row_for(app, "Domestic abuse")[2]
        assert "Mia Lee" in str(screen.query_one("#precaf-title").render())
        await rate(pilot, screen, "Domestic abuse", "2")
        await rate(pilot, screen, "Effect of use", "2")
        assert row_for(app, "Domestic abuse")[1] == "Some concern"
        assert "Referral to children's social care" in screen_text(app)
        # The second child (the first key: next child).
        await pilot.press("c")
        await pilot.pause()
        assert "Sam Lee" in str(screen.query_one("#precaf-title").render())
        assert row_for(app, "Domestic abuse")[1] == "—"
        await rate(pilot, screen, "Learning and education", "2")
        # Evidence with its source for Sam's learning.
        table = screen.query_one("#precaf-table")
        table.move_cursor(row=next(i for i, r in enumerate(table_rows(app)) if "Learning" in r[0]))
        await pilot.pause()
        await pilot.press("e")
        await wait_for(pilot, lambda: screen_up(app, EvidenceForm))
        await pilot.press("tab")
        for ch in "Late most days":
            await pilot.press("space" if ch == " " else ch)
        loads = screen.loads
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.loads > loads, tries=200)
        assert row_for(app, "Learning and education")[2] == "Late most days"
        # Summary: every domain per child, concerns in words.
        await pilot.press("s")
        await pilot.pause()
        summary = table_rows(app)
        substance = next(r for r in summary if r[0] == "Substance use and the children")
        assert substance[1].startswith("Some concern")  # Mia (youngest first)
        await pilot.press("s")
        # Decide CAF against the CSC suggestion: refused until the reason is given.
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_up(app, DecisionForm))
        form = app.screen
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # CAF
        await pilot.pause()
        form.query_one("#f-caf_lead").value = "Jo Hart (school)"
        form.query_one("#f-caf_consent").value = "given"
        form.query_one("#f-actions").text = "School; weekly check-in; 08/12/2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(form.query_one("#e-against_suggestion").render())
        assert "suggest Referral to children's social care" in error
        form.query_one("#f-against_suggestion").text = "CSC consulted: below threshold"
        loads = screen.loads
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and screen.loads > loads, tries=200)
        title = str(screen.query_one("#precaf-title").render())
        assert "Decision: CAF, signed by Sam Worker" in title
        assert "Action: School: weekly check-in by 08/12/2026" in title
        # Sealed: a rating key now says so, and changes nothing.
        await pilot.press("1")
        await pilot.pause()
        assert row_for(app, "Learning and education")[1] == "Some concern"
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        kinds = {d.kind: d for d in agenda.due_items(s, client_id)}
    db.close()
    assert DueKind.PRECAF not in kinds
    assert kinds[DueKind.ASSESSMENT].due_on == TODAY + timedelta(weeks=6)
    assert kinds[DueKind.PLAN_ACTION].note.startswith("School: weekly check-in")
