"""A client's assessment records, read together: what the rules (assessment.dues) and the
agenda's derived table read for each client."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from datetime import date

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
    Visit,
    VisitNote,
)
from caseworker.visits import signed_visits

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
    # The days of the client's signed-off visit notes (caseworker.visits): home visits a
    # multi-agency assessment counts, with those it records itself.
    visit_days: Sequence[date] = ()


_MODELS = (
    PreCaf, PlanAction, MultiAgencyAssessment, AssessmentHomeVisit, AssessmentCopy,
    FamilyCarePlan, ReassessmentTrigger,
)  # fmt: skip
# The fields the models fill, in the same order (the last field is the visit days).
_NAMES = [f.name for f in fields(AssessmentRecords)][: len(_MODELS)]
assert len(_MODELS) == len(fields(AssessmentRecords)) - 1


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
    notes: defaultdict[uuid.UUID, list[VisitNote]] = defaultdict(list)
    counted = (
        select(VisitNote)
        .join(Visit, col(Visit.id) == col(VisitNote.visit_id))
        .where(col(VisitNote.client_id).in_(ids), col(Visit.status) != "cancelled")
    )
    for note in session.scalars(counted):
        notes[note.client_id].append(note)
    return {
        c: AssessmentRecords(
            **{name: tuple(r[c]) for name, r in zip(_NAMES, rows, strict=True)},
            visit_days=tuple(n.visited_on for n in signed_visits(notes[c])),
        )
        for c in ids
    }
