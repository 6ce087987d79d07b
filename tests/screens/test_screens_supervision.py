"""Pilot tests of supervision at 80x24 and 100x30: the supervisor unlocks as themselves,
opens supervision (F3) on the worker's caseload, discusses the case most at risk first,
signs off with their own passphrase (a worker's is refused, in the app too), and the
session is sealed; the figures drill down to their clients; a worker sees the review but
cannot open a session."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import screen_text, screen_up, wait_for

from caseworker.people import add_child, clients
from caseworker.store import persons
from caseworker.store.keyfile import KdfParams
from caseworker.supervision import sessions_of
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.supervision.forms import CaseForm, SignOffDialog
from screens.supervision.screen import SupervisionScreen

pytestmark = pytest.mark.sqlcipher  # people's slots are in the key file

SIZES = [(80, 24), (100, 30)]
BOSS_PASS = "the supervisor's own words"


def make_caseload(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    worker = db.worker_id
    persons.add_person(db, "Pat Supervisor", "supervisor", BOSS_PASS,
                       kdf=KdfParams.fast_for_tests())  # fmt: skip
    with db.session() as s:
        ada = clients.create_client(
            s, {"given_name": "Ada", "family_name": "Lee", "parental_status": "all_live_with"},
            TODAY, key_worker_id=worker,
        )  # fmt: skip
        add_child(s, ada.id, {"given_name": "Sam", "family_name": "Lee",
                              "date_of_birth": "01/03/2019", "lives_with": "client",
                              "client_role": "mother", "current_help": "cp_plan"},
                  TODAY)  # fmt: skip
        clients.create_client(s, {"given_name": "Bo", "family_name": "Ray"}, TODAY,
                              key_worker_id=worker)  # fmt: skip
    db.close()
    return d, worker


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def supervision(pilot, app) -> SupervisionScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page,
                   tries=200)  # fmt: skip
    await pilot.press("f3")
    await wait_for(pilot, lambda: screen_up(app, SupervisionScreen), tries=200)
    screen = app.screen
    await wait_for(pilot, lambda: screen.view is not None, tries=200)
    await pilot.pause()
    return screen


@pytest.mark.parametrize("size", SIZES)
async def test_a_supervisor_discusses_a_case_and_signs_off_as_themselves(tmp_path, size):
    d, worker = make_caseload(tmp_path)
    app = CaseworkerApp(data_dir=d, passphrase=BOSS_PASS, today=TODAY)
    app.visit_clock = lambda: datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # TODAY, 15:00
    async with app.run_test(size=size) as pilot:
        screen = await supervision(pilot, app)
        assert "Sam Worker" in screen_text(app)
        # The case most at risk first: Ada, whose child is on a child-protection plan.
        assert screen.case_rows[0][1].startswith("Children on a child-protection plan")
        await pilot.press("d")
        await wait_for(pilot, lambda: screen_up(app, CaseForm))
        await type_text(pilot, "Sam seen at school")
        await pilot.press("tab")
        await type_text(pilot, "Joint visit")
        await pilot.press("tab")
        await type_text(pilot, "Ask Sam")
        await pilot.press("tab")
        await type_text(pilot, "Sam Worker; joint visit; 04/12/2026")
        await pilot.press("tab", "space")  # discussed: yes
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_up(app, SupervisionScreen))
        await wait_for(pilot, lambda: screen.view.in_progress and screen.view.cases)
        assert "decided" in screen_text(app)
        # The worker's passphrase signs nothing.
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_up(app, SignOffDialog))
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Only a supervisor" in n.message
                                          for n in app._notifications), tries=200)  # fmt: skip
        assert screen.view.in_progress
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_up(app, SignOffDialog))
        await type_text(pilot, BOSS_PASS)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not screen.view.in_progress, tries=200)
        assert "signed off by Pat Supervisor" in screen_text(app)
        with app.db.session() as s:
            [signed] = sessions_of(s, worker)
        assert signed.signed_as == "Pat Supervisor" and signed.signed_off_at is not None
        # The month the session was signed keeps its figures: a chart and the numbers.
        await pilot.press("m")
        await pilot.pause()
        assert screen.query_one("#sup-tabs").active == "sup-tab-months"
        months = screen.query_one("#sup-months")
        assert [str(c.label) for c in months.columns.values()][1:] == [f"{TODAY:%Y-%m}"]
        assert "Children on a child-protection plan" in screen_text(app)
        assert screen.query_one("#sup-spark").data
        await pilot.press("t")
        await pilot.pause()
        assert screen.query_one("#sup-tabs").active == "sup-tab-team"
        team = screen.query_one("#sup-team")
        assert [str(team.get_row_at(i)[0]) for i in range(team.row_count)] == ["Sam Worker"]
        await pilot.press("enter")  # the worker's row opens their review
        await pilot.pause()
        assert screen.query_one("#sup-tabs").active == "sup-tab-cases"


@pytest.mark.parametrize("size", SIZES)
async def test_a_figure_drills_down_to_its_clients(tmp_path, size):
    d, _ = make_caseload(tmp_path)
    app = CaseworkerApp(data_dir=d, passphrase=BOSS_PASS, today=TODAY)
    async with app.run_test(size=size) as pilot:
        screen = await supervision(pilot, app)
        await pilot.press("f")  # the Figures tab, its table focused
        await pilot.pause()
        assert screen.query_one("#sup-tabs").active == "sup-tab-figures"
        table = screen.query_one("#sup-figures")
        assert table.has_focus
        row = screen.figure_keys.index("never_screened")
        table.move_cursor(row=row)
        await pilot.pause()
        fig = screen.view.review.figures["never_screened"]
        assert len(screen.drill_ids) == fig.count == 2
        assert "Bo Ray" in screen_text(app) or size == (80, 24)
        # A children's figure drills down to the children it counts, each with its parent.
        table.move_cursor(row=screen.figure_keys.index("children_cp_plan"))
        await pilot.pause()
        drill = screen.query_one("#sup-drill")
        assert drill.row_count == screen.view.review.figures["children_cp_plan"].count == 1
        assert str(drill.get_row_at(0)[0]) == "Sam Lee · child of Ada Lee"


async def test_a_worker_sees_the_review_but_cannot_open_a_session(tmp_path):
    d, worker = make_caseload(tmp_path)
    app = CaseworkerApp(data_dir=d, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await supervision(pilot, app)
        assert "read only" in screen_text(app)
        await pilot.press("d")
        await wait_for(pilot, lambda: any("Only a supervisor" in n.message
                                          for n in app._notifications))  # fmt: skip
        assert not screen_up(app, CaseForm)
        with app.db.session() as s:
            assert sessions_of(s, worker) == []


async def test_the_pack_is_written_from_the_screen_off_the_event_loop(tmp_path):
    from screens.supervision.forms import PackForm

    d, _ = make_caseload(tmp_path)
    app = CaseworkerApp(data_dir=d, passphrase=BOSS_PASS, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await supervision(pilot, app)
        await pilot.press("p")
        await wait_for(pilot, lambda: screen_up(app, PackForm))
        app.screen.query_one("#f-path").value = str(tmp_path / "pack")
        await pilot.press("ctrl+s")
        target = tmp_path / "pack.docx"  # Word by default: the extension is added
        await wait_for(pilot, target.exists, tries=200)
        await wait_for(pilot, lambda: any("Pack written to" in n.message
                                          for n in app._notifications), tries=100)  # fmt: skip
    import docx

    assert "Supervision: Sam Worker" in docx.Document(str(target)).paragraphs[0].text
