"""Supervision sessions: a supervisor going through one worker's caseload with them.

A session holds a row per case discussed (what was discussed, the decision, the standing
Think Family question answered) and the actions agreed, each with its owner and date.
Signing off seals the session and everything in it (store/sealed.py, migration 0017):
the supervisor signs as themselves, with their own passphrase, and the session keeps the
figures of the caseload as they stood that day, so months can be compared.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field

from caseworker.store.models.base import Record


class SupervisionSession(Record, table=True):
    __tablename__ = "supervision_session"

    worker_id: uuid.UUID = Field(foreign_key="worker.id", index=True)  # whose caseload
    supervisor_id: uuid.UUID = Field(foreign_key="worker.id")  # who opened it
    held_on: date
    notes: str = ""
    # Set once, at sign-off: from then on the database refuses any change.
    signed_off_at: datetime | None = None
    signed_off_by: uuid.UUID | None = Field(default=None, foreign_key="worker.id")
    signed_as: str = ""
    # The caseload's figures that day ({key: {"count": N, "client_ids": [...]}}) and the
    # trail's head hash, so the pack witnesses the state of the caseload.
    figures: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    trail_head: str = ""


class SupervisionCase(Record, table=True):
    """One client's case in a session: why it came up, and what was decided."""

    __tablename__ = "supervision_case"

    session_id: uuid.UUID = Field(foreign_key="supervision_session.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    reasons: str = ""  # the figures that brought it up, one per line
    discussion: str = ""
    decision: str = ""
    think_family: str = ""  # the standing safeguarding / Think Family question, answered
    discussed: bool = False


class SupervisionAction(Record, table=True):
    """An action agreed in supervision: it enters the diary once the session is signed."""

    __tablename__ = "supervision_action"

    session_id: uuid.UUID = Field(foreign_key="supervision_session.id", index=True)
    case_id: uuid.UUID = Field(foreign_key="supervision_case.id")
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    what: str
    owner: str
    due_on: date
