"""The diary for other programs: every open due item of the caseload as an iCalendar file
(for Outlook, or a phone's calendar) or as JSON (for scripts).

Laptop calendars sync to phones, so no client's name goes into either unless the worker
asks for it (`with_names`): each item names its client by initials and a short reference
taken from the client's id ("A.L. · ref 3f2a9c"). A reason is the owning rule's words
("91 days after the parental screen of 23/11/2026"), which name no one.

An event's UID is made from what the item is (its client, its kind and the child it is
about), never from the stored row or its date: it is the key the derived table itself
matches rows on when it recomputes them (caseworker.agenda.table), so when a date moves
(a new screen, a changed protocol) the calendar sees the same event move, not a second
one, however often the diary is exported.

A day rule is an all-day event (DTSTART;VALUE=DATE, DTEND the next day); an hour rule (a
moment) is a timed event in UTC. Every file carries a VTIMEZONE for Europe/London in the
one form Outlook reads (see `_uk_timezone`), so a calendar that asks which zone the diary
keeps shows it in UK time; no event depends on it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.agenda.table import every_due_item
from caseworker.core.files import atomic_file
from caseworker.diary import DUE_WORDS, UK, Due, DueKind, due_status, soonest_first, uk_date
from caseworker.people import client_reference
from caseworker.store.database import Database
from caseworker.store.models import Client
from caseworker.store.trail import append_event

if TYPE_CHECKING:
    from icalendar import Alarm, Timezone

# The local protocol's rule behind each kind, where one rule always is (an item carries
# its own: the child-protection review's first and later ones differ).
DUE_RULES: dict[DueKind, str | None] = {
    DueKind.RESCREEN: "rescreen",
    DueKind.PRECAF: "precaf_due",
    DueKind.TOP_REVIEW: "top_review",
    DueKind.MEDICAL_REVIEW: None,
    DueKind.MULTI_AGENCY_REVIEW: "multi_agency_review",
    DueKind.FAMILY_PLAN_REVIEW: "family_plan_review",
    DueKind.CP_REVIEW: "cp_review_first",
    DueKind.CORE_GROUP: "core_group_first",
    DueKind.CONTRACT_REVIEW: None,  # the session contract, counted in sessions
    DueKind.MINUTES: "minutes_distribution",
    DueKind.MEETING_ACTION: None,  # the date agreed at the meeting
    DueKind.PLAN_ACTION: None,  # the date in the action plan
    DueKind.ASSESSMENT: "assessment_due",
    DueKind.CSC_REFERRAL: None,  # due the day it was decided
    DueKind.VISIT: None,  # the day the visit is planned for
    DueKind.VISIT_SIGN_OFF: None,  # from the day of the visit
    DueKind.CHECK_IN: None,  # the expected return the worker gave
    DueKind.VISIT_ACTION: None,  # the date agreed on the visit
    DueKind.CSC_CONFIRMATION: "csc_written_confirmation",
    DueKind.REFERRAL_CHASE: "referral_acknowledgement",
    DueKind.SUPERVISION_ACTION: None,  # the date agreed in supervision
}
JSON_FORMAT = "caseworker-diary"
JSON_FORMAT_VERSION = 1
PRODID = "-//caseworker//diary//EN"
# Fixed for ever: changing it would give every event a new UID (a duplicate in every
# calendar that imported the diary before).
_UID_NAMESPACE = uuid.UUID("6f0d2b7e-4c1a-4f43-9a55-2d8c3e61b0a4")
_UID_DOMAIN = "caseworker"
_CHUNK = 500  # clients per query


class ExportFormat(StrEnum):
    ICS = "ics"
    JSON = "json"


def event_uid(client_id: uuid.UUID, kind: DueKind, child_id: uuid.UUID | None = None) -> str:
    """The item's UID in every export: what it is, not when it falls or which row holds it."""
    name = f"{client_id}/{kind.value}/{child_id or ''}"
    return f"{uuid.uuid5(_UID_NAMESPACE, name)}@{_UID_DOMAIN}"


@dataclass(frozen=True)
class ClientRef:
    """Who an item is for, as far as an export may say: `name` only when asked for."""

    ref: str  # the first 6 hex digits of the client's id: enough to find them in the app
    initials: str
    name: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name or self.initials} · ref {self.ref}"


def _initial(name: str) -> str:
    first = next((ch for ch in name if ch.isalnum()), "")
    return f"{first.upper()}." if first else ""


def client_ref(
    client_id: uuid.UUID, given_name: str, family_name: str, *, with_names: bool
) -> ClientRef:
    initials = _initial(given_name) + _initial(family_name)
    name = " ".join(p for p in (given_name.strip(), family_name.strip()) if p)
    return ClientRef(client_reference(client_id), initials or "?", name if with_names else None)


@dataclass(frozen=True)
class CalendarItem:
    """One open due item as an export shows it."""

    uid: str
    kind: DueKind
    due: date | datetime  # a date for a day rule; an aware moment for an hour rule
    reason: str
    client: ClientRef
    rule: str | None = None
    overdue_on: date | None = None
    booked_at: datetime | None = None  # booked for this moment: a timed event then

    @property
    def timed(self) -> bool:
        return isinstance(self.due, datetime)

    @property
    def due_day(self) -> date:
        """The day it falls due in the UK (an hour rule's moment, on the UK calendar)."""
        return uk_date(self.due) if isinstance(self.due, datetime) else self.due

    @property
    def title(self) -> str:
        return f"{DUE_WORDS[self.kind]} · {self.client.label}"


# Kinds a client may have several of at once: each is told apart by its source record.
_ONE_PER_SOURCE = frozenset(
    {
        DueKind.MEETING_ACTION, DueKind.MINUTES, DueKind.PLAN_ACTION, DueKind.VISIT,
        DueKind.VISIT_SIGN_OFF, DueKind.CHECK_IN, DueKind.VISIT_ACTION,
        DueKind.CSC_CONFIRMATION, DueKind.REFERRAL_CHASE, DueKind.SUPERVISION_ACTION,
    }
)  # fmt: skip


def item_for(due: Due, client: ClientRef) -> CalendarItem:
    # The reason only, never the note: the note is the worker's words (an agreed action,
    # why it was moved) and may name the family. A meeting's actions are told apart by
    # their source: a client may have several open at once.
    uid = event_uid(due.client_id, due.kind, due.child_id)
    if due.kind in _ONE_PER_SOURCE:
        uid = event_uid(due.client_id, due.kind, due.source_id)
    reason = due.reason + (f" (moved from {due.moved_from:%d/%m/%Y})" if due.moved_from else "")
    return CalendarItem(
        uid,
        due.kind,
        due.due_on,
        reason,
        client,
        due.rule or DUE_RULES[due.kind],
        due.overdue_on,
        due.booked_at,
    )


def calendar_items(session: Session, *, with_names: bool) -> list[CalendarItem]:
    """Every open due item of the caseload, soonest first (then by UID, so that two exports
    of the same diary are the same file but for their time stamps)."""
    # soonest_first is stable: the same day and kind stay in UID order.
    dues = soonest_first(
        sorted(every_due_item(session), key=lambda d: event_uid(d.client_id, d.kind, d.child_id))
    )
    ids = sorted({d.client_id for d in dues}, key=str)
    refs: dict[uuid.UUID, ClientRef] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        stmt = select(col(Client.id), col(Client.given_name), col(Client.family_name)).where(
            col(Client.id).in_(chunk)
        )
        for client_id, given, family in session.execute(stmt):
            refs[client_id] = client_ref(client_id, given, family, with_names=with_names)
    return [item_for(d, refs[d.client_id]) for d in dues if d.client_id in refs]


# ---- iCalendar -------------------------------------------------------------------------


def _uk_timezone() -> Timezone:
    """Europe/London as one STANDARD and one DAYLIGHT observance, each a yearly RRULE.

    Outlook reads only TZID, DTSTART, RRULE, TZOFFSETFROM and TZOFFSETTO of a VTIMEZONE
    and approximates it by one yearly change each way [MS-STANOICAL 2.2.47]: the RDATE
    lists that icalendar's Timezone.from_tzinfo writes would be ignored. The UK rule since
    1996: clocks go forward at 01:00 GMT on the last Sunday of March and back at 02:00
    BST on the last Sunday of October (tests check it against the zone database).
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", "Europe/London")
    for part, start, month, before, after, name in (
        (TimezoneDaylight(), datetime(1996, 3, 31, 1), 3, 0, 1, "BST"),
        (TimezoneStandard(), datetime(1996, 10, 27, 2), 10, 1, 0, "GMT"),
    ):
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("tzname", name)
        tz.add_component(part)
    return tz


def _check_in_alarm() -> Alarm:
    """Lone working: a phone that syncs this calendar reminds the worker at the expected
    return (the event starts then), as the app does on the laptop. Its words name no one,
    whatever the export: an alarm shows on a locked phone's screen."""
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Check in: you were expected back from a home visit now")
    alarm.add("trigger", timedelta(0))
    return alarm


def to_ics(items: Iterable[CalendarItem], *, stamp: datetime) -> str:
    """The items as one iCalendar file (CRLF line ends, as RFC 5545 has them)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "caseworker diary")
    cal.add("x-wr-timezone", str(UK))
    cal.add_component(_uk_timezone())
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp.astimezone(UTC))
        if item.booked_at is not None:
            # Booked for a time: an hour's appointment, in UTC.
            event.add("dtstart", item.booked_at.astimezone(UTC))
            event.add("dtend", item.booked_at.astimezone(UTC) + timedelta(hours=1))
        elif isinstance(item.due, datetime):
            # A deadline is a moment: no DTEND (RFC 5545 3.6.1: it ends where it starts).
            event.add("dtstart", item.due.astimezone(UTC))
        else:
            event.add("dtstart", item.due)
            event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", item.title)
        event.add("description", f"{item.reason}\nClient: {item.client.label}")
        event.add("categories", ["caseworker"])
        # Private: hidden from anyone the calendar is shared with; free: a reminder, not
        # time blocked out.
        event.add("class", "PRIVATE")
        event.add("transp", "TRANSPARENT")
        if item.kind is DueKind.CHECK_IN and item.booked_at is not None:
            event.add_component(_check_in_alarm())
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


# ---- JSON ------------------------------------------------------------------------------


def _iso(due: date | datetime) -> str:
    if isinstance(due, datetime):
        return due.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return due.isoformat()


def item_json(item: CalendarItem, today: date) -> dict[str, Any]:
    client: dict[str, Any] = {"ref": item.client.ref, "initials": item.client.initials}
    if item.client.name is not None:
        client["name"] = item.client.name
    return {
        "uid": item.uid,
        "kind": item.kind.value,
        "rule": item.rule,
        "title": DUE_WORDS[item.kind],
        "due": _iso(item.due),
        "all_day": not item.timed,
        "status": due_status(item.due_day, today, overdue_on=item.overdue_on).value,
        "booked_at": _iso(item.booked_at) if item.booked_at else None,
        "days": (item.due_day - today).days,  # negative: overdue by that many days
        "reason": item.reason,
        "client": client,
    }


def to_json(
    items: Sequence[CalendarItem], *, today: date, stamp: datetime, with_names: bool
) -> str:
    body = {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "exported_at": _iso(stamp),
        "today": today.isoformat(),
        "with_names": with_names,
        "items": [item_json(i, today) for i in items],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


# ---- the export ------------------------------------------------------------------------


def export_diary(
    db: Database,
    fmt: ExportFormat,
    to: Path | IO[str],
    *,
    today: date,
    with_names: bool = False,
    stamp: datetime | None = None,
) -> int:
    """Write the diary to a file (atomically) or a stream; recorded in the trail. Returns
    how many items it holds.

    The file is put in place only once its export is on the trail, and a stream is
    written only after: client data never leaves without a record of it."""
    stamp = stamp or datetime.now(UTC)
    with db.session() as s:
        items = calendar_items(s, with_names=with_names)
    if fmt is ExportFormat.ICS:
        text = to_ics(items, stamp=stamp)
    else:
        text = to_json(items, today=today, stamp=stamp, with_names=with_names)
    names = "with client names" if with_names else "initials and references, no names"
    summary = f"Diary exported ({fmt.value}, {len(items)} items, {names})"

    def record() -> None:
        with db.session() as s:
            append_event(s, "export", "diary", summary=summary)

    if isinstance(to, Path):
        with atomic_file(to) as fh:
            fh.write(text)
            record()
    else:
        record()
        to.write(text)
    return len(items)


__all__ = [
    "DUE_RULES",
    "DUE_WORDS",
    "CalendarItem",
    "ClientRef",
    "ExportFormat",
    "calendar_items",
    "client_ref",
    "event_uid",
    "export_diary",
    "item_for",
    "to_ics",
    "to_json",
]
