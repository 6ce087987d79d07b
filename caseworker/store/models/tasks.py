from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Index
from sqlmodel import Field

from caseworker.store.models.base import Record


class DueItem(Record, table=True):
    """Something due for a client (a review, a re-screen, a pre-CAF...).

    The caseload shows each client's earliest open item; later features
    (screening, reviews) create these from their own rules.
    """

    # The caseload's next-due column and "something overdue" filter.
    __table_args__ = (Index("ix_dueitem_open", "client_id", "completed_on", "due_on"),)

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    child_id: uuid.UUID | None = Field(default=None, foreign_key="child.id")
    kind: str  # e.g. "review", "rescreen", "precaf"
    title: str
    due_on: date = Field(index=True)
    completed_on: date | None = Field(default=None, index=True)
