"""A client's assessment records, read together: what the rules (assessment.dues) and the
agenda's derived table read for each client."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.store.models import (
    AssessmentCopy,
    AssessmentHomeVisit,
    FamilyCarePlan,
    MultiAgencyAssessment,
    PlanAction,
    PreCaf,
    ReassessmentTrigger,
)

# The tables these records come from: a change to any recomputes the client's due items.
TABLES = frozenset(
    {
        "precaf", "precaf_rating", "plan_action", "multi_agency_assessment",
        "assessment_home_visit", "assessment_copy", "family_care_plan", "reassessment_trigger",
    }
)  # fmt: skip


@dataclass(frozen=True)
class AssessmentRecords:
    """One client's assessment records."""

    precafs: Sequence[PreCaf] = ()
    plan_actions: Sequence[PlanAction] = ()
    assessments: Sequence[MultiAgencyAssessment] = ()
    home_visits: Sequence[AssessmentHomeVisit] = ()
    copies: Sequence[AssessmentCopy] = ()
    care_plans: Sequence[FamilyCarePlan] = ()
    triggers: Sequence[ReassessmentTrigger] = ()


_MODELS = (
    PreCaf, PlanAction, MultiAgencyAssessment, AssessmentHomeVisit, AssessmentCopy,
    FamilyCarePlan, ReassessmentTrigger,
)  # fmt: skip
assert len(_MODELS) == len(fields(AssessmentRecords))


def assessment_records(
    session: Session, client_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, AssessmentRecords]:
    """Each of these clients' assessment records (a client with none: empty)."""
    ids = list(client_ids)
    rows: list[defaultdict[uuid.UUID, list]] = []
    for model in _MODELS:
        by_client: defaultdict[uuid.UUID, list] = defaultdict(list)
        column = getattr(model, "client_id")  # noqa: B009  every one of _MODELS has it
        for row in session.scalars(select(model).where(col(column).in_(ids))):
            by_client[getattr(row, "client_id")].append(row)  # noqa: B009
        rows.append(by_client)
    return {c: AssessmentRecords(*(tuple(r[c]) for r in rows)) for c in ids}
