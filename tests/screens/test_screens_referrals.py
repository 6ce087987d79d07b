"""Pilot tests of referrals at 80x24 and 100x30: a verbal referral to children's social
care recorded from the record (with the keyboard), its 48-hour written confirmation
counted down on the referrals screen, the record's diary, the caseload and the diary; a
bounced referral sent again shown as the second of its chain; a chase and an outcome
recorded from the referrals screen; the palette's referral commands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import choose_nth, record_loaded, screen_text, screen_up, wait_for

from caseworker.people import add_child, clients
from caseworker.referrals import record_outcome, record_referral, referrals_of, sharing_log
from caseworker.store.database import open_database
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.diary.screen import DiaryScreen
from screens.record.screen import ClientScreen
from screens.referrals.forms import ChaseForm, OutcomeForm, ReferralForm
from screens.referrals.screen import ReferralsScreen
from screens.referrals.send_form import SendForm

SIZES = [(80, 24), (100, 30)]
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # TODAY, 10:00 in the UK (GMT)


def verbal(**raw) -> dict:
    return {
        "agency": "Children's social care", "to_csc": True, "reason": "Left alone",
        "wanted_outcome": "An assessment", "urgency": "urgent", "mode": "verbal",
        "call_on": "20/11/2026", "call_time": "09:00", "call_to": "Duty desk",
        "call_said": "Sam was left alone",
    } | raw  # fmt: skip


def make_caseload(tmp_path, *, chain: bool = False):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        add_child(s, ada.id, {"given_name": "Sam", "family_name": "Lee",
                              "date_of_birth": "01/03/2019", "lives_with": "client",
                              "client_role": "mother"}, TODAY)  # fmt: skip
        if chain:
            first = record_referral(s, ada.id, verbal(), TODAY)
            record_outcome(s, first.id, {"outcome": "bounced", "outcome_worker": "Jo Hart",
                                         "feedback_on": "21/11/2026"}, TODAY)  # fmt: skip
            record_referral(s, ada.id, verbal(to_csc=False, previous_id=first.id), TODAY)
    db.close()
    return d


def app_on(data_dir) -> CaseworkerApp:
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    app.visit_clock = lambda: NOW
    return app


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def open_record(pilot, app) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page,
                   tries=200)  # fmt: skip
    await wait_for(pilot, lambda: app.db is not None, tries=200)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen_up(app, ClientScreen), tries=200)


def rows(table) -> list[str]:
    return [" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


@pytest.mark.parametrize("size", SIZES)
async def test_a_verbal_csc_referral_counts_down_its_48_hours_everywhere(tmp_path, size):
    app = app_on(make_caseload(tmp_path))
    async with app.run_test(size=size) as pilot:
        await open_record(pilot, app)
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: screen_up(app, ReferralForm))
        form = app.screen
        await pilot.press("tab")  # from the network: typed below
        await type_text(pilot, "CSC front door")
        await pilot.press("tab", "space")  # to children's social care: yes
        await pilot.press("tab", "tab")  # the team (left blank); the named contact
        await type_text(pilot, "Jo Hart")
        await pilot.press("tab", "space")  # about Sam: yes
        assert form.query_one("#f-child_" + form.kids[0][0].hex).value is True
        form.query_one("#f-reason").text = "Sam left alone overnight"
        form.query_one("#f-wanted_outcome").text = "A strategy discussion"
        form.query_one("#f-urgency").value = "urgent"
        form.query_one("#f-mode").value = "verbal"
        form.query_one("#f-call_on").value = "23/11/2026"
        form.query_one("#f-call_time").value = "09:00"
        form.query_one("#f-call_to").value = "Jo Hart"
        form.query_one("#f-call_said").text = "Told her Sam was alone overnight"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_up(app, ReferralsScreen) and app.screen.loads,
                       tries=200)  # fmt: skip
        # 48 hours from 09:00 on the 23rd: 09:00 on the 25th, 47 hours from 10:00 now.
        text = screen_text(app)
        assert "CSC referral: confirm in writing: 47 h left" in text
        assert (
            "sent 23/11/2026, not acknowledged" in rows(app.screen.query_one("#referrals-table"))[0]
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_up(app, ClientScreen))
        summary = str(app.screen.query_one("#client-summary").render())
        assert "25/11/2026 Confirm the CSC referral in writing: 47 h left" in summary
        await pilot.press("8")  # the record's diary
        await wait_for(pilot, lambda: record_loaded(app.screen, "diary"), tries=200)
        diary = rows(app.screen.query_one("#diary-table"))
        assert any(r.startswith("25/11/26 47 h left | Confirm the CSC referral") for r in diary), (
            diary
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_up(app, CaseloadScreen))
        # The caseload's next-due column: the date, then the countdown, then what it is.
        await wait_for(pilot, lambda: "25/11/26 47 h left" in screen_text(app), tries=100)
        app.visit_clock = lambda: NOW + timedelta(hours=50)  # past it: overdue by 3 hours
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: screen_up(app, DiaryScreen) and app.screen.loads,
                       tries=200)  # fmt: skip
        diary_screen = app.screen
        loads = diary_screen.loads
        await pilot.press("w")  # the week's view: due within 7 days
        await wait_for(pilot, lambda: diary_screen.loads > loads, tries=200)
        table = app.screen.query_one("#diary-table")
        whens = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "25/11/26 OVERDUE by 3 h" in whens, whens


@pytest.mark.parametrize("size", SIZES)
async def test_a_re_referral_is_the_second_of_its_chain_and_is_tracked(tmp_path, size):
    app = app_on(make_caseload(tmp_path, chain=True))
    async with app.run_test(size=size) as pilot:
        await open_record(pilot, app)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen_up(app, ReferralsScreen) and app.screen.loads)
        screen = app.screen
        assert "Referrals · Ada Lee · 2 · 1 re-referral" in screen_text(app)
        table = rows(screen.query_one("#referrals-table"))
        assert len(table) == 2 and all(r.endswith("of 2") for r in table), table
        assert "bounced back 21/11/2026 (Jo Hart)" in " ".join(table)
        detail = str(screen.query_one("#referral-detail").render())
        assert "2nd referral of a chain of 2" in detail
        await pilot.press("c")
        await wait_for(pilot, lambda: screen_up(app, ChaseForm))
        await type_text(pilot, "")  # the date is today's already
        await pilot.press("tab")
        await type_text(pilot, "left a message")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and "chased 1 time" in screen_text(app))
        await pilot.press("o")
        await wait_for(pilot, lambda: screen_up(app, OutcomeForm))
        app.screen.query_one("#f-outcome").value = "accepted"
        await pilot.press("tab")
        await type_text(pilot, "Kim Roe")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and "accepted 23/11/2026 (Kim Roe)"
                       in screen_text(app))  # fmt: skip
        client_id = screen.client_id
    db = open_database(tmp_path / "cw", PASSPHRASE)
    try:
        with db.session() as s:
            latest = referrals_of(s, client_id)[0]
            assert (latest.referral.outcome, latest.referral.outcome_worker) == (
                "accepted",
                "Kim Roe",
            )
            assert [c.note for c in latest.chases] == ["left a message"]
    finally:
        db.close()


async def test_an_agency_from_the_directory_fills_the_referral(tmp_path):
    app = app_on(make_caseload(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(pilot, app)
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: screen_up(app, ReferralForm))
        form = app.screen
        await choose_nth(pilot, 1, blank=False)  # after "typed below": the first agency
        form.query_one("#f-reason").text = "Weight falling"
        form.query_one("#f-wanted_outcome").text = "A strategy discussion"
        form.query_one("#f-urgency").value = "routine"
        form.query_one("#f-mode").value = "written"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen_up(app, ReferralsScreen) and app.screen.loads,
                       tries=200)  # fmt: skip
        assert "not sent" in rows(app.screen.query_one("#referrals-table"))[0]
        client_id = app.screen.client_id
    db = open_database(tmp_path / "cw", PASSPHRASE)
    try:
        with db.session() as s:
            [view] = referrals_of(s, client_id)
            r = view.referral
            assert (r.agency, r.team, r.to_csc) == (
                "Children's social care",
                "Front door (MASH)",
                True,
            )
    finally:
        db.close()


@pytest.mark.parametrize("size", SIZES)
async def test_sending_without_consent_demands_a_basis_and_logs_the_decision(tmp_path, size):
    app = app_on(make_caseload(tmp_path))
    async with app.run_test(size=size) as pilot:
        await open_record(pilot, app)
        client_id = app.screen.client_id
        with app.db.session() as s:
            written = {
                "agency": "Health visiting",
                "reason": "Weight",
                "urgency": "routine",
                "wanted_outcome": "A review",
                "mode": "written",
                "made_on": "23/11/2026",
            }
            record_referral(s, client_id, written, TODAY)  # fmt: skip
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen_up(app, ReferralsScreen) and app.screen.loads)
        screen = app.screen
        await pilot.press("s")
        await wait_for(pilot, lambda: screen_up(app, SendForm))
        form = app.screen
        intro = str(form.query_one("#form-intro").render())
        assert "No consent is recorded to share with Health visiting" in intro
        form.query_one("#f-share").value = "yes"
        form.query_one("#f-basis").value = "consent"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Share on another basis" in screen_text(app))
        assert app.screen is form  # not sent
        form.query_one("#f-basis").value = "increased_risk"
        form.query_one("#f-reason").text = "Her partner reads her post"
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: app.screen is screen and "sent 23/11/2026" in screen_text(app)
        )
        with app.db.session() as s:
            [decision] = sharing_log(s, client_id)
            assert (decision.shared, decision.basis) == (True, "increased_risk")
            assert decision.signed_as == "Sam Worker"


async def test_the_palette_offers_the_referral_commands(tmp_path):
    app = app_on(make_caseload(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_record(pilot, app)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for command in ("Referrals", "Record a referral"):
            assert any(t.startswith(f"{command}:") for t in titles), command
