"""Reading a client's visits: the history (each visit with its note, its rows and the
addenda beneath it), the visit a new note is for, and the signed visits an assessment
counts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.store.models import (
    Visit,
    VisitAction,
    VisitAddendum,
    VisitChild,
    VisitNote,
    VisitObservation,
)
from caseworker.visits.notes import rows_of
from caseworker.visits.plans import CANCELLED, PLANNED, aware_utc


@dataclass(frozen=True)
class VisitHistory:
    """One visit as the history shows it: the plan, the note (if written), its rows, and
    the addenda beneath it, oldest first."""

    visit: Visit
    note: VisitNote | None = None
    children: Sequence[VisitChild] = ()
    observations: Sequence[VisitObservation] = ()
    actions: Sequence[VisitAction] = ()
    addenda: Sequence[VisitAddendum] = field(default_factory=tuple)

    @property
    def signed(self) -> bool:
        return self.note is not None and self.note.signed_off_at is not None


def visits_of(session: Session, client_id: uuid.UUID) -> list[VisitHistory]:
    """The client's visits, latest first, each with its note and addenda."""
    visits = list(session.scalars(select(Visit).where(col(Visit.client_id) == client_id)))
    notes = {
        n.visit_id: n
        for n in session.scalars(select(VisitNote).where(col(VisitNote.client_id) == client_id))
    }
    addenda: dict[uuid.UUID, list[VisitAddendum]] = {}
    stmt = select(VisitAddendum).where(col(VisitAddendum.client_id) == client_id)
    for a in session.scalars(stmt):
        addenda.setdefault(a.visit_id, []).append(a)
    out = []
    for v in sorted(visits, key=lambda v: (v.planned_for, v.created_at), reverse=True):
        note = notes.get(v.id)
        rows: list[list[Any]] = [
            rows_of(session, m, note.id) if note else []
            for m in (VisitChild, VisitObservation, VisitAction)
        ]
        stamped = sorted(
            addenda.get(v.id, []), key=lambda a: aware_utc(a.stamped_at) or a.created_at
        )
        out.append(VisitHistory(v, note, rows[0], rows[1], rows[2], tuple(stamped)))
    return out


def signed_visits(notes: Sequence[VisitNote], since: date | None = None) -> list[VisitNote]:
    """Pure: the signed-off notes (on or after `since`), oldest first: the home visits a
    multi-agency assessment counts."""
    signed = [n for n in notes if n.signed_off_at is not None]
    if since is not None:
        signed = [n for n in signed if n.visited_on >= since]
    return sorted(signed, key=lambda n: n.visited_on)


def visit_to_write_up(session: Session, client_id: uuid.UUID) -> Visit | None:
    """The visit "New visit note" opens: the latest made (out or back) whose note is not
    signed off, else the latest planned one (an unannounced visit may not be started)."""
    signed = {
        n.visit_id
        for n in session.scalars(select(VisitNote).where(col(VisitNote.client_id) == client_id))
        if n.signed_off_at is not None
    }
    visits = [
        v
        for v in session.scalars(select(Visit).where(col(Visit.client_id) == client_id))
        if v.id not in signed and v.status != CANCELLED
    ]
    made = [v for v in visits if v.status != PLANNED]
    pool = made or visits
    return max(pool, key=lambda v: (v.planned_for, v.created_at), default=None)


def signed_visit_dates(session: Session, client_id: uuid.UUID) -> list[date]:
    """The days of the client's signed-off visits, oldest first: what a multi-agency
    assessment counts as its home visits (with those it records itself)."""
    stmt = (
        select(VisitNote)
        .join(Visit, col(Visit.id) == col(VisitNote.visit_id))
        .where(col(VisitNote.client_id) == client_id, col(Visit.status) != CANCELLED)
    )
    return [n.visited_on for n in signed_visits(list(session.scalars(stmt)))]
