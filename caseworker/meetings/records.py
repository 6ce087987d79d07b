"""Recording meetings and reviews: validated like every form, with the actions agreed at
them (each enters the diary) and the minutes' distribution.

The actions are typed one per line as "owner; what; dd/mm/yyyy" - the smallest form a
worker can type in a car after a meeting that still gives every action an owner and a
date, which is what makes it one the diary can chase.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.core.dates import parse_uk_date
from caseworker.core.errors import DateError, NotFound
from caseworker.core.validation import NOTES, PARAGRAPH, FormReader
from caseworker.meetings.kinds import MEETING_KINDS, OUR_PART, MeetingKind
from caseworker.store.models import Client, Meeting, MeetingAction

# The free-text fields of a meeting and their labels (one entry per line in each).
_LISTS = {
    "invited": "Invited",
    "attended": "Attended",
    "absent_agencies": "Agencies that did not come",
    "minutes_to": "Minutes distributed to",
}
MEETING_FIELDS = (
    "kind", "child_id", "held_on", "held_at", *_LISTS, "parents_attended", "client_attended",
    "our_part", "decisions", "next_on", "minutes_sent_on",
)  # fmt: skip


def parse_actions(text: str) -> list[tuple[str, str, date]]:
    """Each line "owner; what; dd/mm/yyyy" as (owner, what, due); a bad line raises
    DateError/ValueError naming its line number."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise ValueError(f"line {number}: write it as owner; what; dd/mm/yyyy")
        try:
            due = parse_uk_date(parts[2])
        except DateError as exc:
            raise ValueError(f"line {number}: {exc}") from None
        if due is None:
            raise ValueError(f"line {number}: give the date it is due by (dd/mm/yyyy)")
        out.append((parts[0], parts[1], due))
    return out


def read_actions(r: FormReader, raw: dict[str, Any], today: date) -> list | None:
    """A form's "actions" field (owner; what; dd/mm/yyyy, a line each) into r.clean, each
    agreed from today on: a visit note's, a supervision case's. None if it cannot be read
    (the field's error is then on r)."""
    try:
        r.clean["actions"] = actions = parse_actions(str(raw.get("actions") or ""))
    except ValueError as exc:
        r.fail("actions", "Actions", str(exc))
        return None
    late = [a for a in actions if a[2] < today]
    if late:
        r.fail("actions", "Actions", f"{late[0][1]!r} is due before today")
    return actions


def validate_meeting(raw: dict[str, Any], today: date) -> dict[str, Any]:
    r = FormReader(raw)
    r.choice("kind", "Type of meeting", MEETING_KINDS, None)
    held_on = r.date("held_on", "Date held", required=True, kind="event", today=today,
                     future="is in the future: record a meeting once it is held")  # fmt: skip
    at = r.clock("held_at", "Time")
    r.clean["held_at"] = f"{at:%H:%M}" if at else ""
    for field, label in _LISTS.items():
        r.text(field, label, max_len=PARAGRAPH)
    r.flag("parents_attended")
    r.clean["client_attended"] = bool(raw.get("client_attended", True))
    r.choice("our_part", "Our part", OUR_PART, "attended")
    r.text("decisions", "Decisions", max_len=NOTES)
    next_on = r.date("next_on", "Next date", kind="planned", today=today)
    if next_on is not None and held_on is not None and next_on <= held_on:
        r.fail("next_on", "Next date", "must be after the date held")
    sent = r.date("minutes_sent_on", "Minutes sent on", kind="event", today=today)
    if sent is not None and held_on is not None and sent < held_on:
        r.fail("minutes_sent_on", "Minutes sent on", "is before the meeting was held")
    if sent is not None and not r.clean["minutes_to"]:
        r.fail("minutes_to", "Minutes distributed to", "say whom the minutes went to")
    try:
        r.clean["actions"] = parse_actions(str(raw.get("actions") or ""))
    except ValueError as exc:
        r.fail("actions", "Actions", str(exc))
    child = raw.get("child_id")
    r.clean["child_id"] = child if isinstance(child, uuid.UUID) else None
    return r.result()


def record_meeting(
    session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date
) -> Meeting:
    """A meeting held, with its agreed actions; the diary recomputes from it on commit."""
    if session.get(Client, client_id) is None:
        raise NotFound("That client is no longer on the caseload.")
    clean = validate_meeting(raw, today)
    meeting = Meeting(client_id=client_id, **{k: clean[k] for k in MEETING_FIELDS})
    session.add(meeting)
    session.flush()  # the actions name the meeting
    for owner, what, due in clean["actions"]:
        session.add(
            MeetingAction(
                meeting_id=meeting.id, client_id=client_id, owner=owner, what=what, due_on=due
            )
        )
    return meeting


def meetings_of(session: Session, client_id: uuid.UUID) -> list[Meeting]:
    """The client's meetings, latest first."""
    stmt = (
        select(Meeting)
        .where(col(Meeting.client_id) == client_id)
        .order_by(col(Meeting.held_on).desc(), col(Meeting.created_at).desc())
    )
    return list(session.scalars(stmt))


def actions_of(session: Session, meeting_id: uuid.UUID) -> list[MeetingAction]:
    stmt = select(MeetingAction).where(col(MeetingAction.meeting_id) == meeting_id)
    return sorted(session.scalars(stmt), key=lambda a: (a.due_on, a.owner))


def sessions_attended(meetings: list[Meeting]) -> int:
    """Treatment sessions the client attended: what the session contract counts."""
    return sum(
        1 for m in meetings if m.kind == MeetingKind.TREATMENT_SESSION.value and m.client_attended
    )
