"""The diary's own records: meetings and reviews (with the actions agreed at them), and
what a worker did about a due item (completed, booked or moved it).

Due items themselves are derived (models.tasks.DueItem); these are the records they are
derived from, kept like any other record: on the trail, never rewritten by a rule.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlmodel import Field

from caseworker.store.models.base import Record


class Meeting(Record, table=True):
    """A meeting or review about a client's children, held (or a treatment session)."""

    __tablename__ = "meeting"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    child_id: uuid.UUID | None = Field(default=None, foreign_key="child.id")
    kind: str  # a caseworker.meetings.MeetingKind value
    held_on: date
    # UK local time of day as "HH:MM", or "" if not known: kept as text, since a bare time
    # has no zone and is only ever shown, never counted from.
    held_at: str = ""
    invited: str = ""  # who was invited, one per line
    attended: str = ""  # who came, one per line
    parents_attended: bool = False
    client_attended: bool = True  # a treatment session counts for the contract only if so
    absent_agencies: str = ""  # agencies invited that did not come, one per line
    our_part: str = "attended"  # vocab.OUR_PART: attended, written report, neither
    decisions: str = ""
    next_on: date | None = None  # the next date set at the meeting
    minutes_to: str = ""  # whom the minutes went to, one per line
    minutes_sent_on: date | None = None


class MeetingAction(Record, table=True):
    """An action agreed at a meeting: who does what by when (it enters the diary)."""

    __tablename__ = "meeting_action"

    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    what: str
    owner: str
    due_on: date


class DueAction(Record, table=True):
    """What a worker did about a due item: completed it (and what was done), booked it for
    a moment, or moved it to another day (and why). Recorded against the item's key - its
    kind, the record its rule read and the child - so it outlives the derived row."""

    __tablename__ = "due_action"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    kind: str  # a caseworker.diary.DueKind value
    source_id: uuid.UUID
    child_id: uuid.UUID | None = None
    action: str  # "complete", "book" or "move"
    on: date  # the day it was done, booked for, or moved to
    booked_at: datetime | None = None  # "book": the moment (UTC)
    note: str = ""  # what was done; why it was moved
