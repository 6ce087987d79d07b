"""Columns every record carries: a UUID id, timestamps, and the worker who did it.

UUIDs because records are created offline on many laptops and must merge later.
created_by/updated_by and the timestamps are filled in by the trail hook
(caseworker.store.trail) from the session's current worker, so no caller can forget.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Record(SQLModel):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by: uuid.UUID | None = Field(default=None)
    updated_by: uuid.UUID | None = Field(default=None)
