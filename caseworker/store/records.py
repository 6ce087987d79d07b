"""Fetching one record by id, the same way everywhere: gone is a NotFound a user can read
(another window, or another worker on a server, may have removed it)."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy.orm import Session

from caseworker.core.errors import NotFound
from caseworker.store.models import Record

R = TypeVar("R", bound=Record)


def get_record(session: Session, model: type[R], record_id: uuid.UUID, what: str) -> R:
    """The record, or NotFound("That <what> no longer exists.")."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(f"That {what} no longer exists.")
    return record
