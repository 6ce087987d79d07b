"""The flags a worker must know before seeing a client: one rule for the record and the
caseload alike. It reads no records (the caller passes the facts), so the caseload's
first page can work them out before the ORM is loaded."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol


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
