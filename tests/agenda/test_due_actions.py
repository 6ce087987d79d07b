"""A worker completes, books or moves a due item; records a meeting: each is on the trail
and changes the derived items everywhere (the record, the caseload, the diary, exports)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from caseworker import agenda
from caseworker.agenda import DiaryView, book_due, complete_due, diary_page, move_due
from caseworker.core.errors import ValidationFailed
from caseworker.diary import DueKind, DueStatus, status_words
from caseworker.meetings import record_meeting
from caseworker.people import clients, timeline_for
from caseworker.screening import complete_parental
from caseworker.store.models import TrailEvent


def new_client(db, today) -> uuid.UUID:
    with db.session() as s:
        return clients.create_client(s, {"given_name": "Ada", "family_name": "Lee"}, today).id


def rescreen_of(db, client_id):
    with db.session() as s:
        items = [d for d in agenda.due_items(s, client_id) if d.kind is DueKind.RESCREEN]
    return items[0] if items else None


@pytest.fixture
def screened(db, today):
    client_id = new_client(db, today)
    with db.session() as s:
        complete_parental(s, client_id, {"parental_status": "none_live_with"}, today)
    return client_id


def events(db, entity: str) -> list[TrailEvent]:
    with db.session() as s:
        return list(s.scalars(select(TrailEvent).where(TrailEvent.entity == entity)))


def test_completing_a_rescreen_closes_it_and_starts_the_rule_from_the_day_done(db, today, screened):
    due = rescreen_of(db, screened)
    assert due.due_on == today + timedelta(days=91)
    done_on = today + timedelta(days=80)
    with db.session() as s:
        complete_due(s, due, {"on": f"{done_on:%d/%m/%Y}", "note": "Re-screened at review"},
                     done_on)  # fmt: skip
    after = rescreen_of(db, screened)
    assert after.source_id != due.source_id
    assert after.due_on == done_on + timedelta(days=91)
    assert "recorded done on" in after.reason
    with db.session() as s:
        open_, done = agenda.client_items(s, screened)
        assert [d.kind for d in done] == [DueKind.RESCREEN]
        assert done[0].note == "Re-screened at review" and done[0].done_on == done_on
        assert status_words(done[0], done_on) == f"done {done_on:%d/%m/%Y}"
        assert [d.due_on for d in open_ if d.kind is DueKind.RESCREEN] == [after.due_on]
    assert [e.action for e in events(db, "due_action")] == ["create"]
    with db.session() as s:
        history = [e.text for e in timeline_for(s, screened)]
    assert "Recorded as done: rescreen" in history


def test_a_later_parental_screen_supersedes_the_rescreen_recorded_done(db, today, screened):
    due = rescreen_of(db, screened)
    with db.session() as s:
        complete_due(s, due, {"on": f"{today:%d/%m/%Y}", "note": "done"}, today)
        complete_parental(s, screened, {"parental_status": "none_live_with"},
                          today + timedelta(days=10))  # fmt: skip
    with db.session() as s:
        rescreens = [d for d in agenda.due_items(s, screened) if d.kind is DueKind.RESCREEN]
    assert [d.due_on for d in rescreens] == [today + timedelta(days=101)]


def test_moving_an_item_needs_a_reason_and_shows_it(db, today, screened):
    due = rescreen_of(db, screened)
    with db.session() as s, pytest.raises(ValidationFailed) as failed:
        move_due(s, due, {"on": f"{today - timedelta(days=1):%d/%m/%Y}", "note": ""}, today)
    assert {e.field for e in failed.value.errors} == {"on", "note"}
    to = due.due_on + timedelta(days=14)
    with db.session() as s:
        move_due(s, due, {"on": f"{to:%d/%m/%Y}", "note": "client in hospital"}, today)
    moved = rescreen_of(db, screened)
    assert (moved.due_on, moved.moved_from) == (to, due.due_on)
    assert moved.note == f"moved from {due.due_on:%d/%m/%Y}: client in hospital"
    assert moved.status(due.due_on + timedelta(days=1)) is DueStatus.LATER  # not overdue


def test_booking_keeps_the_due_date_and_the_uk_time(db, today, screened):
    due = rescreen_of(db, screened)
    on = date(2027, 3, 30)  # after the clocks went forward: 10:00 BST is 09:00 UTC
    with db.session() as s:
        book_due(s, due, {"on": "30/03/2027", "at": "10:00", "note": ""}, today)
    booked = rescreen_of(db, screened)
    assert booked.due_on == due.due_on
    assert booked.booked_at == datetime(2027, 3, 30, 9, tzinfo=UTC)
    with db.session() as s:
        page = diary_page(s, on, DiaryView.TODAY)
    assert [e.due.kind for e in page.entries] == [DueKind.RESCREEN]
    with db.session() as s, pytest.raises(ValidationFailed):
        book_due(s, due, {"on": "30/03/2027", "at": "10h", "note": ""}, today)


def test_recording_a_held_multi_agency_review_moves_its_next_date(db, today):
    client_id = new_client(db, today)
    for held in (date(2026, 10, 31), date(2026, 11, 30)):
        with db.session() as s:
            record_meeting(s, client_id, {"kind": "multi_agency_review",
                                          "held_on": f"{held:%d/%m/%Y}",
                                          "actions": "Dr Patel; refer to HV; 14/12/2026"},
                           date(2026, 12, 1))  # fmt: skip
        with db.session() as s:
            items = {d.kind: d for d in agenda.due_items(s, client_id)}
        review = items[DueKind.MULTI_AGENCY_REVIEW]
        assert review.due_on == (date(2026, 11, 30) if held.month == 10 else date(2026, 12, 30))
    assert DueKind.MINUTES in items and DueKind.MEETING_ACTION in items
    assert [e.action for e in events(db, "meeting")] == ["create", "create"]


def test_the_diary_views_today_week_overdue_and_the_supervisors_team(db, today):
    mine = new_client(db, today)
    with db.session() as s:
        record_meeting(s, mine, {"kind": "core_group", "held_on": "16/11/2026",
                                 "actions": "Sam; visit; 25/11/2026\nSam; call; 30/11/2026"},
                       today)  # fmt: skip
    with db.session() as s:
        on = date(2026, 11, 25)

        def views(view, **kw):
            return sorted((e.due.kind.value, e.due.due_on.day)
                          for e in diary_page(s, on, view, **kw).entries)  # fmt: skip

        # Minutes due 23/11 (5 working days after 16/11): overdue on the 25th.
        assert views(DiaryView.OVERDUE) == [("minutes", 23)]
        assert views(DiaryView.TODAY) == [("meeting_action", 25), ("minutes", 23)]
        assert views(DiaryView.WEEK) == [("meeting_action", 25), ("meeting_action", 30),
                                         ("minutes", 23)]  # fmt: skip
        assert views(DiaryView.ALL, worker_id=uuid.uuid4()) == []  # another worker's
        entry = diary_page(s, on, DiaryView.OVERDUE).entries[0]
        assert entry.client_name == "Ada Lee" and entry.title == "Distribute the minutes"
        assert status_words(entry.due, on) == "overdue by 2 days"


def test_a_local_protocol_of_six_weeks_moves_the_review_on_the_next_open(db, db_dir, today):
    """The service's protocol.toml changes multi_agency_review to 6 weeks: the next open
    (a new process, as the next morning) has the review 6 weeks after the last, with no
    code changed."""
    import os
    import subprocess
    import sys

    from caseloads import PASSPHRASE

    from caseworker.core.paths import config_dir

    client_id = new_client(db, today)
    with db.session() as s:
        record_meeting(s, client_id, {"kind": "multi_agency_review", "held_on": "31/01/2026"},
                       today)  # fmt: skip
    db.close()
    (config_dir() / "protocol.toml").write_text(
        '[rules]\nmulti_agency_review = "6 weeks"\n', "utf-8"
    )
    code = (
        "import sys, uuid\n"
        "from pathlib import Path\n"
        "from caseworker import agenda\n"
        "from caseworker.store import open_database\n"
        "db = open_database(Path(sys.argv[1]), sys.argv[2])\n"
        "with db.session() as s:\n"
        "    dues = agenda.due_items(s, uuid.UUID(sys.argv[3]))\n"
        "    print([d.due_on.isoformat() for d in dues if d.kind.value == 'multi_agency_review'])\n"
        "db.close()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(db_dir), PASSPHRASE, str(client_id)],
        capture_output=True, text=True, timeout=120, check=False, env=dict(os.environ),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['2026-03-14']"  # not 28/02 (1 month)


def test_the_calendar_keeps_notes_out_and_books_at_the_booked_time(db, today, screened):
    """An agreed action's who-and-what and a move's reason are the worker's words: the app
    shows them, a calendar (synced to phones) never does. A booked item is a timed event."""
    from icalendar import Calendar

    from caseworker.agenda import ExportFormat, export_diary

    with db.session() as s:
        record_meeting(s, screened, {"kind": "core_group", "held_on": f"{today:%d/%m/%Y}",
                                     "actions": "Ada's mum; take Kai to the GP; 30/11/2026"},
                       today)  # fmt: skip
    due = rescreen_of(db, screened)
    with db.session() as s:
        book_due(s, due, {"on": "03/12/2026", "at": "14:30", "note": "at Ada's home"}, today)
    import io

    stream = io.StringIO()
    count = export_diary(db, ExportFormat.ICS, stream, today=today)
    text = stream.getvalue()
    for private in ("Kai", "GP", "mum", "home", "Ada", "Lee"):
        assert private not in text, private
    events = [c for c in Calendar.from_ical(text).walk("VEVENT")]
    assert len(events) == count == 3  # the re-screen, the minutes, the agreed action
    booked = [e for e in events if "Re-screen" in str(e["summary"])]
    assert booked[0]["dtstart"].dt == datetime(2026, 12, 3, 14, 30, tzinfo=UTC)  # GMT
    again = io.StringIO()
    export_diary(db, ExportFormat.ICS, again, today=today)
    uids = sorted(str(e["uid"]) for e in Calendar.from_ical(again.getvalue()).walk("VEVENT"))
    assert uids == sorted(str(e["uid"]) for e in events)
