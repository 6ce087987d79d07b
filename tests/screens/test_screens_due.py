"""Pilot test at 80x24: the caseload's columns and the record's due items, in the words of
screens/wording.py, from values the capabilities return (nothing worded twice)."""

from __future__ import annotations

from datetime import timedelta

from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import record_loaded, row_of, wait_for

from caseworker.people import clients, family
from caseworker.screening import complete_parental
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen


def make_caseload(tmp_path):
    d = tmp_path / "cw"
    db = new_caseload(d)
    screened = TODAY - timedelta(days=100)  # re-screen 9 days overdue, pre-CAF long overdue
    with db.session() as s:
        flags = {"risk_to_staff": True, "risk_to_staff_note": "threats",
                 "take_home_medication": True}  # fmt: skip
        jo = clients.create_client(
            s, {"given_name": "Joanne", "family_name": "Quigley", **flags}, TODAY
        )
        for name, help_ in (("Kai", "cp_plan"), ("Lily", "early_help")):
            family.add_child(s, jo.id, {"client_role": "mother", "given_name": name,
                                        "date_of_birth": "01/02/2019",
                                        "current_help": help_}, TODAY)  # fmt: skip
        complete_parental(s, jo.id, {"parental_status": "all_live_with"}, screened)
        clients.create_client(s, {"given_name": "Sam", "family_name": "Young"}, TODAY)
    db.close()
    return d, screened


async def test_caseload_columns_and_record_due_lines_at_80_columns(tmp_path):
    data_dir, screened = make_caseload(tmp_path)
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
        table = app.screen.query_one("#caseload")
        rows = {row_of(table, i)[0]: row_of(table, i) for i in range(table.row_count)}
        precaf = screened + timedelta(days=28)
        assert rows["Quigley, Joanne"][1:] == [
            "CP plan · 2",
            f"{precaf:%d/%m/%y} OVERDUE pre-CAF",
            "risk to staff, take-home meds",
        ]
        assert rows["Young, Sam"][1:] == ["NOT ASKED", "", ""]
        await pilot.press("enter")  # Quigley sorts first
        await wait_for(pilot, lambda: record_loaded(app.screen), tries=200)
        summary = str(app.screen.query_one("#client-summary").render())
        rescreen = screened + timedelta(days=91)
        assert (
            f"Due: {precaf:%d/%m/%Y} OVERDUE Pre-CAF assessment · "
            f"{rescreen:%d/%m/%Y} OVERDUE Re-screen parental status"
        ) in summary


async def test_the_screening_section_says_why_each_item_is_due(tmp_path):
    data_dir, screened = make_caseload(tmp_path)
    app = CaseworkerApp(data_dir=data_dir, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen) and app.screen.page)
        await pilot.press("enter")
        await wait_for(pilot, lambda: record_loaded(app.screen), tries=200)
        # The record shows the reference a calendar export names the client by.
        summary = str(app.screen.query_one("#client-summary").render())
        assert f"(ref {app.screen.client_id.hex[:6]})" in summary
        await pilot.press("7")
        await wait_for(pilot, lambda: record_loaded(app.screen, "screening"), tries=200)
        text = str(app.screen.query_one("#due-summary").render())
        on = f"{screened:%d/%m/%Y}"
        assert f"Pre-CAF assessment — 28 days after the parental screen of {on}" in text
        assert f"Re-screen parental status — 91 days after the parental screen of {on}" in text
