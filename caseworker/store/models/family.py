from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Index, false
from sqlmodel import Field

from caseworker.store.models.base import Record


class ChildRecord(Record, table=True):
    """One row of the child register, including an unborn child."""

    __tablename__ = "child"
    # For the caseload's "children known to social care" filter and per-page summaries.
    # By client (a row's children, the EXISTS of a page's filter), and by help (the
    # "children known to social care" count: the at-risk children's client ids, read once).
    __table_args__ = (
        Index("ix_child_client_help", "client_id", "current_help"),
        Index("ix_child_help_client", "current_help", "client_id"),
    )

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    given_name: str = ""
    family_name: str = ""
    unborn: bool = False
    date_of_birth: date | None = None
    due_date: date | None = None  # expected delivery date, for an unborn child
    client_role: str = "mother"  # vocab.PARENTAL_ROLES: the client's role to this child
    lives_with: str = "client"  # vocab.LIVES_WITH
    lives_with_detail: str = ""  # with whom, by name
    contact_arrangement: str = "not_applicable"  # vocab.CONTACT_ARRANGEMENTS
    contact_supervised_by: str = ""
    school: str = ""
    gp: str = ""
    health_visitor: str = ""
    current_help: str = Field(default="none", index=True)  # vocab.CURRENT_HELP
    lead_social_worker: str = ""
    young_carer: bool = False  # caring role or role reversal
    source: str = "self_reported"  # vocab.SOURCES
    notes: str = ""


class HouseholdMember(Record, table=True):
    """Other people in the client's household (partners, lodgers, other children)."""

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    name: str
    relationship: str = ""
    date_of_birth: date | None = None
    under_18: bool = False
    known_to_services: bool = False
    substance_use: str = ""  # e.g. "drinks heavily, not in treatment"
    # Domestic abuse known about them (by or towards them): with substance use, a new adult
    # in a household with children makes a pre-CAF due again [004 CF-7].
    domestic_abuse: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    notes: str = ""
    # Moved out: the member is kept as history (who was in the home, until when), never
    # deleted. None while they live there.
    left_on: date | None = None
