from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field

from caseworker.store.models.base import Record


class DueItem(Record, table=True):
    """Something due for a client (a re-screen, a pre-CAF, a TOP review...).

    Derived, never written by a feature: caseworker.agenda recomputes a client's rows from
    every capability's due rules whenever a record that feeds them changes (and everyone's
    when the protocol changes), so this table is a copy kept for fast caseload paging.
    """

    # The caseload's next-due column, and its "something overdue" filter: one client's
    # items by date.
    __table_args__ = (
        Index("ix_dueitem_next", "client_id", "due_on"),
        Index("ix_dueitem_overdue", "client_id", "overdue_on"),
    )
    # Not version-checked: nobody edits a due item, and two saves for one client each
    # recompute its items from the records they see; refusing the second of those would
    # refuse a save for a table no one typed into.
    __mapper_args__: dict = {}

    client_id: uuid.UUID = Field(foreign_key="client.id")
    child_id: uuid.UUID | None = Field(default=None, foreign_key="child.id")
    kind: str  # a caseworker.diary.DueKind value
    due_on: date = Field(index=True)
    reason: str = ""  # why, in the rule's words
    source_id: uuid.UUID | None = None  # the record the rule read (no foreign key: any table)
    rule: str | None = None  # the protocol's rule id
    # Overdue after this day: due_on, or later where the protocol gives a grace period.
    # Always set when recomputed (None only in a row migrated before its first recompute).
    overdue_on: date | None = None
    # From this day the item shows as upcoming, however far off it is (the multi-agency
    # assessment: due at 6 weeks, warned from 4). None: the usual week before.
    warn_on: date | None = None
    booked_at: datetime | None = None  # booked for (UTC), by a DueAction
    moved_from: date | None = None  # the rule's own date, when a DueAction moved it
    note: str = ""  # the worker's words (an agreed action, why it was moved): never exported
