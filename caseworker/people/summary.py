"""The few facts about a client that every view of their record leads with: who they are,
how many children are on the register, and what a worker must know before a visit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from sqlalchemy.orm import Session

from caseworker.people.clients import get_client
from caseworker.people.consistency import register_parental_status
from caseworker.people.family import children_of


class ClientFlag(StrEnum):
    """Something to know before seeing the client; shown in words, never colour alone.
    In this order: the most pressing first."""

    RISK_TO_STAFF = "risk_to_staff"
    PREGNANT = "pregnant"
    INTERPRETER = "interpreter"
    TAKE_HOME_MEDICATION = "take_home_medication"
    YOUNG_CARER = "young_carer"


# Contact arrangements under which a child spends time with the client.
_VISITS = {"formal", "informal"}


class _ChildFacts(Protocol):
    lives_with: str
    contact_arrangement: str
    young_carer: bool


def client_flags(
    *,
    risk_to_staff: bool,
    pregnant: bool,
    interpreter_needed: bool,
    take_home_medication: bool,
    children: Iterable[_ChildFacts],
) -> tuple[ClientFlag, ...]:
    """The flags, one rule for the record and the caseload alike."""
    children = list(children)
    with_client = any(k.lives_with == "client" or k.contact_arrangement in _VISITS
                      for k in children)  # fmt: skip
    on = {
        ClientFlag.RISK_TO_STAFF: risk_to_staff,
        ClientFlag.PREGNANT: pregnant,
        ClientFlag.INTERPRETER: interpreter_needed,
        # Take-home medication matters where a child lives with or visits the client.
        ClientFlag.TAKE_HOME_MEDICATION: take_home_medication and with_client,
        ClientFlag.YOUNG_CARER: any(k.young_carer for k in children),
    }
    return tuple(flag for flag in ClientFlag if on[flag])


@dataclass(frozen=True)
class ClientSummary:
    client_id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    status: str  # vocab.CLIENT_STATUS
    parental_status: str  # vocab.PARENTAL_STATUS
    children: int  # born children on the register
    unborn: int
    flags: tuple[ClientFlag, ...]
    language: str  # what the interpreter is for
    # The parental status the child register gives (None when it cannot say): where it
    # differs from parental_status, the record disagrees with itself and says so.
    register_status: str | None = None


def client_summary(session: Session, client_id: uuid.UUID) -> ClientSummary:
    """Raises NotFound if the client record no longer exists."""
    client = get_client(session, client_id)
    kids = children_of(session, client_id)
    unborn = sum(1 for k in kids if k.unborn)
    flags = client_flags(
        risk_to_staff=client.risk_to_staff,
        pregnant=client.pregnant,
        interpreter_needed=client.interpreter_needed,
        take_home_medication=client.take_home_medication,
        children=kids,
    )
    return ClientSummary(
        client_id=client.id,
        given_name=client.given_name,
        family_name=client.family_name,
        date_of_birth=client.date_of_birth,
        status=client.status,
        parental_status=client.parental_status,
        children=len(kids) - unborn,
        unborn=unborn,
        flags=flags,
        language=client.language,
        register_status=register_parental_status(kids),
    )
