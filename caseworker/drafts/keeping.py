"""Keeping, finding and removing form drafts: one per form and what it is open on, per
worker (on a team server each worker sees only their own).

A draft is keyed by the form and what it is open on ("ChildForm child_id=… client_id=…"),
so opening that form again carries on from it, and a second autosave replaces the first
rather than adding a row. The values are the form's fields as typed (text, choices and
ticks): nothing is validated here, the form validates when it is saved.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.store.models import FormDraft, utcnow


@dataclass(frozen=True)
class Draft:
    key: str
    form: str
    args: dict[str, str]
    client_id: uuid.UUID | None
    values: dict[str, Any]
    saved_at: datetime


def _of(row: FormDraft) -> Draft:
    return Draft(row.key, row.form, dict(row.args), row.client_id, dict(row.values), row.saved_at)


def _row(session: Session, key: str) -> FormDraft | None:
    worker = session.info.get("worker_id")
    query = select(FormDraft).where(col(FormDraft.key) == key)
    query = query.where(
        col(FormDraft.worker_id).is_(None) if worker is None else col(FormDraft.worker_id) == worker
    )
    return session.scalars(query).first()


def keep_draft(
    session: Session,
    key: str,
    form: str,
    values: dict[str, Any],
    *,
    args: dict[str, str] | None = None,
    client_id: uuid.UUID | None = None,
) -> None:
    """Keep ``values`` as the draft of ``key`` (replacing the one kept before)."""
    row = _row(session, key)
    if row is None:
        row = FormDraft(worker_id=session.info.get("worker_id"), key=key, form=form)
        session.add(row)
    row.form, row.args, row.client_id = form, dict(args or {}), client_id
    row.values, row.saved_at = dict(values), utcnow()


def draft_for(session: Session, key: str) -> Draft | None:
    row = _row(session, key)
    return _of(row) if row is not None else None


def discard_draft(session: Session, key: str) -> None:
    """The form was saved, or its typing discarded: its draft goes (nothing if none)."""
    row = _row(session, key)
    if row is not None:
        session.delete(row)


def drafts_waiting(session: Session) -> list[Draft]:
    """This worker's drafts, newest first: what to offer when the app starts."""
    worker = session.info.get("worker_id")
    query = select(FormDraft).order_by(col(FormDraft.saved_at).desc())
    query = query.where(
        col(FormDraft.worker_id).is_(None) if worker is None else col(FormDraft.worker_id) == worker
    )
    return [_of(row) for row in session.scalars(query)]
