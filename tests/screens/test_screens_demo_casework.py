"""Pilot test of the demo's casework at 80x24 and 100x30: the verbal referral to
children's social care (caseworker.demo.casework, made the afternoon before the demo's
day) leads its client's caseload row with its 48-hour countdown."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import screen_text, screen_up, wait_for
from sqlalchemy import select

from caseworker.demo.caseload import populate
from caseworker.store.models import Client, Referral
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen

SIZES = [(80, 24), (100, 30)]
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # the demo's day, noon in the UK (GMT)


@pytest.mark.parametrize("size", SIZES)
async def test_the_demo_s_verbal_csc_referral_counts_down_on_the_caseload(tmp_path, size):
    db = new_caseload(tmp_path / "cw")
    populate(db, 60, today=TODAY, seed=1)
    with db.session() as s:
        verbal = s.scalars(select(Referral).where(Referral.mode == "verbal")).one()
        family_name = s.get(Client, verbal.client_id).family_name
    db.close()
    app = CaseworkerApp(data_dir=tmp_path / "cw", passphrase=PASSPHRASE, today=TODAY)
    app.visit_clock = lambda: NOW
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: screen_up(app, CaseloadScreen) and app.screen.page,
                       tries=200)  # fmt: skip
        app.screen.query_one("#search").value = family_name
        # Called at 15:00 the day before: 48 hours on is 15:00 tomorrow, 27 h from noon.
        await wait_for(pilot, lambda: "24/11/26 27 h left" in screen_text(app), tries=200)
