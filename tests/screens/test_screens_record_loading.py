"""The client record reads each section when it is first shown, in a worker thread, and
mounts each section's widgets only then: a client with hundreds of records opens at the
speed of its summary."""

from __future__ import annotations

import threading

import pytest
from caseloads import PASSPHRASE, TODAY, new_caseload
from pilot import record_loaded, row_of, screen_text, wait_for
from textual.widgets import DataTable, TabPane, Tabs

import screens.record.loading as record_loading
from caseworker.people import clients, family
from screens.app import CaseworkerApp
from screens.caseload.screen import CaseloadScreen
from screens.record.details import RecordDetail
from screens.record.sections import SECTIONS

MEMBERS = 500


@pytest.fixture
def busy_client(tmp_path):
    """One client with 500 household members (and as many events in the history)."""
    d = tmp_path / "cw"
    db = new_caseload(d)
    with db.session() as s:
        jo = clients.create_client(s, {"given_name": "Joanne", "family_name": "Quigley"}, TODAY)
        for i in range(MEMBERS):
            member = {"name": f"Member {i:03d}", "relationship": "friend"}
            family.add_household_member(s, jo.id, member, TODAY)
    db.close()
    return d


async def test_a_busy_record_opens_with_its_summary_and_reads_sections_when_shown(
    busy_client, monkeypatch
):
    parts: list[tuple[str, int]] = []
    real = record_loading.read_part

    def counted(db, client_id, part, **options):  # options: opening (the trail's "opened")
        parts.append((part, threading.get_ident()))
        return real(db, client_id, part, **options)

    monkeypatch.setattr(record_loading, "read_part", counted)
    monkeypatch.setattr("screens.record.screen.read_part", counted)
    app = CaseworkerApp(data_dir=busy_client, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen)
                       and not app.screen.reading, tries=200)  # fmt: skip
        await pilot.press("enter")
        await wait_for(pilot, lambda: record_loaded(app.screen), tries=200)
        record = app.screen
        assert "Joanne Quigley" in str(record.query_one("#client-summary").render())
        # Only the summary and profile were read, and not on the event loop's thread.
        assert [p for p, _ in parts] == ["profile"]
        assert threading.get_ident() not in {t for _, t in parts}
        # Nor mounted: each section's list is built when first shown.
        assert not record.query("#household-table") and not record.query("#history-table")
        assert not record.loaded("household") and not record.loaded("history")

        await pilot.press("3")
        await wait_for(pilot, lambda: record_loaded(record, "household"), tries=200)
        table = record.query_one("#household-table")
        assert table.row_count == MEMBERS
        assert row_of(table, 0)[0].startswith("Member")
        await pilot.press("6")
        await wait_for(pilot, lambda: record_loaded(record, "history"), tries=200)
        assert record.query_one("#history-table").row_count > 0
        assert [p for p, _ in parts] == ["profile", "household", "history"]
        assert threading.get_ident() not in {t for _, t in parts}

        # Back to a section already read: shown as it was, not read again.
        await pilot.press("3")
        await pilot.pause()
        assert [p for p, _ in parts] == ["profile", "household", "history"]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_busy_record_draws_its_summary_first_and_a_tab_gets_its_content_when_shown(
    busy_client, size
):
    app = CaseworkerApp(data_dir=busy_client, passphrase=PASSPHRASE, today=TODAY)
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen)
                       and not app.screen.reading, tries=200)  # fmt: skip
        await pilot.press("enter")
        await wait_for(pilot, lambda: record_loaded(app.screen), tries=200)
        record = app.screen
        await pilot.pause()
        shown = screen_text(app)
        assert "Joanne Quigley" in shown and "(ref " in shown and "1 Profile" in shown
        # Every section has its tab from the start, but no list is mounted yet; the focus
        # is on the tabs, as it always was.
        assert [p.id for p in record.query(TabPane)] == [sid for sid, _ in SECTIONS]
        assert not record.query(DataTable)
        assert isinstance(app.focused, Tabs)

        # Its key shows the household: its list is mounted, read, focused, and works.
        await pilot.press("3")
        await wait_for(pilot, lambda: record_loaded(record, "household"), tries=200)
        table = record.query_one("#household-table", DataTable)
        assert table.row_count == MEMBERS and app.focused is table
        assert [str(c.label) for c in table.columns.values()][:2] == ["Name", "Status"]
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordDetail))
        assert "Member 001" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is record)

        # A tab reached from the tabs themselves (not by its key) gets its content too, and
        # the record's keys work in it: Network's "contact changed" with no contacts says so.
        record.query_one(Tabs).focus()
        await pilot.press("right")
        await wait_for(pilot, lambda: record_loaded(record, "network"), tries=200)
        assert record.query_one("#network-table", DataTable).row_count == 0
        await pilot.press("r")
        toasts = lambda: " ".join(str(t.render()) for t in app.screen.query("Toast"))  # noqa: E731
        await wait_for(pilot, lambda: "No contacts yet" in toasts())
        assert len(record.query(DataTable)) == 2  # the two sections shown, no others
