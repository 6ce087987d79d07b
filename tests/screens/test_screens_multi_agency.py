"""Pilot tests of the multi-agency assessment screen at 80x24 and 100x30: start one, see its
6-week due date; completing it without a home visit is refused beside the outcome; a home
visit recorded; completed with a family care plan, then shown completed with its signature
and no longer open to visits; a copy of the care plan recorded after completion."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import choose_nth, screen_text, screen_up, wait_for

from caseworker.people import clients
from screens.app import CaseworkerApp
from screens.assessment.multi_agency import (
    AssessmentCopyForm,
    AssessmentVisitForm,
    CompleteAssessmentForm,
    MultiAgencyScreen,
    StartAssessmentForm,
)
from screens.caseload.screen import CaseloadScreen
from screens.modals.confirm import ConfirmScreen

SIZES = [(80, 24), (100, 30)]
REVIEW = TODAY + timedelta(days=42)


def make_caseload(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY).id
    db.close()
    return d, ada


def body(app) -> str:
    return str(app.screen.query_one("#maa-body").render())


async def open_screen(pilot, app, client_id) -> MultiAgencyScreen:
    # The caseload open (not only its first page drawn): the lead wires this screen in
    # from a client's record, which needs it open.
    await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page
                   and app.db is not None, tries=200)  # fmt: skip
    screen = MultiAgencyScreen(client_id)
    await app.push_screen(screen)
    await wait_for(pilot, lambda: screen_up(app, MultiAgencyScreen) and screen.loads, tries=200)
    await pilot.pause()  # drawn, for what the terminal shows
    return screen


async def press_for(pilot, app, key: str, form_class):
    await pilot.press(key)
    await wait_for(pilot, lambda: screen_up(app, form_class))
    return app.screen


async def save_and_return(pilot, app, screen: MultiAgencyScreen) -> None:
    before = screen.loads
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: app.screen is screen and screen.loads > before, tries=200)
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


@pytest.mark.parametrize("size", SIZES)
async def test_start_refused_completion_visit_and_completion_with_a_care_plan(tmp_path, size):
    data_dir, ada = make_caseload(tmp_path)
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, app, ada)
        assert "No multi-agency assessment recorded" in body(app)
        text = screen_text(app)
        assert "None open: n starts one." in text, text

        form = await press_for(pilot, app, "n", StartAssessmentForm)
        await type_text(pilot, "Jo Bloggs")  # the lead professional has the focus
        form.query_one("#f-concern").text = "Children left alone at night"
        await save_and_return(pilot, app, screen)
        shown = body(app)
        assert "Open · started 23/11/2026 · lead Jo Bloggs" in shown
        assert "Due 04/01/2027: in 42 days; upcoming from 21/12/2026" in shown  # warned at 4
        assert "Home visits: none yet (needed to complete it)" in shown
        assert "Started from: Children left alone at night" in shown
        assert "Open · started 23/11/2026" in screen_text(app)

        # Completing without a home visit: refused, beside the outcome.
        form = await press_for(pilot, app, "f", CompleteAssessmentForm)
        await choose_nth(pilot, 2)  # risk identified
        form.query_one("#f-summary").text = "Left alone overnight twice"
        await pilot.press("ctrl+s")
        error = form.query_one("#e-outcome")
        await wait_for(pilot, lambda: error.display)
        assert "no home visit is recorded on 23/11/2026" in str(error.render())
        assert app.screen is form  # nothing saved, the form stays
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_up(app, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen)

        form = await press_for(pilot, app, "v", AssessmentVisitForm)
        assert form.query_one("#f-visited_on").value == "23/11/2026"
        form.query_one("#f-visited_by").value = "Sam Worker"
        form.query_one("#f-note").text = "Beds made, food in"
        await save_and_return(pilot, app, screen)
        assert "23/11/2026 by Sam Worker: Beds made, food in" in body(app)

        form = await press_for(pilot, app, "f", CompleteAssessmentForm)
        await choose_nth(pilot, 1)  # needs identified
        form.query_one("#f-summary").text = "Needs support with routines"
        form.query_one("#f-plan_lead").value = "Jo Bloggs"
        form.query_one("#f-plan_roles").text = "Health visitor; weekly visits\nSchool; breakfast"
        form.query_one("#f-plan_review_on").value = f"{REVIEW:%d/%m/%Y}"
        await save_and_return(pilot, app, screen)

        shown = body(app)
        assert "Completed 23/11/2026 · Needs identified: a family care plan" in shown
        # Signed now (the moment is the real clock's; the test's day is fixed).
        assert re.search(r"Signed by Sam Worker, \w{3} \d\d/\d\d/\d{4} \d\d:\d\d", shown)
        assert f"Family care plan: lead Jo Bloggs, review {REVIEW:%d/%m/%Y}" in shown
        assert "  Health visitor: weekly visits" in shown and "  School: breakfast" in shown
        assert "Due " not in shown  # no longer due: it is complete
        assert "Completed 23/11/2026" in screen_text(app)
        assert "None open: n starts one." in screen_text(app)

        # Sealed: no home visit can be added to it.
        await pilot.press("v")
        await pilot.pause()
        assert app.screen is screen


@pytest.mark.parametrize("size", SIZES)
async def test_a_copy_of_the_care_plan_is_recorded_after_completion(tmp_path, size):
    data_dir, ada = make_caseload(tmp_path)
    from caseworker.assessment import complete_assessment, record_home_visit, start_assessment
    from caseworker.store.database import open_database

    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        maa = start_assessment(s, ada, {"concern": "Neglect", "lead_professional": "Jo Bloggs",
                                        "started_on": "16/11/2026"}, TODAY)  # fmt: skip
        record_home_visit(s, maa.id, {"visited_on": "18/11/2026", "visited_by": "Sam"}, TODAY)
        from datetime import UTC, datetime

        complete_assessment(s, maa.id, {"outcome": "needs_identified", "summary": "Needs",
                                        "plan_lead": "Jo Bloggs", "plan_roles": "GP; review",
                                        "plan_review_on": f"{REVIEW:%d/%m/%Y}"}, TODAY,
                            datetime(2026, 11, 23, 12, tzinfo=UTC))  # fmt: skip
    db.close()
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, app, ada)
        assert "Copies sent: none yet" in body(app)
        form = await press_for(pilot, app, "c", AssessmentCopyForm)
        await choose_nth(pilot, 2)  # the family care plan
        form.query_one("#f-recipient").value = "Ada [b]Lee[/"  # shown as typed, never markup
        await save_and_return(pilot, app, screen)
        assert "23/11/2026 the family care plan to Ada [b]Lee[/" in body(app)
        assert "Signed by Sam Worker, Mon 23/11/2026 12:00 GMT" in body(app)


@pytest.mark.parametrize("size", SIZES)
async def test_start_from_the_clients_caf_decision(tmp_path, size):
    from datetime import UTC, datetime

    from caseworker.store.database import open_database
    from caseworker.store.models import PreCaf

    data_dir, ada = make_caseload(tmp_path)
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        s.add(PreCaf(client_id=ada, started_on=TODAY - timedelta(days=9), decision="caf",
                     decided_on=TODAY - timedelta(days=2), caf_lead="Jo Bloggs",
                     decided_at=datetime(2026, 11, 21, 10, tzinfo=UTC)))  # fmt: skip
    db.close()
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, app, ada)
        form = await press_for(pilot, app, "n", StartAssessmentForm)
        chosen = form.query_one("#f-precaf_id")
        assert chosen.value != ""  # the decision, not "a concern", is what it starts from
        assert "Started from                      CAF decided 21/11/2026 (lead" in screen_text(app)
        await type_text(pilot, "Jo Bloggs")
        await save_and_return(pilot, app, screen)
        assert "Started from: the pre-CAF's CAF / Early Help decision of 21/11/2026" in body(app)


def test_how_the_due_date_stands_is_said_once_in_words():
    import uuid

    from caseworker.diary import Due, DueKind
    from screens.assessment.multi_agency import when_due

    due = Due(DueKind.ASSESSMENT, uuid.uuid4(), TODAY + timedelta(days=14), "", uuid.uuid4(),
              warn_on=TODAY)  # fmt: skip
    later = Due(DueKind.ASSESSMENT, due.client_id, TODAY + timedelta(days=20), "", due.source_id,
                warn_on=TODAY + timedelta(days=6))  # fmt: skip
    assert when_due(later, TODAY) == "in 20 days; upcoming from 29/11/2026"
    assert when_due(due, TODAY) == "upcoming, in 14 days"
    assert when_due(due, TODAY + timedelta(days=14)) == "due today"
    assert when_due(due, TODAY + timedelta(days=17)) == "overdue by 3 days"
