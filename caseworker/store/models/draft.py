"""What is being typed into a form and not yet saved: one row per form, per worker."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from caseworker.store.models.base import utcnow


class FormDraft(SQLModel, table=True):
    """A form's fields as typed, kept every second or two so that a kill, a crash or a flat
    battery loses at most that much; removed when the form is saved or discarded.

    Not a Record, so not in the trail: a draft is not a decision about anyone, it changes
    with every pause in typing, and the record it becomes is trailed when it is saved.
    Its text is client data, so it lives here, in the encrypted database, and nowhere
    else (never a file, never a log).
    """

    __tablename__ = "form_draft"
    # One draft per form and what it is open on, per worker (a team shares one server).
    __table_args__ = (Index("ix_form_draft_worker_key", "worker_id", "key"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    worker_id: uuid.UUID | None = None
    key: str  # the form and what it is open on, e.g. "ChildForm client_id=…"
    form: str  # which form to reopen (its name in screens.widgets.form)
    # What the form was opened on (record ids, as text), to open it again the same way.
    args: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    client_id: uuid.UUID | None = None  # whose record it belongs to, to name them
    values: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    saved_at: datetime = Field(default_factory=utcnow)
