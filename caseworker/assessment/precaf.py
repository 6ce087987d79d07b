"""Recording a pre-CAF: begun, rated child by child, then decided once and signed.

The ratings are saved as they are made (a rating is one keystroke, its evidence a few
lines), so an assessment can be left and picked up again; the suggestion is worked out
from them each time (rules.py), never stored until the decision records what it was.

The decision is the worker's, and it is final: once decided, the pre-CAF, its ratings and
its action plan are sealed (refused here with a clear message, and by the database's
triggers for anything else). A later pre-CAF supersedes it; nothing edits it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from caseworker.assessment.dues import CAF, CSC, NO_ADDITIONAL_NEEDS, decided
from caseworker.assessment.ratings import Rating
from caseworker.assessment.rules import Suggestion, suggest
from caseworker.content import load_protocol
from caseworker.content.checklist import DECISIONS, SOURCES, Checklist, load_checklist
from caseworker.core import vocab
from caseworker.core.errors import FieldError, NotAllowed, NotFound, ValidationFailed
from caseworker.core.validation import NAME, NOTES, PARAGRAPH, FormReader
from caseworker.diary import due_after
from caseworker.meetings import parse_actions
from caseworker.people import children_of, get_client
from caseworker.store.models import ChildRecord, PlanAction, PreCaf, PreCafRating, Worker

# The family's consent to a CAF / Early Help assessment (it is voluntary: a refusal is
# recorded, and the worker then weighs a referral).
CAF_CONSENT: vocab.Choices = (("given", "Given"), ("refused", "Refused"))
# Why a referral to children's social care [004 ¶25, TS-4].
CSC_GROUNDS: vocab.Choices = (
    ("significant_harm", "Suspected significant harm"),
    ("parenting_capacity", "Parenting capacity seriously impaired"),
    ("undue_caring", "Undue caring falling on a child"),
)
DECISION_FIELDS = (
    "decision", "reason", "against_suggestion", "rescreen_on", "caf_lead", "caf_consent",
    "agencies", "actions", "csc_grounds",
)  # fmt: skip


def assessed_children(children: Sequence[ChildRecord]) -> list[ChildRecord]:
    """The children a pre-CAF rates: those in the client's care and the unborn; the
    others are listed on the record but their day-to-day care is someone else's."""
    return [c for c in children if c.unborn or c.lives_with == "client"]


# ---- beginning and rating ---------------------------------------------------------------


def open_precaf(session: Session, client_id: uuid.UUID) -> PreCaf | None:
    """The client's pre-CAF being rated (not decided yet), if there is one."""
    stmt = select(PreCaf).where(col(PreCaf.client_id) == client_id, col(PreCaf.decision).is_(None))
    return session.scalars(stmt.order_by(col(PreCaf.created_at).desc())).first()


def precafs_of(session: Session, client_id: uuid.UUID) -> list[PreCaf]:
    """Every pre-CAF of the client, the one being rated first, then latest decided first."""
    rows = list(session.scalars(select(PreCaf).where(col(PreCaf.client_id) == client_id)))
    open_ = [p for p in rows if p.decision is None]
    return open_ + list(reversed(decided(rows)))


def start_precaf(session: Session, client_id: uuid.UUID, today: date, occasion: str = "") -> PreCaf:
    """The pre-CAF being rated, or a new one (superseding the latest decided one)."""
    client = get_client(session, client_id)
    current = open_precaf(session, client_id)
    if current is not None:
        return current
    if not assessed_children(children_of(session, client_id)):
        raise NotAllowed(
            "No child is recorded in the client's care (or expected): add the children to "
            "the register first, or record where they live."
        )
    history = decided(
        list(session.scalars(select(PreCaf).where(col(PreCaf.client_id) == client.id)))
    )
    precaf = PreCaf(
        client_id=client.id,
        started_on=today,
        occasion=occasion.strip()[:PARAGRAPH],
        supersedes_id=history[-1].id if history else None,
    )
    session.add(precaf)
    session.flush()
    return precaf


def _get(session: Session, precaf_id: uuid.UUID) -> PreCaf:
    precaf = session.get(PreCaf, precaf_id)
    if precaf is None:
        raise NotFound("That pre-CAF is no longer on the record.")
    return precaf


def _unsealed(precaf: PreCaf) -> None:
    if precaf.decision is not None:
        raise NotAllowed(
            f"This pre-CAF was decided on {precaf.decided_on:%d/%m/%Y} and is sealed: begin "
            "a new pre-CAF to assess again (it supersedes this one)."
        )


def ratings_of(session: Session, precaf_id: uuid.UUID) -> dict[uuid.UUID, dict[str, Rating]]:
    """child id -> element id -> Rating."""
    out: dict[uuid.UUID, dict[str, Rating]] = {}
    stmt = select(PreCafRating).where(col(PreCafRating.precaf_id) == precaf_id)
    for row in session.scalars(stmt):
        out.setdefault(row.child_id, {})[row.element] = Rating(row.rating, row.evidence, row.source)
    return out


def rate(
    session: Session,
    precaf_id: uuid.UUID,
    child_ids: Sequence[uuid.UUID],
    element: str,
    rating: str | None = None,
    *,
    evidence: str | None = None,
    source: str | None = None,
    checklist: Checklist | None = None,
) -> None:
    """Rate one element for these children (one child, or the whole family at once).
    Left as None, the rating, evidence or source keeps what it was (evidence alone may
    be written before the rating: the rating is then "not known" until given)."""
    checklist = checklist or load_checklist()
    precaf = _get(session, precaf_id)
    _unsealed(precaf)
    checklist.element(element)  # NotFound for an id the checklist does not have
    if evidence is not None:
        reader = FormReader({"evidence": evidence})
        evidence = reader.text("evidence", "Evidence", max_len=NOTES)
        reader.result()
    if source is not None and source not in SOURCES:
        raise ValidationFailed([FieldError("source", "Source", "choose one of the options")])
    mine = {c.id for c in children_of(session, precaf.client_id)}
    for child_id in child_ids:
        if child_id not in mine:
            raise NotFound("That child is no longer on the client's register.")
        stmt = select(PreCafRating).where(
            col(PreCafRating.precaf_id) == precaf_id,
            col(PreCafRating.child_id) == child_id,
            col(PreCafRating.element) == element,
        )
        row = session.scalars(stmt).first()
        if row is None:
            row = PreCafRating(
                precaf_id=precaf_id,
                client_id=precaf.client_id,
                child_id=child_id,
                element=element,
                rating=rating or "not_known",
            )
            session.add(row)
        Rating(rating or row.rating, evidence or "", source)  # ValidationFailed if not a rating
        if rating is not None and row.rating != rating:
            row.rating = rating
        if evidence is not None and row.evidence != evidence:
            row.evidence = evidence
        if source is not None and row.source != source:
            row.source = source
    session.flush()


# ---- the suggestion and the decision ----------------------------------------------------


@dataclass(frozen=True)
class FamilySuggestion:
    """The suggestion for each child, and for the family: the highest of theirs."""

    by_child: Mapping[uuid.UUID, Suggestion]
    decision: str
    label: str


def family_suggestion(
    children: Sequence[uuid.UUID],
    ratings: Mapping[uuid.UUID, Mapping[str, Rating]],
    checklist: Checklist | None = None,
) -> FamilySuggestion:
    checklist = checklist or load_checklist()
    by_child = {c: suggest(ratings.get(c, {}), checklist) for c in children}
    top = max((s.decision for s in by_child.values()), key=DECISIONS.index, default=CAF)
    return FamilySuggestion(by_child, top, checklist.decision_label(top))


def validate_decision(
    raw: dict[str, Any], suggested: str, today: date, checklist: Checklist | None = None
) -> dict[str, Any]:
    checklist = checklist or load_checklist()
    r = FormReader(raw)
    choices = tuple((d, checklist.decision_label(d)) for d in DECISIONS)
    decision = r.choice("decision", "Decision", choices, None)
    r.text("reason", "Reason", max_len=NOTES)
    r.text("against_suggestion", "Why not the suggestion", max_len=NOTES)
    r.clean.update(
        rescreen_on=None, caf_lead="", caf_consent="", agencies="", actions=[], csc_grounds=""
    )
    if decision is not None and decision != suggested and not r.clean["against_suggestion"]:
        r.fail(
            "against_suggestion",
            "Why not the suggestion",
            f"the ratings suggest {checklist.decision_label(suggested)}: say why you "
            "decided otherwise",
        )
    if decision == NO_ADDITIONAL_NEEDS:
        if not r.clean["reason"]:
            r.fail(
                "reason",
                "Reason",
                "say why there are no additional needs (it is shown beside the ratings)",
            )
        rescreen = r.date("rescreen_on", "Re-screen on", kind="planned", today=today)
        if rescreen is None and not r.has_error("rescreen_on"):
            r.clean["rescreen_on"] = due_after(load_protocol().rule("rescreen"), today)
        elif rescreen is not None and rescreen <= today:
            r.fail("rescreen_on", "Re-screen on", "must be after today")
    elif decision == CAF:
        r.text("caf_lead", "Who leads", required=True, max_len=NAME)
        r.choice("caf_consent", "Consent to the assessment", CAF_CONSENT, None)
        r.text("agencies", "Agencies to involve", max_len=PARAGRAPH)
        try:
            actions = parse_actions(str(raw.get("actions") or ""))
        except ValueError as exc:
            r.fail("actions", "Action plan", str(exc))
        else:
            if not actions:
                r.fail(
                    "actions",
                    "Action plan",
                    "give at least one action: owner agency; what; dd/mm/yyyy",
                )
            late = [a for a in actions if a[2] < today]
            if late:
                r.fail("actions", "Action plan", f"{late[0][1]!r} is due before today")
            r.clean["actions"] = actions
    elif decision == CSC:
        grounds = raw.get("csc_grounds") or ()
        grounds = [grounds] if isinstance(grounds, str) else list(grounds)
        known = vocab.values(CSC_GROUNDS)
        if not grounds or any(g not in known for g in grounds):
            r.fail("csc_grounds", "Grounds for the referral", "choose at least one")
        r.clean["csc_grounds"] = ",".join(g for g in known if g in grounds)
    return r.result()


def decide(
    session: Session, precaf_id: uuid.UUID, raw: dict[str, Any], today: date, now: datetime
) -> PreCaf:
    """Record the worker's decision, signed by the worker at the keyboard, and seal it.
    `now` is the aware moment of the signature."""
    precaf = _get(session, precaf_id)
    _unsealed(precaf)
    worker_id = session.info.get("worker_id")
    worker = session.get(Worker, worker_id) if worker_id else None
    if worker is None:
        raise NotAllowed("Only a named worker can sign a decision: unlock as yourself.")
    children = [c.id for c in assessed_children(children_of(session, precaf.client_id))]
    ratings = ratings_of(session, precaf_id)
    rated = [c for c in ratings if ratings[c]]
    if not rated:
        raise ValidationFailed(
            [FieldError("decision", "Decision", "rate at least one element for a child first")]
        )
    checklist = load_checklist()
    suggestion = family_suggestion(sorted({*children, *rated}, key=str), ratings, checklist)
    clean = validate_decision(raw, suggestion.decision, today, checklist)
    # The plan's actions first, while the pre-CAF is open: the database refuses to add to
    # a sealed one's dependants only through the domain, but it refuses changing them.
    for owner, what, due in clean["actions"]:
        session.add(
            PlanAction(
                precaf_id=precaf.id, client_id=precaf.client_id, owner=owner, what=what, due_on=due
            )
        )
    session.flush()
    for field in (
        "reason",
        "against_suggestion",
        "rescreen_on",
        "caf_lead",
        "caf_consent",
        "agencies",
        "csc_grounds",
    ):
        setattr(precaf, field, clean[field])
    precaf.suggested = suggestion.decision
    precaf.decided_on = today
    precaf.decided_at = now
    precaf.decided_by = worker.id
    precaf.signed_as = worker.name
    precaf.decision = clean["decision"]
    session.flush()
    return precaf


def plan_of(session: Session, precaf_id: uuid.UUID) -> list[PlanAction]:
    stmt = select(PlanAction).where(col(PlanAction.precaf_id) == precaf_id)
    return sorted(session.scalars(stmt), key=lambda a: (a.due_on, a.owner))
