"""What a form is about to save, checked against the rest of the record before it is saved.

Each function reads what it needs (the register, other clients) and returns the
Contradictions of caseworker.people.consistency; values that do not validate return
none (the save names those fields). Nothing here writes except set_parental_status,
the fix a worker chooses when the register answers the parental status.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.core.errors import NotAllowed, ValidationFailed
from caseworker.core.names import folded
from caseworker.core.vocab import PARENTAL_STATUS, values
from caseworker.people.clients import client_reference, get_client
from caseworker.people.consistency import (
    ChildFacts,
    Contradiction,
    PossibleDuplicate,
    RegisterChild,
    child_contradictions,
    duplicate_contradiction,
    parental_status_contradiction,
)
from caseworker.people.family import children_of
from caseworker.people.validation import validate_child, validate_client
from caseworker.store.models import Client


def possible_duplicates(
    session: Session,
    given_name: str,
    family_name: str,
    date_of_birth: date,
    *,
    other_than: uuid.UUID | None = None,
) -> list[PossibleDuplicate]:
    """Clients with the same name (ignoring case, accents and spaces) and date of birth."""
    stmt = select(Client).where(col(Client.date_of_birth) == date_of_birth)
    if other_than is not None:
        stmt = stmt.where(col(Client.id) != other_than)
    same = []
    for c in session.scalars(stmt):
        if (folded(c.given_name.strip()), folded(c.family_name.strip())) == (
            folded(given_name.strip()),
            folded(family_name.strip()),
        ):
            same.append(PossibleDuplicate(c.id, client_reference(c.id), c.given_name, c.family_name,
                                          date_of_birth, c.status))  # fmt: skip
    return same


def client_contradictions(
    session: Session, client_id: uuid.UUID | None, raw: dict[str, Any], today: date
) -> list[Contradiction]:
    """The client form's values against the register and the rest of the caseload."""
    try:
        clean = validate_client(raw, today)
    except ValidationFailed:
        return []
    found = []
    if client_id is not None:
        status = parental_status_contradiction(
            clean["parental_status"], children_of(session, client_id)
        )
        if status is not None:
            found.append(status)
    if clean["date_of_birth"] is not None:
        twins = possible_duplicates(session, clean["given_name"], clean["family_name"],
                                    clean["date_of_birth"], other_than=client_id)  # fmt: skip
        duplicate = duplicate_contradiction(twins)
        if duplicate is not None:
            found.append(duplicate)
    return found


def child_form_contradictions(
    session: Session,
    client_id: uuid.UUID,
    child_id: uuid.UUID | None,
    raw: dict[str, Any],
    today: date,
) -> list[Contradiction]:
    """The child as typed against itself (where they live, their contact) and the
    client's parental status against the register as it will be once this is saved.
    A fix for the parental status is the client's, not the child form's."""
    try:
        clean = validate_child(raw, today)
    except ValidationFailed:
        return []
    found = child_contradictions(clean["lives_with"], clean["contact_arrangement"])
    register = [k for k in children_of(session, client_id) if k.id != child_id]
    after: list[ChildFacts] = [*register, RegisterChild(clean["unborn"], clean["lives_with"])]
    status = parental_status_contradiction(get_client(session, client_id).parental_status, after)
    if status is not None:
        found.append(status)
    return found


def parental_status_check(
    session: Session, client_id: uuid.UUID, status: str | None
) -> list[Contradiction]:
    """A parental status about to be recorded (the parental screen) against the register."""
    if status not in values(PARENTAL_STATUS):
        return []
    found = parental_status_contradiction(status, children_of(session, client_id))
    return [found] if found is not None else []


def set_parental_status(session: Session, client_id: uuid.UUID, status: str, today: date) -> None:
    """The fix a worker chose: the status the register gives, checked today."""
    if status not in values(PARENTAL_STATUS):
        raise NotAllowed(f"Unknown parental status {status!r}.")
    client = get_client(session, client_id)
    if client.parental_status != status:
        client.parental_status = status
        client.parental_status_checked_on = today
