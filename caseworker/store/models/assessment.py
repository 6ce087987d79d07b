"""The assessment's records: the pre-CAF (its ratings, the worker's signed decision and a
CAF's action plan), the multi-agency assessment that may follow (its home visits, copies
and family care plan), and the events that make a pre-CAF due again.

A decided pre-CAF and a completed multi-agency assessment are sealed: the database itself
refuses to change them (triggers, caseworker.store.sealed); a later assessment supersedes
one, it is never edited.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field

from caseworker.store.models.base import Record


class PreCaf(Record, table=True):
    """One pre-CAF assessment of a client's children: begun, rated child by child (the
    ratings are PreCafRating rows), then decided once, signed by the worker."""

    __tablename__ = "precaf"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    started_on: date
    # Why it was done now, in words: the due item it answers ("parental screen of
    # 02/11/2026 found children in the client's care", "a child came back to live ...").
    occasion: str = ""
    # The decision: None while it is being rated. Once set, the row and its ratings and
    # actions are sealed.
    decision: str | None = None  # caseworker.assessment DECISIONS
    suggested: str | None = None  # what the ratings suggested when it was decided
    reason: str = ""  # why this decision (required for no additional needs)
    against_suggestion: str = ""  # why, where the decision is not the suggestion
    decided_on: date | None = None
    decided_at: datetime | None = None  # the signature's moment (UTC)
    decided_by: uuid.UUID | None = Field(default=None, foreign_key="worker.id")
    signed_as: str = ""  # the worker's name as they signed, kept with the decision
    # No additional needs: the re-screen the decision sets.
    rescreen_on: date | None = None
    # CAF / Early Help: who leads, the family's consent to it, the agencies to involve.
    caf_lead: str = ""
    caf_consent: str = ""  # caseworker.assessment CAF_CONSENT ("" until decided as CAF)
    agencies: str = ""  # one per line
    # Referral to children's social care: the grounds, comma-separated ids.
    csc_grounds: str = ""
    supersedes_id: uuid.UUID | None = Field(default=None, foreign_key="precaf.id")


class PreCafRating(Record, table=True):
    """One element of the checklist, rated for one child (or the unborn child)."""

    __tablename__ = "precaf_rating"
    __table_args__ = (
        Index("ix_precaf_rating_one", "precaf_id", "child_id", "element", unique=True),
    )

    precaf_id: uuid.UUID = Field(foreign_key="precaf.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    child_id: uuid.UUID = Field(foreign_key="child.id")
    element: str  # the checklist's element id
    rating: str  # no_concern | some_concern | serious_concern | not_known
    evidence: str = ""
    source: str | None = None  # self_reported | observed | confirmed_by_agency


class PlanAction(Record, table=True):
    """An action of a CAF's action plan: which agency does what by when (enters the diary)."""

    __tablename__ = "plan_action"

    precaf_id: uuid.UUID = Field(foreign_key="precaf.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    owner: str  # the owner agency
    what: str
    due_on: date


class MultiAgencyAssessment(Record, table=True):
    """A multi-agency assessment: started from a CAF decision or a concern, led by a
    named professional, completed (within the protocol's 6 weeks, after at least one home
    visit) with an outcome. Sealed once completed."""

    __tablename__ = "multi_agency_assessment"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    precaf_id: uuid.UUID | None = Field(default=None, foreign_key="precaf.id")
    started_on: date
    concern: str = ""  # why it was started, when not from a pre-CAF
    lead_professional: str
    lead_agency: str = ""
    outcome: str | None = None  # needs_identified | risk_identified; None while open
    summary: str = ""  # what the assessment found, in words
    completed_on: date | None = None
    completed_at: datetime | None = None
    completed_by: uuid.UUID | None = Field(default=None, foreign_key="worker.id")
    signed_as: str = ""


class AssessmentHomeVisit(Record, table=True):
    """A home visit made during a multi-agency assessment (the visits capability's signed
    notes count too, once it supplies them): the date, who visited, what was seen."""

    __tablename__ = "assessment_home_visit"

    assessment_id: uuid.UUID = Field(foreign_key="multi_agency_assessment.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    visited_on: date
    visited_by: str
    note: str = ""


class AssessmentCopy(Record, table=True):
    """A copy sent, dated: of the assessment to a practitioner involved, or of the family
    care plan to a parent or an agency."""

    __tablename__ = "assessment_copy"

    assessment_id: uuid.UUID = Field(foreign_key="multi_agency_assessment.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    document: str  # "assessment" | "care_plan"
    recipient: str
    sent_on: date


class FamilyCarePlan(Record, table=True):
    """The plan a multi-agency assessment that identified needs leads to: roles, the lead
    professional and a set review date."""

    __tablename__ = "family_care_plan"

    assessment_id: uuid.UUID = Field(foreign_key="multi_agency_assessment.id", index=True)
    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    lead_professional: str
    roles: str = ""  # one per line: "who; what they do"
    review_on: date


class ReassessmentTrigger(Record, table=True):
    """Something that happened which makes a pre-CAF due again [004 ¶34-35, CF-7]: a child
    came back to live with the client, a new adult with substance use or domestic abuse
    joined a household with children, a pregnancy, the client started caring for a child.
    Written by the capability that saw the change, when it was saved."""

    __tablename__ = "reassessment_trigger"

    client_id: uuid.UUID = Field(foreign_key="client.id", index=True)
    child_id: uuid.UUID | None = Field(default=None, foreign_key="child.id")
    kind: str  # caseworker.assessment TRIGGERS
    on: date
    reason: str  # in words, for the due item
