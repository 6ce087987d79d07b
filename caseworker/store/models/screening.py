from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import JSON, Column
from sqlmodel import Field

from caseworker.store.models.base import Record


class Screening(Record, table=True):
    """One screening of a client: a scored instrument, the parental screen or TOP.

    A screening is saved answer by answer as a *draft* (so an abandoned screen can be
    resumed and nothing typed is lost) and only counts once *complete*.
    """

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    instrument: str = Field(index=True)  # "audit", "audit-c", ..., "parental", "top"
    occasion: str = "review"  # vocab.SCREENING_OCCASIONS: intake / review / discharge
    status: str = Field(default="draft", index=True)  # draft / complete
    # Instrument answers map item number (as text: JSON keys) to the option index;
    # the parental screen stores its named answers.
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    started_on: date
    completed_on: date | None = None
    total: int | None = None
    band: str = ""
    positive: bool | None = None
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # An AUDIT continued from a positive AUDIT-C (or FAST) points back to it.
    follows_id: uuid.UUID | None = Field(default=None, foreign_key="screening.id")
