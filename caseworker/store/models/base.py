"""Columns every record carries: a UUID id, timestamps, the worker who did it, and a
version.

UUIDs because records are created offline on many laptops and must merge later.
created_by/updated_by and the timestamps are filled in by the trail hook
(caseworker.store.trail) from the session's current worker, so no caller can forget.

``version`` is SQLAlchemy's version counter (``version_id_col``): every UPDATE or DELETE
says ``WHERE version = <the one read>`` and sets the next, so a change someone else
committed in between matches no row and is refused (StaleDataError), never overwritten
unseen. A form keeps the version it showed and passes it back (caseworker.people), which
refuses a save over a change made while the form was open.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Record(SQLModel):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by: uuid.UUID | None = Field(default=None)
    updated_by: uuid.UUID | None = Field(default=None)
    version: int = Field(default=1, sa_column_kwargs={"server_default": text("1")})

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
