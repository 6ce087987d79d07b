"""The calendar export of home visits: a planned visit at its time; a visit that is out is
an event at its expected return carrying an alarm then, so a phone that syncs the laptop's
calendar reminds the worker to check in - and no client's name anywhere unless asked for,
never in the alarm."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from caseworker.agenda import ExportFormat, export_diary
from caseworker.diary import DueKind
from caseworker.people import clients
from caseworker.visits import plan_visit, start_visit

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
NAMES = ("Philippa", "Worthington")


def _ics(db, *, with_names: bool = False) -> tuple[str, Calendar]:
    out = io.StringIO()
    export_diary(db, ExportFormat.ICS, out, today=TODAY, with_names=with_names, stamp=NOW)
    return out.getvalue(), Calendar.from_ical(out.getvalue())


def _visits(db) -> tuple:
    with db.session() as s:
        pip = clients.create_client(s, {"given_name": "Philippa", "family_name": "Worthington"},
                                    TODAY).id  # fmt: skip
        going = plan_visit(s, pip, {"planned_for": "23/11/2026", "planned_at": "10:15",
                                    "back_by": "11:45"}, TODAY).id  # fmt: skip
        later = plan_visit(s, pip, {"planned_for": "30/11/2026", "planned_at": "14:00"}, TODAY).id
    with db.session() as s:
        start_visit(s, going, NOW)
    return pip, later


def test_a_visit_out_carries_an_alarm_at_its_expected_return(db):
    _visits(db)
    text, cal = _ics(db)
    events = {str(e["summary"]).split(" · ")[0]: e for e in cal.walk("VEVENT")}
    check_in = events["Check in from the home visit"]
    assert check_in.decoded("dtstart") == datetime(2026, 11, 23, 11, 45, tzinfo=UTC)
    [alarm] = check_in.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(0)  # at the start: the expected return
    planned = events["Home visit"]
    assert planned.decoded("dtstart") == datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    assert not planned.walk("VALARM")  # only a visit that is out is chased
    assert not any(name in text for name in NAMES)


def test_names_are_in_the_events_only_when_asked_for_and_never_in_the_alarm(db):
    _visits(db)
    text, cal = _ics(db, with_names=True)
    assert "Philippa Worthington" in text
    for event in cal.walk("VEVENT"):
        for alarm in event.walk("VALARM"):
            assert not any(name in str(alarm["description"]) for name in NAMES)


def test_each_visit_of_a_client_is_its_own_event(db):
    pip, _ = _visits(db)
    with db.session() as s:
        plan_visit(s, pip, {"planned_for": "01/12/2026"}, TODAY)
    _, cal = _ics(db)
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 3
    kinds = sorted(str(e["summary"]).split(" · ")[0] for e in cal.walk("VEVENT"))
    assert kinds == ["Check in from the home visit", "Home visit", "Home visit"]
    assert DueKind.CHECK_IN.value == "check_in"
