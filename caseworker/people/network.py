"""The professional network and consent to share, both kept as history."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.core.errors import NotAllowed
from caseworker.people.clients import get_client
from caseworker.people.validation import validate_consent, validate_network_contact
from caseworker.store.models import ConsentRecord, NetworkContact
from caseworker.store.records import get_record


def network_of(
    session: Session, client_id: uuid.UUID, *, include_ended: bool = True
) -> list[NetworkContact]:
    stmt = select(NetworkContact).where(NetworkContact.client_id == client_id)
    if not include_ended:
        stmt = stmt.where(col(NetworkContact.ended_on).is_(None))
    # Current contacts first, then history, newest first.
    stmt = stmt.order_by(
        col(NetworkContact.ended_on).is_not(None),
        col(NetworkContact.agency),
        col(NetworkContact.created_at).desc(),
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
    old = get_contact(session, contact_id)
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
        .order_by(col(ConsentRecord.decided_on).desc(), col(ConsentRecord.created_at).desc())
    )
    return list(session.scalars(stmt))


def _recipient_key(recipient: str) -> str:
    return recipient.strip().lower()


def current_consents(session: Session, client_id: uuid.UUID) -> dict[str, ConsentRecord]:
    """Latest decision per named recipient (recipients compared case-insensitively)."""
    current: dict[str, ConsentRecord] = {}
    for rec in consent_history(session, client_id):
        current.setdefault(_recipient_key(rec.recipient), rec)
    return current


@dataclass(frozen=True)
class ConsentDecision:
    """One decision to share, and whether it is the one that counts for its recipient
    (the newest) or has been superseded by a later one."""

    id: uuid.UUID
    recipient: str
    state: str  # vocab.CONSENT_STATES
    decided_on: date
    policy_explained_on: date | None
    notes: str
    current: bool


def consent_decisions(session: Session, client_id: uuid.UUID) -> list[ConsentDecision]:
    """Every decision, newest first, each marked current or superseded."""
    seen: set[str] = set()
    decisions = []
    for rec in consent_history(session, client_id):
        key = _recipient_key(rec.recipient)
        decisions.append(
            ConsentDecision(rec.id, rec.recipient, rec.state, rec.decided_on,
                            rec.policy_explained_on, rec.notes, current=key not in seen)
        )  # fmt: skip
        seen.add(key)
    return decisions


def get_contact(session: Session, contact_id: uuid.UUID) -> NetworkContact:
    return get_record(session, NetworkContact, contact_id, "contact")


def replacement_form_values(session: Session, contact_id: uuid.UUID) -> dict[str, Any]:
    """The form for whoever replaces a contact starts from the same agency, team and role:
    what changed is the person."""
    old = get_contact(session, contact_id)
    return {"agency": old.agency, "team": old.team, "role": old.role}
