"""The child register and the rest of the household."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from sqlmodel import col, select

from caseworker.core.dates import format_uk
from caseworker.core.errors import NotAllowed
from caseworker.core.validation import FormReader
from caseworker.people import triggers
from caseworker.people.clients import get_client
from caseworker.people.validation import validate_child, validate_household_member
from caseworker.people.versions import refuse_if_changed, saving_over
from caseworker.store.models import ChildRecord, HouseholdMember
from caseworker.store.records import get_record

CHILD_FIELDS = (
    "given_name", "family_name", "unborn", "date_of_birth", "due_date", "client_role",
    "lives_with", "lives_with_detail", "contact_arrangement", "contact_supervised_by",
    "school", "gp", "health_visitor", "current_help", "lead_social_worker", "young_carer",
    "source", "notes",
)  # fmt: skip
HOUSEHOLD_FIELDS = (
    "name", "relationship", "date_of_birth", "under_18", "known_to_services",
    "substance_use", "domestic_abuse", "notes",
)  # fmt: skip


def get_child(session: Session, child_id: uuid.UUID) -> ChildRecord:
    return get_record(session, ChildRecord, child_id, "child record")


def child_names(
    session: Session, child_ids: list[uuid.UUID] | set[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, uuid.UUID]]:
    """Each child's name ("Sam Lee", "unborn baby" for an unborn child not yet named) and
    the client whose register holds it, for lists of many children at once."""
    ids = sorted(set(child_ids), key=str)
    out: dict[uuid.UUID, tuple[str, uuid.UUID]] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
                col(ChildRecord.id), col(ChildRecord.given_name), col(ChildRecord.family_name),
                col(ChildRecord.unborn), col(ChildRecord.client_id),
            ).where(col(ChildRecord.id).in_(ids[start : start + 500]))
        )  # fmt: skip
        for cid, given, family, unborn, client_id in rows:
            name = f"{given} {family}".strip() or ("unborn baby" if unborn else "a child")
            out[cid] = (name, client_id)
    return out


def children_of(session: Session, client_id: uuid.UUID) -> list[ChildRecord]:
    stmt = (
        select(ChildRecord)
        .where(ChildRecord.client_id == client_id)
        .order_by(col(ChildRecord.unborn).desc(), col(ChildRecord.date_of_birth).desc())
    )
    return list(session.scalars(stmt))


def add_child(
    session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date
) -> ChildRecord:
    """Add a child to the register; a pregnancy or a child newly in the client's care
    makes a pre-CAF due again (caseworker.people.triggers)."""
    client = get_client(session, client_id)
    clean = validate_child(raw, today)
    if not clean["family_name"]:
        clean["family_name"] = client.family_name
    was_responsible = triggers.responsible_for_children(client, children_of(session, client_id))
    was_pregnant = client.pregnant
    child = ChildRecord(client_id=client_id, **{k: clean[k] for k in CHILD_FIELDS})
    session.add(child)
    if child.unborn and child.client_role == "mother":
        client.pregnant = True  # the register and the profile must not disagree
    session.flush()  # the child first: the trigger refers to it (no ORM relationships)
    triggers.child_added(
        session, client, child, was_responsible=was_responsible, was_pregnant=was_pregnant,
        today=today,
    )  # fmt: skip
    return child


def update_child(
    session: Session,
    child_id: uuid.UUID,
    raw: dict[str, Any],
    today: date,
    *,
    version: int | None = None,
) -> ChildRecord:
    """As update_client: ``version`` is the one the form was opened with. A child coming
    back to live with the client (or born) makes a pre-CAF due again."""
    child = get_child(session, child_id)
    clean = validate_child(raw, today)
    refuse_if_changed(session, child, version, "child record", clean, CHILD_FIELDS)
    lived_with = child.lives_with
    with saving_over(session, child, "child record", clean, CHILD_FIELDS):
        for k in CHILD_FIELDS:
            setattr(child, k, clean[k])
    triggers.child_updated(session, child, lived_with=lived_with, today=today)
    return child


def child_form_values(child: ChildRecord) -> dict[str, Any]:
    values: dict[str, Any] = {k: getattr(child, k) for k in CHILD_FIELDS}
    values["date_of_birth"] = format_uk(child.date_of_birth)
    values["due_date"] = format_uk(child.due_date)
    values["version"] = child.version  # not a field: passed back to update_child
    return values


def household_of(session: Session, client_id: uuid.UUID) -> list[HouseholdMember]:
    # Who lives there now first, then who has left (most recently first).
    stmt = (
        select(HouseholdMember)
        .where(HouseholdMember.client_id == client_id)
        .order_by(
            col(HouseholdMember.left_on).is_not(None),
            col(HouseholdMember.left_on).desc(),
            col(HouseholdMember.name),
        )
    )
    return list(session.scalars(stmt))


def add_household_member(
    session: Session, client_id: uuid.UUID, raw: dict[str, Any], today: date
) -> HouseholdMember:
    """Add someone to the household; a new adult with substance use or domestic abuse in
    a household with children makes a pre-CAF due again."""
    get_client(session, client_id)
    clean = validate_household_member(raw, today)
    member = HouseholdMember(client_id=client_id, **{k: clean[k] for k in HOUSEHOLD_FIELDS})
    session.add(member)
    triggers.household_member_added(session, member, today=today)
    return member


def get_household_member(session: Session, member_id: uuid.UUID) -> HouseholdMember:
    return get_record(session, HouseholdMember, member_id, "household member")


def household_form_values(member: HouseholdMember) -> dict[str, Any]:
    values: dict[str, Any] = {k: getattr(member, k) for k in HOUSEHOLD_FIELDS}
    values["date_of_birth"] = format_uk(member.date_of_birth)
    return values


def update_household_member(
    session: Session, member_id: uuid.UUID, raw: dict[str, Any], today: date
) -> HouseholdMember:
    member = get_household_member(session, member_id)
    clean = validate_household_member(raw, today)
    for k in HOUSEHOLD_FIELDS:
        setattr(member, k, clean[k])
    return member


def end_household_member(
    session: Session, member_id: uuid.UUID, raw: dict[str, Any], today: date
) -> HouseholdMember:
    """The member moved out: kept, with the date, as who was in the home until when
    (raw: {"left_on": "dd/mm/yyyy"}; ValidationFailed names the field)."""
    member = get_household_member(session, member_id)
    if member.left_on is not None:
        raise NotAllowed(f"They already left the household on {format_uk(member.left_on)}.")
    f = FormReader(raw)
    left = f.date("left_on", "Left the household on", required=True)
    if left is not None and left > today:
        f.fail("left_on", "Left the household on", "cannot be in the future")
    f.result()
    member.left_on = left
    return member
