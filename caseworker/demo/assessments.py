"""The demo's pre-CAFs: some families assessed since their parental screen (decided as the
help their children have suggests: no additional needs, a CAF with its action plan, a
referral to children's social care), a few being rated, the rest still due - so the
caseload shows every state the assessment can be in.

Drawn from a generator of their own, seeded from the family as drawn: the families that
follow come out the same as before this file existed (the demo's tests pin them).
No due item is written here: the assessment's rules derive them.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from caseworker.assessment import assessed_children, elements, suggest
from caseworker.demo.family import FamilyBuilder
from caseworker.store.models import (
    ChildRecord,
    PlanAction,
    PreCaf,
    PreCafRating,
    Screening,
    utcnow,
)

_CONCERNS = {
    "caf": ("housing", "learning", "emotional_behavioural", "use_pattern"),
    "csc": ("basic_care_safety", "supervision", "storage"),
}
_EVIDENCE = {
    "housing": "Rent arrears; a notice from the landlord",
    "learning": "School reports lateness most weeks",
    "emotional_behavioural": "Withdrawn at school, says the class teacher",
    "use_pattern": "Drinks at home in the evenings; the children see it",
    "basic_care_safety": "Found alone at home at night on a visit",
    "supervision": "No other adult when the client is intoxicated",
    "storage": "Methadone kept in the kitchen, within reach",
}
_ACTIONS = (
    ("School", "weekly check-in with the child"),
    ("Key worker", "refer to the family support service"),
    ("Health visitor", "home visit to review the baby's routines"),
)


def add_assessment(b: FamilyBuilder, children: list[ChildRecord]) -> None:
    screens = [r for r in b.records if isinstance(r, Screening) and r.positive]
    at_home = assessed_children(children)
    if not screens or not at_home or b.client.status == "closed":
        return
    screened_on = max(s.completed_on for s in screens if s.completed_on)
    rng = random.Random(f"{b.client.given_name}/{b.client.family_name}/{screened_on}")
    roll = rng.random()
    if roll > 0.55 or (b.today - screened_on).days < 5:
        return  # still to do: the pre-CAF is due
    helps = {c.current_help for c in children}
    decision = (
        "csc" if helps & {"cp_plan", "child_in_need"} else "caf" if helps else "no_additional_needs"
    )
    started = screened_on + timedelta(days=rng.randint(1, (b.today - screened_on).days - 3))
    precaf = b._add(
        PreCaf,
        client_id=b.client.id,
        started_on=started,
        occasion="The parental screen found children in the client's care",
    )
    concerns = set(rng.sample(_CONCERNS[decision], 2)) if decision in _CONCERNS else set()
    being_rated = roll > 0.45
    level = "serious_concern" if decision == "csc" else "some_concern"
    for child in at_home:
        ratings = {}
        for element in elements():
            if being_rated and rng.random() < 0.6:
                continue  # not rated yet
            rating = level if element.id in concerns else "no_concern"
            ratings[element.id] = rating
            b._add(
                PreCafRating,
                precaf_id=precaf.id,
                client_id=b.client.id,
                child_id=child.id,
                element=element.id,
                rating=rating,
                evidence=_EVIDENCE.get(element.id, "") if element.id in concerns else "",
                source="observed" if rating != "no_concern" else "self_reported",
            )
        if not being_rated:
            assert suggest(ratings).decision == decision
    if being_rated:
        return
    # Two days ago at the latest: the re-screen it sets is within the demo's 90 days.
    decided_on = min(b.today - timedelta(days=2), started + timedelta(days=rng.randint(0, 7)))
    precaf.decision = precaf.suggested = decision
    precaf.decided_on = decided_on
    precaf.decided_at = datetime.combine(decided_on, time(11, 30), tzinfo=UTC)
    precaf.decided_by = b.worker_id
    precaf.signed_as = "Demo Worker"
    if decision == "no_additional_needs":
        precaf.reason = "Children well cared for; use does not affect their care"
        precaf.rescreen_on = decided_on + timedelta(days=91)
    elif decision == "caf":
        precaf.caf_lead, precaf.caf_consent = "Key worker", "given"
        precaf.agencies = "School\nHealth visiting"
        for owner, what in rng.sample(_ACTIONS, 2):
            b._add(
                PlanAction,
                precaf_id=precaf.id,
                client_id=b.client.id,
                owner=owner,
                what=what,
                due_on=decided_on + timedelta(days=rng.randint(7, 35)),
            )
    else:
        precaf.csc_grounds = "parenting_capacity"
        precaf.reason = "Parenting capacity seriously impaired"
    # Sealed after its ratings and plan, as the app seals it: the database takes a row
    # under a sealed pre-CAF only if it is older than the pre-CAF's last change.
    precaf.updated_at = utcnow()
