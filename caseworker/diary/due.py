"""Due items: what is due for a client, and how it is said.

Screening, the parental screen and TOP each set their own items from their own rules;
they all open, close and reschedule items here, and every screen shows them with
`describe`, so "OVERDUE" means the same thing everywhere.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.store.models import DueItem


def open_items(session: Session, client_id: uuid.UUID, kind: str | None = None) -> list[DueItem]:
    """The client's open items, soonest first (of one kind, if given)."""
    stmt = select(DueItem).where(DueItem.client_id == client_id, DueItem.completed_on.is_(None))
    if kind is not None:
        stmt = stmt.where(DueItem.kind == kind)
    return list(session.scalars(stmt.order_by(DueItem.due_on)))


def add_once(
    session: Session, client_id: uuid.UUID, kind: str, title: str, due_on: date
) -> DueItem | None:
    """Add an item unless one of its kind is already open (a second trigger adds nothing)."""
    if open_items(session, client_id, kind):
        return None
    item = DueItem(client_id=client_id, kind=kind, title=title, due_on=due_on)
    session.add(item)
    return item


def reschedule(
    session: Session,
    client_id: uuid.UUID,
    kind: str,
    today: date,
    *,
    title: str = "",
    next_due: date | None = None,
) -> DueItem | None:
    """Done today: close the open items of this kind and, if next_due is given, set the next."""
    for item in open_items(session, client_id, kind):
        item.completed_on = today
    if next_due is None:
        return None
    item = DueItem(client_id=client_id, kind=kind, title=title, due_on=next_due)
    session.add(item)
    return item


def is_overdue(due_on: date, today: date) -> bool:
    """Due today is not overdue; due yesterday is."""
    return due_on < today


def describe(due_on: date, title: str, today: date, *, short_year: bool = False) -> str:
    """Date first, then OVERDUE as a word (never colour alone), then what is due."""
    when = due_on.strftime("%d/%m/%y" if short_year else "%d/%m/%Y")
    return f"{when}{' OVERDUE' if is_overdue(due_on, today) else ''} {title}"
