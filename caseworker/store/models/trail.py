from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class TrailEvent(SQLModel, table=True):
    """Append-only, hash-chained record of every change, export and sharing decision.

    ``seq`` orders the chain; ``hash`` = sha256(prev_hash + canonical row), so
    editing or deleting any row breaks every hash after it (caseworker check).
    """

    __tablename__ = "trail_event"

    seq: int = Field(primary_key=True)
    id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    at: datetime
    worker_id: uuid.UUID | None = None
    action: str  # create / update / delete / export / backup / passphrase ...
    entity: str  # table name
    entity_id: str = ""
    client_id: uuid.UUID | None = Field(default=None, index=True)
    summary: str = ""
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    prev_hash: str
    hash: str
