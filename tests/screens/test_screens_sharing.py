"""Pilot test at 80x24 and 100x30: the record's Consent section ends with the client's
sharing log - each decision to share (or not), its basis and who signed it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import record_loaded, row_of, wait_for

from caseworker.people import clients, record_consent
from caseworker.referrals import decide_sharing
from screens.app import CaseworkerApp

SIZES = [(80, 24), (100, 30)]


@pytest.mark.parametrize("size", SIZES)
async def test_the_sharing_log_is_in_the_consent_section(tmp_path, size):
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY).id
        record_consent(s, ada, {"recipient": "School", "state": "refused",
                                "decided_on": "01/11/2026"}, TODAY)  # fmt: skip
        decide_sharing(s, ada, {"what": "Referral about Sam", "recipient": "Children's Social "
                                "Care", "share": True, "basis": "immediate_risk",
                                "reason": "Sam found alone"}, TODAY,
                       datetime(2026, 11, 23, 15, tzinfo=UTC))  # fmt: skip
    db.close()
    app = CaseworkerApp(data_dir=d, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.db is not None, tries=200)
        app.open_client(ada)
        await wait_for(pilot, lambda: record_loaded(app.screen), tries=200)
        await pilot.press("5")
        await wait_for(pilot, lambda: record_loaded(app.screen, "consent"), tries=200)
        table = app.screen.query_one("#consent-table")
        rows = [row_of(table, i) for i in range(table.row_count)]
    assert rows[0][:2] == ["School", "Consent refused"]
    assert rows[1][0] == "SHARING DECISIONS"
    assert rows[2][:3] == ["Children's Social Care",
                           "Shared: Immediate risk to a child's life", "23/11/2026"]  # fmt: skip
    assert "Referral about Sam (signed Sam Worker)" in rows[2][3]


@pytest.mark.parametrize("size", SIZES)
async def test_a_re_referral_shows_as_the_second_of_its_chain_on_the_record(tmp_path, size):
    from caseworker.referrals import record_outcome, record_referral

    d = tmp_path / "cw"
    db = new_caseload(d)
    # Made by phone (so sent as it is made), to an agency that is not CSC.
    written = {"agency": "Health visiting", "reason": "Weight falling", "urgency": "routine",
               "wanted_outcome": "A review", "mode": "verbal", "call_on": "20/11/2026",
               "call_time": "10:00", "call_to": "Duty health visitor",
               "call_said": "Weight falling"}  # fmt: skip
    with db.session() as s:
        ada = clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, TODAY).id
        first = record_referral(s, ada, written, TODAY).id
        record_outcome(s, first, {"outcome": "bounced", "feedback_on": "22/11/2026"}, TODAY)
        record_referral(s, ada, written | {"call_on": "23/11/2026", "previous_id": first}, TODAY)
    db.close()
    app = CaseworkerApp(data_dir=d, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: app.db is not None, tries=200)
        app.open_client(ada)
        await wait_for(pilot, lambda: record_loaded(app.screen), tries=200)
        await pilot.press("4")
        await wait_for(pilot, lambda: record_loaded(app.screen, "network"), tries=200)
        table = app.screen.query_one("#network-table")
        rows = [row_of(table, i) for i in range(table.row_count)]
        await pilot.press("enter")  # a heading or a referral row opens nothing, harmlessly
    assert rows[0][0] == "REFERRALS"
    assert rows[1][-1] == "2nd referral of a chain of 2"
    assert rows[2][-1] == "1st referral of a chain of 2"
