"""The professional network and consent to share, both kept as history."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.core.errors import NotAllowed, NotFound
from caseworker.people.clients import get_client
from caseworker.people.validation import validate_consent, validate_network_contact
from caseworker.store.models import ConsentRecord, NetworkContact


def network_of(
    session: Session, client_id: uuid.UUID, *, include_ended: bool = True
) -> list[NetworkContact]:
    stmt = select(NetworkContact).where(NetworkContact.client_id == client_id)
    if not include_ended:
        stmt = stmt.where(NetworkContact.ended_on.is_(None))
    # Current contacts first, then history, newest first.
    stmt = stmt.order_by(
        NetworkContact.ended_on.is_not(None),
        NetworkContact.agency,
        NetworkContact.created_at.desc(),
    )
    return list(session.scalars(stmt))


def add_contact(
    session: Session,
    client_id: uuid.UUID,
    raw: dict[str, Any],
    today: date,
    *,
    child_id: uuid.UUID | None = None,
) -> NetworkContact:
    get_client(session, client_id)
    clean = validate_network_contact(raw, today)
    contact = NetworkContact(client_id=client_id, child_id=child_id, **clean)
    if contact.started_on is None:
        contact.started_on = today
    session.add(contact)
    return contact


def replace_contact(
    session: Session, contact_id: uuid.UUID, raw: dict[str, Any], today: date
) -> NetworkContact:
    """The agency's contact changed: end the old row, start a new one that replaces it."""
    old = session.get(NetworkContact, contact_id)
    if old is None:
        raise NotFound("That contact no longer exists.")
    if old.ended_on is not None:
        raise NotAllowed("That contact has already ended; add a new contact instead.")
    clean = validate_network_contact(raw, today)
    old.ended_on = today
    new = NetworkContact(
        client_id=old.client_id, child_id=old.child_id, replaces_id=old.id, **clean
    )
    if new.started_on is None:
        new.started_on = today
    session.add(new)
    return new


def record_consent(
    session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date
) -> ConsentRecord:
    get_client(session, client_id)
    clean = validate_consent(raw, today)
    record = ConsentRecord(client_id=client_id, **clean)
    session.add(record)
    return record


def consent_history(session: Session, client_id: uuid.UUID) -> list[ConsentRecord]:
    stmt = (
        select(ConsentRecord)
        .where(ConsentRecord.client_id == client_id)
        .order_by(ConsentRecord.decided_on.desc(), ConsentRecord.created_at.desc())
    )
    return list(session.scalars(stmt))


def current_consents(session: Session, client_id: uuid.UUID) -> dict[str, ConsentRecord]:
    """Latest decision per named recipient (recipients compared case-insensitively)."""
    current: dict[str, ConsentRecord] = {}
    for rec in consent_history(session, client_id):
        current.setdefault(rec.recipient.strip().lower(), rec)
    return current
