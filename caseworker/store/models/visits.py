"""Home visits: the plan and the lone-working record of going out and coming back (Visit),
the note written afterwards (VisitNote, with a row per child, per checklist item and per
agreed action) and the addenda that correct a signed note.

The visit and its note are separate rows on purpose: a note is sealed when it is signed
off, but the worker may sign it off in the car before checking back in, and the check-in
must still be recorded on the visit. Once signed off, the note and its dependants are
refused any change by the database itself (triggers, caseworker.store.sealed); an
addendum is insert-only from the moment it is written.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field

from caseworker.store.models.base import Record


class Visit(Record, table=True):
    """A home visit: planned, then out (with the expected return), then back - or
    cancelled. Planned visits are diary items; a return not checked in by its expected
    time is an alert."""

    __tablename__ = "visit"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    planned_for: date
    planned_at: str = ""  # "HH:MM", or "" for no set time (an unannounced visit)
    address: str = ""  # the client's, editable (a visit may be at a relative's)
    announced: bool = True
    joint_agency: str = ""  # a joint visit: with which agency, and who
    joint_contact: str = ""
    purpose: str = ""
    # Lone working: the aware moment (UTC) the worker expects to be back; a visit that is
    # out past it without a check-in is the missed return alert.
    expected_back: datetime | None = None
    status: str = Field(default="planned", index=True)  # caseworker.visits STATUSES
    out_at: datetime | None = None
    out_by: uuid.UUID | None = Field(default=None, foreign_key="worker.id")  # who went
    back_at: datetime | None = None
    cancelled_reason: str = ""


class VisitNote(Record, table=True):
    """What was seen and done on a visit: written (and kept as a draft while typed),
    then signed off by the worker, after which it is sealed."""

    __tablename__ = "visit_note"
    __table_args__ = (Index("ix_visit_note_visit", "visit_id", unique=True),)

    visit_id: uuid.UUID = Field(foreign_key="visit.id")
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    visited_on: date
    adults: str = ""  # the adults present, one per line
    explained_to_parent: str = ""  # what was explained to the parent [003 "Direct work"]
    understood: str = ""  # caseworker.visits UNDERSTOOD ("" not said)
    narrative: str = ""
    concerns: str = ""
    # Sealed once set: the signature's aware moment (UTC), the worker and their name.
    signed_off_at: datetime | None = None
    signed_off_by: uuid.UUID | None = Field(default=None, foreign_key="worker.id")
    signed_as: str = ""


class VisitChild(Record, table=True):
    """One child on a visit: seen, seen alone, spoken with; how they presented and what
    they said in their own words."""

    __tablename__ = "visit_child"

    note_id: uuid.UUID = Field(foreign_key="visit_note.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    child_id: uuid.UUID = Field(foreign_key="child.id")
    seen: bool = False
    seen_alone: bool = False
    spoken_with: bool = False
    presentation: str = ""
    own_words: str = ""


class VisitObservation(Record, table=True):
    """The answer to one item of the visit checklist (data/checklists/visit.toml)."""

    __tablename__ = "visit_observation"

    note_id: uuid.UUID = Field(foreign_key="visit_note.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    item: str  # the checklist's item id
    answer: str  # one of the item's answers
    note: str = ""


class VisitAction(Record, table=True):
    """An action agreed on a visit: who does what by when (enters the diary)."""

    __tablename__ = "visit_action"

    note_id: uuid.UUID = Field(foreign_key="visit_note.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    owner: str
    what: str
    due_on: date


class VisitAddendum(Record, table=True):
    """A correction or addition to a signed note, with its own stamp; never edited."""

    __tablename__ = "visit_addendum"

    visit_id: uuid.UUID = Field(foreign_key="visit.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    text: str
    stamped_at: datetime
    stamped_by: uuid.UUID | None = Field(default=None, foreign_key="worker.id")
    stamped_as: str = ""
