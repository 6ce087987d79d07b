"""Changes in a family that make a pre-CAF due again [004 ¶34-35, CF-7; 002 "Engaging
and supporting the child": pregnancy and a newborn are high-risk periods].

When the child register, the household or the client's profile is saved, the change is
looked at here, in the same transaction, and a ReassessmentTrigger is written for each
that calls for a new assessment. The assessment capability turns a trigger made after
its latest decision into a pre-CAF due, with the trigger's reason in words
(caseworker.assessment.dues). The kinds and their words live here, below the assessment,
so that it can import them too.

What counts, and what does not:

- a child's "lives with" changing to the client from anywhere else (child_returned); a
  child moving away writes nothing;
- the birth recorded on an unborn child's record, the baby living with the client (birth);
- a new child living with the client, added for a client who had no child in their care
  (started_caring). "No child in their care" is what the whole record said before: no
  child at home or expected, not pregnant, and a parental status that rules children in
  their care out. So registering the children at intake, or after a parental screen that
  found them, is recording what was already so, not a change, and writes nothing;
- a pregnancy: the profile's "pregnant" turned on, or an unborn child added (one trigger
  when both happen in one save; none for an unborn child of a pregnancy already known);
- a new adult (18 or over) in the household, with substance use or domestic abuse
  recorded, where a child lives with the client (new_adult). Only once the family has
  been screened or assessed: before that, the household being typed in at intake is not
  news, and the first pre-CAF is screening's to make due.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session
from sqlmodel import select

from caseworker.core.dates import format_uk
from caseworker.store.models import (
    ChildRecord,
    Client,
    HouseholdMember,
    PreCaf,
    ReassessmentTrigger,
    Screening,
)

CHILD_RETURNED = "child_returned"
BIRTH = "birth"
STARTED_CARING = "started_caring"
PREGNANCY = "pregnancy"
NEW_ADULT = "new_adult"

# kind -> what it is, in words (for a screen or a list of what happened).
TRIGGERS: dict[str, str] = {
    CHILD_RETURNED: "A child came back to live with the client",
    BIRTH: "A baby was born",
    STARTED_CARING: "The client started caring for a child",
    PREGNANCY: "A pregnancy",
    NEW_ADULT: "A new adult with substance use or domestic abuse in a household with children",
}

# Parental statuses that say positively that no child is in the client's care (as
# screening reads them: declined or not asked is not a "no").
_NO_CHILD_IN_CARE = frozenset({"none_live_with", "not_a_parent"})


def child_named(child: ChildRecord) -> str:
    return child.given_name or ("the unborn child" if child.unborn else "a child")


def responsible_for_children(client: Client, children: Sequence[ChildRecord]) -> bool:
    """Whether the record says the client has a child in their care, or one expected."""
    if client.pregnant or any(c.unborn or c.lives_with == "client" for c in children):
        return True
    return client.parental_status not in _NO_CHILD_IN_CARE


def _write(
    session: Session, client_id, kind: str, reason: str, today: date, child_id=None
) -> ReassessmentTrigger:
    assert kind in TRIGGERS
    trigger = ReassessmentTrigger(
        client_id=client_id, child_id=child_id, kind=kind, on=today, reason=reason
    )
    session.add(trigger)
    return trigger


def _pregnancy_reason(child: ChildRecord | None) -> str:
    if child is None or child.due_date is None:
        return "the client is pregnant"
    who = "the client is pregnant" if child.client_role == "mother" else "a baby is expected"
    return f"{who} (due {format_uk(child.due_date)})"


def child_added(
    session: Session,
    client: Client,
    child: ChildRecord,
    *,
    was_responsible: bool,
    was_pregnant: bool,
    today: date,
) -> ReassessmentTrigger | None:
    """After add_child (the child flushed): a pregnancy or a child newly in the client's
    care. ``was_responsible``, ``was_pregnant``: what the record said before the add."""
    if child.unborn:
        if was_pregnant:
            return None  # the pregnancy already known, now in the register too
        return _write(session, client.id, PREGNANCY, _pregnancy_reason(child), today, child.id)
    if child.lives_with == "client" and not was_responsible:
        reason = f"the client started caring for {child_named(child)}"
        return _write(session, client.id, STARTED_CARING, reason, today, child.id)
    return None


def child_updated(
    session: Session, child: ChildRecord, *, lived_with: str, today: date
) -> ReassessmentTrigger | None:
    """After update_child: ``lived_with`` is where the child lived before the save."""
    if child.unborn or child.lives_with != "client" or lived_with == "client":
        return None
    name = child_named(child)
    if lived_with == "unborn":
        reason = f"{name} was born, and lives with the client"
        return _write(session, child.client_id, BIRTH, reason, today, child.id)
    reason = f"{name} came back to live with the client"
    return _write(session, child.client_id, CHILD_RETURNED, reason, today, child.id)


def client_updated(
    session: Session, client: Client, *, was_pregnant: bool, today: date
) -> ReassessmentTrigger | None:
    """After update_client: the profile's pregnancy turned on."""
    if client.pregnant and not was_pregnant:
        return _write(session, client.id, PREGNANCY, _pregnancy_reason(None), today)
    return None


def _screened_or_assessed(session: Session, client_id) -> bool:
    screened = select(Screening.id).where(
        Screening.client_id == client_id,
        Screening.instrument == "parental",
        Screening.status == "complete",
    )
    assessed = select(PreCaf.id).where(
        PreCaf.client_id == client_id,
        PreCaf.decision.is_not(None),  # type: ignore[union-attr]
    )
    return session.scalars(screened.limit(1)).first() is not None or (
        session.scalars(assessed.limit(1)).first() is not None
    )


def household_member_added(
    session: Session, member: HouseholdMember, *, today: date
) -> ReassessmentTrigger | None:
    """After add_household_member: a new adult with substance use or domestic abuse
    recorded, joining a household where a child lives with the client."""
    concerns = [
        words
        for words, recorded in (
            ("substance use", bool(member.substance_use.strip())),
            ("domestic abuse", member.domestic_abuse),
        )
        if recorded
    ]
    if member.under_18 or not concerns:
        return None
    at_home = select(ChildRecord.id).where(
        ChildRecord.client_id == member.client_id,
        ChildRecord.lives_with == "client",
        ChildRecord.unborn.is_(False),  # type: ignore[attr-defined]
    )
    if session.scalars(at_home.limit(1)).first() is None:
        return None
    if not _screened_or_assessed(session, member.client_id):
        return None
    reason = f"a new adult in the household ({member.name}): {' and '.join(concerns)}"
    return _write(session, member.client_id, NEW_ADULT, reason, today)
