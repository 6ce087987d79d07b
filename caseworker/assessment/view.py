"""A client's pre-CAF as the assessment screen shows it: the children it rates, each
element's rating and the facts already on the record, the suggestion child by child and
for the family, and the decision once made. Read once, in a worker thread; the screen
only shows it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.assessment.precaf import (
    FamilySuggestion,
    assessed_children,
    family_suggestion,
    plan_of,
    precafs_of,
    ratings_of,
)
from caseworker.assessment.prefill import Fact, facts
from caseworker.assessment.ratings import Rating
from caseworker.content.checklist import Checklist, load_checklist
from caseworker.core.dates import age_on, format_uk
from caseworker.people import children_of, get_client, household_of
from caseworker.store.models import ChildRecord, PlanAction, PreCaf, Screening


@dataclass(frozen=True)
class AssessedChild:
    id: uuid.UUID
    name: str  # "Sam Lee", or "Unborn child" before a name is given
    about: str  # "age 7", "due 03/02/2027"


@dataclass(frozen=True)
class PreCafView:
    client_id: uuid.UUID
    client_name: str
    checklist: Checklist
    precaf: PreCaf | None  # the one being rated, else the latest decided; None: none yet
    children: tuple[AssessedChild, ...]
    ratings: dict[uuid.UUID, dict[str, Rating]]
    facts: tuple[Fact, ...]
    suggestion: FamilySuggestion
    plan: tuple[PlanAction, ...]
    earlier: tuple[PreCaf, ...]  # decided ones before it, latest first

    @property
    def decided(self) -> bool:
        return self.precaf is not None and self.precaf.decision is not None

    def rating(self, child_id: uuid.UUID, element: str) -> Rating | None:
        return self.ratings.get(child_id, {}).get(element)


def _child(child: ChildRecord, today: date) -> AssessedChild:
    name = f"{child.given_name} {child.family_name}".strip()
    if child.unborn:
        return AssessedChild(
            child.id,
            child.given_name or "Unborn child",
            f"due {format_uk(child.due_date)}" if child.due_date else "unborn",
        )
    about = f"age {age_on(child.date_of_birth, today)}" if child.date_of_birth else ""
    return AssessedChild(child.id, name or "(no name)", about)


def precaf_view(session: Session, client_id: uuid.UUID, today: date) -> PreCafView:
    client = get_client(session, client_id)
    checklist = load_checklist()
    all_children = children_of(session, client_id)
    precafs = precafs_of(session, client_id)
    current = precafs[0] if precafs else None
    ratings = ratings_of(session, current.id) if current else {}
    # The children in the client's care now, and any rated before (a child who has since
    # left stays on the pre-CAF that rated them).
    shown = [c for c in all_children if c in assessed_children(all_children) or c.id in ratings]
    screenings = list(
        session.scalars(select(Screening).where(col(Screening.client_id) == client_id))
    )
    found = facts(client, all_children, household_of(session, client_id), screenings, today)
    ids = [c.id for c in shown]
    return PreCafView(
        client_id=client_id,
        client_name=f"{client.given_name} {client.family_name}".strip(),
        checklist=checklist,
        precaf=current,
        children=tuple(_child(c, today) for c in shown),
        ratings=ratings,
        facts=tuple(found),
        suggestion=family_suggestion(ids, ratings, checklist),
        plan=tuple(plan_of(session, current.id)) if current else (),
        earlier=tuple(p for p in precafs[1:] if p.decision is not None),
    )
