"""Pilot tests of the diary at 80x24 and 100x30: what is due with its reason, done / move
from the list closing or moving the item everywhere, a meeting recorded from the record
moving its next review, and the palette's diary commands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import row_of, wait_for

from caseworker.meetings import record_meeting
from caseworker.people import clients
from caseworker.screening import complete_parental
from caseworker.store.database import open_database
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.diary.dialogs import CompleteDialog, MeetingForm, MoveDialog
from screens.diary.screen import DiaryScreen
from screens.record.screen import ClientScreen

SIZES = [(80, 24), (100, 30)]
SCREENED = TODAY - timedelta(days=100)  # the re-screen is 9 days overdue
REVIEWED = TODAY - timedelta(days=20)  # the monthly review is due in 10 days


def make_caseload(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        complete_parental(s, ada.id, {"parental_status": "none_live_with"}, SCREENED)
        record_meeting(s, ada.id, {"kind": "multi_agency_review",
                                   "held_on": f"{REVIEWED:%d/%m/%Y}",
                                   "minutes_to": "all", "minutes_sent_on":
                                   f"{REVIEWED:%d/%m/%Y}"}, TODAY)  # fmt: skip
    db.close()
    return d


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#diary-table")
    return [row_of(table, i) for i in range(table.row_count)]


async def open_diary(pilot, app, key: str = "ctrl+d") -> None:
    """From the caseload as soon as its first page is drawn: the database may still be
    opening, and the diary opens once it is."""
    await wait_for(
        pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page, tries=200
    )
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, DiaryScreen) and app.screen.loads,
                   tries=200)  # fmt: skip


async def press_and_load(pilot, app, *keys: str) -> None:
    """Press keys on the diary and wait for the view they ask for (read off the loop)."""
    before = app.screen.loads
    await pilot.press(*keys)
    await wait_for(pilot, lambda: isinstance(app.screen, DiaryScreen)
                   and app.screen.loads > before)  # fmt: skip


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


@pytest.mark.parametrize("size", SIZES)
async def test_diary_shows_overdue_and_upcoming_with_reasons(tmp_path, size):
    app = CaseworkerApp(data_dir=make_caseload(tmp_path), passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await open_diary(pilot, app, "ctrl+o")
        (overdue,) = rows(app)
        rescreen_on = SCREENED + timedelta(days=91)
        assert overdue[0] == f"{rescreen_on:%d/%m/%y} OVERDUE 9 days"
        assert overdue[1:3] == ["Ada Lee", "rescreen"]
        detail = str(app.screen.query_one("#diary-detail").render())
        assert f"91 days after the parental screen of {SCREENED:%d/%m/%Y}" in detail
        await press_and_load(pilot, app, "w")  # this week: the overdue one, not the review
        assert [r[2] for r in rows(app)] == ["rescreen"]
        await press_and_load(pilot, app, "a")
        review_on = REVIEWED + timedelta(days=30)  # one month after 11/11/2026
        assert [r[0] for r in rows(app)] == [
            f"{rescreen_on:%d/%m/%y} OVERDUE 9 days",
            f"{review_on:%d/%m/%y} in 10 days",
        ]
        assert "last held" in rows(app)[1][3]


@pytest.mark.parametrize("size", SIZES)
async def test_done_from_the_diary_closes_the_item_everywhere(tmp_path, size):
    app = CaseworkerApp(data_dir=make_caseload(tmp_path), passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await open_diary(pilot, app)
        assert [r[2] for r in rows(app)] == ["rescreen"]
        diary, before = app.screen, app.screen.loads
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, CompleteDialog))
        await type_text(pilot, "Re-screened at review")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is diary and diary.loads > before)
        assert rows(app) == []  # nothing due today any more
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        table = app.screen.query_one("#caseload")
        # The caseload reads its page again (off the loop): the re-screen is no longer next.
        await wait_for(pilot, lambda: table.row_count and "OVERDUE" not in row_of(table, 0)[2])
        assert "rescreen" not in row_of(table, 0)[2]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.press("8")
        await pilot.pause()
        diary = app.screen.query_one("#diary-table")
        texts = [row_of(diary, i) for i in range(diary.row_count)]
        assert texts[-1][0] == f"done {TODAY:%d/%m/%y}"
        assert "Re-screened at review" in texts[-1][2]
        next_rescreen = TODAY + timedelta(days=91)
        assert [f"{next_rescreen:%d/%m/%y}", "Re-screen parental status"] == [
            texts[1][0].split()[0],
            texts[1][1],
        ]


@pytest.mark.parametrize("size", SIZES)
async def test_a_moved_item_shows_its_new_date_and_reason(tmp_path, size):
    app = CaseworkerApp(data_dir=make_caseload(tmp_path), passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await open_diary(pilot, app, "ctrl+o")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MoveDialog))
        await pilot.pause()
        to = TODAY + timedelta(days=5)
        await type_text(pilot, f"{to:%d/%m/%Y}")
        await pilot.press("tab")
        await type_text(pilot, "client in hospital")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DiaryScreen))
        await press_and_load(pilot, app, "a")
        first = rows(app)[0]
        assert first[0] == f"{to:%d/%m/%y} in 5 days"
        detail = str(app.screen.query_one("#diary-detail").render())
        rescreen_on = SCREENED + timedelta(days=91)
        assert f"moved from {rescreen_on:%d/%m/%Y}: client in hospital" in detail


@pytest.mark.parametrize("size", SIZES)
async def test_recording_a_held_review_from_the_record_moves_its_next_date(tmp_path, size):
    app = CaseworkerApp(data_dir=make_caseload(tmp_path), passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, MeetingForm))
        form = app.screen
        form.query_one("#f-kind").value = "multi_agency_review"
        form.query_one("#f-held_on").value = f"{TODAY:%d/%m/%Y}"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.press("8")
        await pilot.pause()
        diary = app.screen.query_one("#diary-table")
        texts = [row_of(diary, i) for i in range(diary.row_count)]
        review = [t for t in texts if t[1] == "Multi-agency case review"]
        assert review[0][0].startswith(f"{TODAY + timedelta(days=30):%d/%m/%y}")  # 23/12
        assert f"last held {TODAY:%d/%m/%Y}" in review[0][2]
        # Its minutes have not gone out: that is due too.
        assert any(t[1] == "Distribute the minutes" for t in texts)


def has_diary_commands(app) -> bool:
    titles = [c.title for c in app.get_system_commands(app.screen)]
    wanted = ("Diary:", "Overdue items:", "Record a meeting")
    return all(any(t.startswith(w) for t in titles) for w in wanted)


async def test_the_palette_has_the_diary_commands_on_every_screen(tmp_path):
    app = CaseworkerApp(data_dir=make_caseload(tmp_path), passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
        assert has_diary_commands(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ClientScreen))
        assert has_diary_commands(app)


async def test_the_diary_filters_by_client_and_by_type(tmp_path):
    data_dir = make_caseload(tmp_path)
    db = open_database(data_dir, PASSPHRASE)
    with db.session() as s:
        bo = clients.create_client(s, {"given_name": "Bo", "family_name": "Ng"}, TODAY)
        complete_parental(s, bo.id, {"parental_status": "none_live_with"}, SCREENED)
    db.close()
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_diary(pilot, app)
        await press_and_load(pilot, app, "a")
        assert sorted(r[1] for r in rows(app)) == ["Ada Lee", "Ada Lee", "Bo Ng"]
        await press_and_load(pilot, app, "k")  # the first kind: re-screens only
        assert sorted(r[1] for r in rows(app)) == ["Ada Lee", "Bo Ng"]
        await press_and_load(pilot, app, "c")  # only the chosen item's client
        assert len(rows(app)) == 1
        title = str(app.screen.query_one("#diary-title").render())
        assert rows(app)[0][1] in title
        await press_and_load(pilot, app, "c")
        assert len(rows(app)) == 2


@pytest.mark.parametrize("size", SIZES)
async def test_done_on_a_decided_csc_referral_opens_the_referral_form(tmp_path, size):
    # Marked done by hand it left the diary and supervision's figures with no referral on
    # the record and no 48 hours to confirm it: "d" asks for the referral itself.
    from datetime import UTC, datetime

    from caseworker.assessment import decide, elements, rate, start_precaf
    from caseworker.people import add_child
    from screens.referrals.forms import ReferralForm

    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY)
        child = add_child(s, ada.id, {"given_name": "Sam", "family_name": "Lee",
                                      "date_of_birth": "01/03/2019", "lives_with": "client",
                                      "client_role": "mother"}, TODAY)  # fmt: skip
        complete_parental(s, ada.id, {"parental_status": "all_live_with"}, SCREENED)
        precaf = start_precaf(s, ada.id, TODAY)
        for e in elements():
            rate(s, precaf.id, [child.id], e.id,
                 "serious_concern" if e.id == "basic_care_safety" else "no_concern")  # fmt: skip
        decide(s, precaf.id, {"decision": "csc", "csc_grounds": ["parenting_capacity"]},
               TODAY, datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC))  # fmt: skip
    db.close()
    app = CaseworkerApp(data_dir=d, passphrase=PASSPHRASE, today=TODAY)
    told: list[str] = []
    async with app.run_test(size=size) as pilot:
        app.notify = lambda message, **kw: told.append(str(message))  # type: ignore[method-assign]
        await open_diary(pilot, app)
        kinds = [r[2] for r in rows(app)]
        assert any("CSC referral" in k for k in kinds), kinds
        table = app.screen.query_one("#diary-table")
        table.move_cursor(row=next(i for i, k in enumerate(kinds) if "CSC referral" in k))
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralForm))
        assert any("done by recording it" in m for m in told)
        assert app.screen.query_one("#f-agency").value == "Children's social care"
        assert not isinstance(app.screen, CompleteDialog)
