"""Letters the worker finalised: the text as it left, frozen with its date.

A letter being drafted is a form draft (caseworker.drafts: kept as it is typed, never
lost); only the finalised letter is a row here, and the row is sealed from the moment it
is written (store/sealed.py, migration 0016): a correction is a new letter.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field

from caseworker.store.models.base import Record


class Letter(Record, table=True):
    """One finalised letter: to whom, the text, the facts it used and where each came from,
    the sharing decision it left under, and the worker who signed it."""

    __tablename__ = "letter"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    child_id: uuid.UUID | None = Field(default=None, foreign_key="child.id")
    template: str  # the template's id ("csc-confirmation")
    recipient: str
    title: str
    body: str  # the text as the worker finalised it
    # [[label, value, source], ...]: the facts of the record the draft was filled from.
    facts: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    letter_date: date
    finalised_at: datetime
    finalised_by: uuid.UUID | None = Field(default=None, foreign_key="worker.id")
    signed_as: str = ""
    # The sharing decision it left under (caseworker.referrals.sharing), when one was made.
    sharing_decision_id: uuid.UUID | None = Field(default=None, foreign_key="sharing_decision.id")
