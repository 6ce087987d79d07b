"""A client's multi-agency assessments read back for showing: each with its home visits,
copies and family care plan, as frozen values the screens can hold after the session has
closed (no model reaches them)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.assessment.multi_agency import OUTCOMES, parse_roles
from caseworker.core.dates import aware_utc, format_uk
from caseworker.core.vocab import Choices
from caseworker.store.models import (
    AssessmentCopy,
    AssessmentHomeVisit,
    FamilyCarePlan,
    MultiAgencyAssessment,
    PreCaf,
)

OUTCOME_WORDS = dict(OUTCOMES)


@dataclass(frozen=True)
class HomeVisitView:
    id: uuid.UUID
    visited_on: date
    visited_by: str
    note: str


@dataclass(frozen=True)
class CopyView:
    id: uuid.UUID
    document: str  # "assessment" | "care_plan"
    recipient: str
    sent_on: date


@dataclass(frozen=True)
class CarePlanView:
    id: uuid.UUID
    lead_professional: str
    roles: tuple[tuple[str, str], ...]  # (who, what they do)
    review_on: date


@dataclass(frozen=True)
class AssessmentView:
    id: uuid.UUID
    client_id: uuid.UUID
    precaf_id: uuid.UUID | None
    started_on: date
    concern: str
    lead_professional: str
    lead_agency: str
    outcome: str | None
    summary: str
    completed_on: date | None
    completed_at: datetime | None  # aware, UTC
    signed_as: str
    visits: tuple[HomeVisitView, ...] = ()
    copies: tuple[CopyView, ...] = ()
    plan: CarePlanView | None = None
    decided_on: date | None = None  # the CAF decision it was started from, if one

    @property
    def is_open(self) -> bool:
        return self.outcome is None

    @property
    def outcome_words(self) -> str:
        return OUTCOME_WORDS.get(self.outcome or "", "open")

    @property
    def started_from(self) -> str:
        """Why it was started, in words: the pre-CAF decision or the concern."""
        if self.precaf_id is not None:
            on = f" of {self.decided_on:%d/%m/%Y}" if self.decided_on else ""
            return f"the pre-CAF's CAF / Early Help decision{on}"
        return self.concern


def caf_decisions(session: Session, client_id: uuid.UUID) -> Choices:
    """The client's pre-CAFs decided as CAF / Early Help, latest first, as choices (id,
    words) for starting an assessment from one."""
    stmt = select(PreCaf).where(col(PreCaf.client_id) == client_id, col(PreCaf.decision) == "caf")
    found = sorted(session.scalars(stmt), key=lambda p: p.decided_on or date.min, reverse=True)
    return tuple(
        # The date first: a select at 80 columns shows some 30 characters of it.
        (str(p.id), f"CAF decided {format_uk(p.decided_on)}"
                    + (f" (lead {p.caf_lead})" if p.caf_lead else ""))
        for p in found
    )  # fmt: skip


def _roles(text: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(parse_roles(text))
    except ValueError:  # written before the rule, or imported: shown line by line as typed
        return tuple((line, "") for line in text.splitlines() if line.strip())


def assessments_of(session: Session, client_id: uuid.UUID) -> list[AssessmentView]:
    """The client's multi-agency assessments, latest first, each with its home visits
    (soonest first), copies (in the order sent) and family care plan."""
    stmt = (
        select(MultiAgencyAssessment)
        .where(col(MultiAgencyAssessment.client_id) == client_id)
        .order_by(
            col(MultiAgencyAssessment.started_on).desc(),
            col(MultiAgencyAssessment.created_at).desc(),
        )
    )
    found = list(session.scalars(stmt))
    ids = [a.id for a in found]

    def of(model):
        return list(session.scalars(select(model).where(col(model.assessment_id).in_(ids))))

    visits: dict[uuid.UUID, list[HomeVisitView]] = {i: [] for i in ids}
    for v in sorted(of(AssessmentHomeVisit), key=lambda v: (v.visited_on, v.created_at)):
        visits[v.assessment_id].append(HomeVisitView(v.id, v.visited_on, v.visited_by, v.note))
    copies: dict[uuid.UUID, list[CopyView]] = {i: [] for i in ids}
    for c in sorted(of(AssessmentCopy), key=lambda c: (c.sent_on, c.created_at)):
        copies[c.assessment_id].append(CopyView(c.id, c.document, c.recipient, c.sent_on))
    from_precafs = [a.precaf_id for a in found if a.precaf_id]
    decided = {
        p.id: p.decided_on
        for p in session.scalars(select(PreCaf).where(col(PreCaf.id).in_(from_precafs)))
    }
    plans = {
        p.assessment_id: CarePlanView(p.id, p.lead_professional, _roles(p.roles), p.review_on)
        for p in of(FamilyCarePlan)
    }
    return [
        AssessmentView(
            id=a.id,
            client_id=a.client_id,
            precaf_id=a.precaf_id,
            started_on=a.started_on,
            concern=a.concern,
            lead_professional=a.lead_professional,
            lead_agency=a.lead_agency,
            outcome=a.outcome,
            summary=a.summary,
            completed_on=a.completed_on,
            completed_at=aware_utc(a.completed_at),
            signed_as=a.signed_as,
            visits=tuple(visits[a.id]),
            copies=tuple(copies[a.id]),
            plan=plans.get(a.id),
            decided_on=decided.get(a.precaf_id) if a.precaf_id else None,
        )
        for a in found
    ]
