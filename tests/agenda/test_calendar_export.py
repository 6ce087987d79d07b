"""The diary for other programs: an iCalendar file and JSON of every open due item, with
UIDs that survive recomputation and no client's name unless asked for."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from caseloads import PASSPHRASE
from icalendar import Calendar
from sqlalchemy import select

import caseworker.content.protocol as protocol_file
from caseworker import agenda
from caseworker.agenda import (
    CalendarItem,
    ClientRef,
    ExportFormat,
    event_uid,
    export_diary,
    to_ics,
    to_json,
)
from caseworker.content import Protocol
from caseworker.diary import UK, DueKind, DueStatus, due_status
from caseworker.people import add_child, clients
from caseworker.screening import complete_parental
from caseworker.store.database import open_database
from caseworker.store.models import DueItem, TrailEvent

STAMP = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
# Names that no word of the app, a reason or a UID could contain by chance.
NAMES = ("Philippa", "Worthington", "Pippa", "Marchbanks", "Jolyon", "Bartholomew", "Quince")


@pytest.fixture
def family(db, today) -> dict[str, uuid.UUID]:
    """Philippa (children at home: a pre-CAF and a re-screen due), Bartholomew (a
    re-screen only) and a closed case (nothing due)."""
    with db.session() as s:
        pip = clients.create_client(
            s,
            {"given_name": "Philippa", "family_name": "Worthington", "aliases": "Pippa Marchbanks"},
            today,
        ).id
        child = {"client_role": "mother", "given_name": "Jolyon", "date_of_birth": "01/02/2019"}
        add_child(s, pip, child, today)
        complete_parental(s, pip, {"parental_status": "all_live_with"}, today)
        bart = clients.create_client(
            s, {"given_name": "Bartholomew", "family_name": "Quince"}, today
        ).id
        complete_parental(s, bart, {"parental_status": "not_a_parent"}, today - timedelta(days=3))
        closed = clients.create_client(
            s, {"given_name": "Closed", "family_name": "Case", "status": "closed"}, today
        ).id
        complete_parental(s, closed, {"parental_status": "all_live_with"}, today)
    return {"pip": pip, "bart": bart, "closed": closed}


def ics(db, today, **kw) -> str:
    out = io.StringIO()
    export_diary(db, ExportFormat.ICS, out, today=today, stamp=STAMP, **kw)
    return out.getvalue()


def diary_json(db, today, **kw) -> dict:
    out = io.StringIO()
    export_diary(db, ExportFormat.JSON, out, today=today, stamp=STAMP, **kw)
    return json.loads(out.getvalue())


def events_of(text: str) -> dict[str, dict]:
    """UID -> the event's parsed DTSTART, DTEND and SUMMARY."""
    cal = Calendar.from_ical(text)
    return {
        str(e["UID"]): {
            "start": e.decoded("DTSTART"),
            "end": e.decoded("DTEND") if "DTEND" in e else None,
            "value": e["DTSTART"].params.get("VALUE"),
            "summary": str(e["SUMMARY"]),
        }
        for e in cal.walk("VEVENT")
    }


# ---- the calendar file -------------------------------------------------------------------


def test_one_all_day_event_per_open_item(db, today, family):
    text = ics(db, today)
    cal = Calendar.from_ical(text)
    with db.session() as s:
        open_items = agenda.every_due_item(s)
    assert len(open_items) == 3  # Philippa's pre-CAF and re-screen, Bartholomew's re-screen
    assert len(cal.walk("VEVENT")) == len(open_items)
    got = events_of(text)
    assert len(got) == 3  # one UID each
    want = {event_uid(d.client_id, d.kind, d.child_id): d.due_on for d in open_items}
    assert {uid: e["start"] for uid, e in got.items()} == want
    for e in got.values():
        assert type(e["start"]) is date and e["value"] == "DATE"  # all day, not midnight
        assert e["end"] == e["start"] + timedelta(days=1)
    assert {e["summary"].split(" · ")[0] for e in got.values()} == {
        "Pre-CAF assessment",
        "Re-screen parental status",
    }
    assert "\r\n" in text  # RFC 5545 line ends
    assert family["closed"].hex[:6] not in text  # a closed case has nothing due


def test_the_same_uids_on_a_second_export(db, today, family):
    first, second = events_of(ics(db, today)), events_of(ics(db, today + timedelta(days=5)))
    assert first == second


def test_a_moved_date_keeps_its_uid(db, db_dir, today, family, monkeypatch):
    before = events_of(ics(db, today))
    db.close()
    # The service's protocol changes: every re-screen is recomputed on the next open.
    monkeypatch.setattr(
        protocol_file, "load_protocol", lambda: Protocol().with_rules(rescreen="30 days")
    )
    db = open_database(db_dir, PASSPHRASE)
    try:
        after = events_of(ics(db, today))
        rescreen = event_uid(family["pip"], DueKind.RESCREEN)
        assert after.keys() == before.keys()
        assert before[rescreen]["start"] == today + timedelta(days=91)
        assert after[rescreen]["start"] == today + timedelta(days=30)
        # A later screen moves it again (and changes the record it comes from).
        with db.session() as s:
            later = today + timedelta(days=10)
            complete_parental(s, family["pip"], {"parental_status": "all_live_with"}, later)
        moved = events_of(ics(db, today))
        assert moved.keys() == before.keys()
        assert moved[rescreen]["start"] == today + timedelta(days=40)
    finally:
        db.close()


def test_uids_do_not_come_from_the_stored_rows(db, today, family):
    """Rows may be replaced (deleted and made again): the calendar must not see new events."""
    before = events_of(ics(db, today))
    with db.session() as s:
        old_rows = set(s.scalars(select(DueItem.id)))
        for row in s.scalars(select(DueItem)):
            s.delete(row)
    with db.session() as s:
        agenda.refresh(s, family.values())
    with db.session() as s:
        assert old_rows.isdisjoint(s.scalars(select(DueItem.id)))
    assert events_of(ics(db, today)) == before


def test_a_uid_is_what_the_item_is(today):
    client, child = uuid.UUID(int=1), uuid.UUID(int=2)
    # Pinned: a change here would give every event a new UID, so a worker who imported
    # the diary before would see every item twice.
    assert event_uid(client, DueKind.RESCREEN) == (
        "1a726fe0-88c6-5298-ac16-5b36973e3421@caseworker"
    )
    uids = {
        event_uid(client, DueKind.RESCREEN),
        event_uid(client, DueKind.PRECAF),
        event_uid(client, DueKind.PRECAF, child),
        event_uid(uuid.UUID(int=3), DueKind.PRECAF),
    }
    assert len(uids) == 4


def test_no_client_name_anywhere_without_the_flag(db, today, family):
    text = ics(db, today)
    doc = diary_json(db, today)
    for whole in (text, json.dumps(doc, ensure_ascii=False)):
        lowered = whole.lower()
        assert [n for n in NAMES if n.lower() in lowered] == []
    # Initials and a reference instead.
    assert "P.W. · ref " + family["pip"].hex[:6] in text
    assert "B.Q. · ref " + family["bart"].hex[:6] in text
    assert {(i["client"]["initials"], i["client"]["ref"]) for i in doc["items"]} == {
        ("P.W.", family["pip"].hex[:6]),
        ("B.Q.", family["bart"].hex[:6]),
    }
    assert all("name" not in i["client"] for i in doc["items"])


def test_names_only_with_the_flag(db, today, family):
    text = ics(db, today, with_names=True)
    summaries = [e["summary"] for e in events_of(text).values()]
    assert sum("Philippa Worthington · ref" in s for s in summaries) == 2
    assert sum("Bartholomew Quince · ref" in s for s in summaries) == 1
    items = diary_json(db, today, with_names=True)["items"]
    assert {i["client"]["name"] for i in items} == {"Philippa Worthington", "Bartholomew Quince"}
    # Never more than asked: the client's own name, not an alias or a child's.
    for name in ("Pippa", "Marchbanks", "Jolyon"):
        assert name not in text


def test_a_vtimezone_outlook_reads_that_agrees_with_the_zone_database(db, today, family):
    cal = Calendar.from_ical(ics(db, today))
    [vtz] = cal.walk("VTIMEZONE")
    assert vtz["TZID"] == "Europe/London"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/London"
    parts = vtz.walk("STANDARD") + vtz.walk("DAYLIGHT")
    # One observance each way, each a yearly rule, no RDATE (which Outlook ignores).
    assert [p.name for p in parts] == ["STANDARD", "DAYLIGHT"]
    assert all("RRULE" in p and "RDATE" not in p for p in parts)
    tz = vtz.to_tz(lookup_tzid=False)  # built from the component, not looked up by name
    uk = ZoneInfo("Europe/London")
    for year in range(1997, 2038):
        for month in (3, 10):  # every hour of the months the clocks change in
            moment = datetime(year, month, 1, tzinfo=UTC)
            while moment.month == month:
                assert moment.astimezone(tz).utcoffset() == moment.astimezone(uk).utcoffset()
                moment += timedelta(hours=1)


def test_an_hour_rule_is_a_timed_event_in_utc():
    """Nothing produces a timed item yet (csc_written_confirmation will): its path."""
    deadline = datetime(2027, 3, 28, 17, 0, tzinfo=UK)  # 17:00 BST: 16:00 UTC
    item = CalendarItem(
        event_uid(uuid.UUID(int=1), DueKind.PRECAF),
        DueKind.PRECAF,
        deadline,
        "48 hours after the referral of Friday 26/03/2027 16:00",
        ClientRef("000000", "A.L."),
    )
    text = to_ics([item], stamp=STAMP)
    assert "DTSTART:20270328T160000Z" in text
    [event] = Calendar.from_ical(text).walk("VEVENT")
    assert event.decoded("DTSTART") == deadline and event.decoded("DTSTART").utcoffset() == (
        timedelta(0)
    )
    assert "DTEND" not in event  # a deadline is a moment
    [row] = json.loads(to_json([item], today=date(2027, 3, 28), stamp=STAMP, with_names=False))[
        "items"
    ]
    assert row["due"] == "2027-03-28T16:00:00Z"
    assert (row["all_day"], row["status"], row["days"]) == (False, "due today", 0)
    # The UK day decides the status: 23:30 UTC in summer is the next day here.
    late = CalendarItem(
        item.uid, item.kind, datetime(2027, 6, 30, 23, 30, tzinfo=UTC), "", item.client
    )
    assert late.due_day == date(2027, 7, 1)


# ---- JSON --------------------------------------------------------------------------------


def test_json_fields_and_statuses_at_a_fixed_today(db, today, family):
    precaf_on, rescreen_on = today + timedelta(days=28), today + timedelta(days=91)

    def by_kind(on: date) -> dict[tuple[str, str], dict]:
        doc = diary_json(db, on)
        assert doc["today"] == on.isoformat() and doc["with_names"] is False
        return {(i["client"]["initials"], i["kind"]): i for i in doc["items"]}

    items = by_kind(precaf_on)
    precaf = items[("P.W.", "precaf")]
    assert precaf == {
        "uid": event_uid(family["pip"], DueKind.PRECAF),
        "kind": "precaf",
        "rule": "precaf_due",
        "title": "Pre-CAF assessment",
        "due": precaf_on.isoformat(),
        "all_day": True,
        "status": "due today",
        "days": 0,
        "reason": "28 days after the parental screen of 23/11/2026 found children in the "
        "client's care (or expected)",
        "booked_at": None,
        "client": {"ref": family["pip"].hex[:6], "initials": "P.W."},
    }
    assert items[("P.W.", "rescreen")]["status"] == "later"
    assert by_kind(precaf_on + timedelta(days=2))[("P.W.", "precaf")]["days"] == -2
    assert by_kind(precaf_on + timedelta(days=2))[("P.W.", "precaf")]["status"] == "overdue"
    upcoming = by_kind(rescreen_on - timedelta(days=7))[("P.W.", "rescreen")]
    assert (upcoming["status"], upcoming["days"], upcoming["rule"]) == ("upcoming", 7, "rescreen")
    # Soonest first: Bartholomew's re-screen (screened 3 days earlier) before Philippa's.
    order = [(i["client"]["initials"], i["kind"]) for i in diary_json(db, today)["items"]]
    assert order == [("P.W.", "precaf"), ("B.Q.", "rescreen"), ("P.W.", "rescreen")]


def test_status_edges():
    today = date(2027, 2, 22)
    assert due_status(today - timedelta(days=1), today) is DueStatus.OVERDUE
    assert due_status(today, today) is DueStatus.DUE_TODAY
    assert due_status(today + timedelta(days=1), today) is DueStatus.UPCOMING
    assert due_status(today + timedelta(days=7), today) is DueStatus.UPCOMING
    assert due_status(today + timedelta(days=8), today) is DueStatus.LATER


def test_every_rule_named_is_one_the_protocol_has():
    protocol = Protocol()
    for rule in agenda.DUE_RULES.values():
        if rule is not None:
            protocol.rule(rule)  # raises for a rule the protocol does not have
    assert agenda.DUE_RULES.keys() == agenda.DUE_WORDS.keys() == set(DueKind)


# ---- the export: the trail, the file -----------------------------------------------------


def _diary_events(db) -> list[TrailEvent]:
    with db.session() as s:
        return list(
            s.scalars(
                select(TrailEvent).where(
                    TrailEvent.action == "export", TrailEvent.entity == "diary"
                )
            )
        )


def test_every_export_is_on_the_trail(db, today, family, tmp_path):
    ics(db, today)
    export_diary(db, ExportFormat.JSON, tmp_path / "d.json", today=today, with_names=True)
    first, second = _diary_events(db)
    assert "ics" in first.summary and "no names" in first.summary and "3 items" in first.summary
    assert "json" in second.summary and "with client names" in second.summary
    assert (tmp_path / "d.json").stat().st_mode & 0o777 == 0o600


def test_a_file_appears_only_once_its_export_is_on_the_trail(
    db, today, family, tmp_path, monkeypatch
):
    def refuse(*args, **kwargs):
        raise RuntimeError("the trail cannot be written")

    monkeypatch.setattr("caseworker.agenda.calendar_export.append_event", refuse)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        export_diary(db, ExportFormat.ICS, folder / "diary.ics", today=today)
    assert list(folder.iterdir()) == []  # neither the file nor its temporary


def test_an_empty_caseload_is_an_empty_calendar(db, today):
    assert Calendar.from_ical(ics(db, today)).walk("VEVENT") == []
    assert diary_json(db, today)["items"] == []
